/**
 * What `chitty-sim fuzz` tests, from its options: the protocol (`--protocol NAME|FILE`, or the
 * one `--scenario FILE` names), the variant, and the scenario whose steps the runs vary; checked
 * here so that a wrong name fails before any worker starts. Also how the written failures name a
 * protocol module: relative to the file, as any scenario does.
 */
import path from 'node:path';
import { fuzzTargetProblem, scenarioForRun, type FuzzTarget } from '../fuzz/target.js';
import { variantOf } from '../protocols/protocol.js';
import type { Scenario } from '../scenario/types.js';
import { InputError } from './errors.js';
import { checkVariant, loadProtocol } from './protocol-file.js';
import { loadScenario } from './scenario-file.js';

export interface FuzzTargetOptions {
  protocol?: string;
  scenario?: string;
  variant?: string;
  faults: boolean;
}

export interface ResolvedFuzzTarget {
  /** A built-in's name or the module's absolute path: what each worker loads. */
  protocol: string;
  variant: string;
  base?: Scenario;
  /** The options that pick this target again, for the written failures (`--clock`, `no-merge`). */
  flags: string[];
  /** How the written failures' names start. */
  fileStem: string;
}

/** Loads and checks what the options name; throws InputError (exit 2) with what is wrong. */
export async function resolveFuzzTarget(options: FuzzTargetOptions): Promise<ResolvedFuzzTarget> {
  const base = options.scenario === undefined ? undefined : await loadScenario(options.scenario);
  const ref = options.protocol ?? base?.protocol ?? 'chitty-chat';
  const fromScenario = options.protocol === undefined && options.scenario !== undefined;
  const loaded = await loadProtocol(ref, fromScenario ? path.dirname(options.scenario!) : process.cwd(), fromScenario ? `protocol: in ${options.scenario}` : '--protocol');
  const protocol = loaded.protocol;
  const asked = options.variant ?? base?.variant;
  checkVariant(protocol, asked, options.variant !== undefined ? '--variant' : options.scenario!);
  const variant = variantOf(protocol, asked);
  const workerRef = loaded.file ?? protocol.name;
  const target: FuzzTarget = { protocol, protocolRef: workerRef, variant, faults: options.faults, base };
  const problem = fuzzTargetProblem(target);
  if (problem !== undefined) throw new InputError(`fuzz: ${problem}`);
  try {
    // A protocol's generate() that returns something wrong is told here, not by every worker.
    scenarioForRun(target, 0);
  } catch (error) {
    throw new InputError(`fuzz: ${(error as Error).message}`);
  }
  const chittyChatOwn = loaded.file === undefined && protocol.name === 'chitty-chat' && base === undefined;
  const flags = [
    ...(options.protocol === undefined ? [] : ['--protocol', options.protocol]),
    ...(options.scenario === undefined ? [] : ['--scenario', options.scenario]),
    ...(variant === '' ? [] : [chittyChatOwn ? '--clock' : '--variant', variant]),
    ...(options.faults ? [] : ['--no-faults']),
  ];
  const subject = base !== undefined ? path.basename(options.scenario!).replace(/\.ya?ml$/i, '') : protocol.name;
  const fileStem = chittyChatOwn ? variant : [subject, variant].filter((part) => part !== '').join('-');
  return { protocol: workerRef, variant, base, flags, fileStem: fileStem.replace(/[^\w.-]+/g, '_') };
}

/** The scenario as a file in `dir` names it: a protocol module by its path relative to `dir`. */
export function scenarioInDir(scenario: Scenario, dir: string): Scenario {
  if (!path.isAbsolute(scenario.protocol)) return scenario;
  const relative = path.relative(path.resolve(dir), scenario.protocol).split(path.sep).join('/');
  return { ...scenario, protocol: relative.startsWith('.') ? relative : `./${relative}` };
}
