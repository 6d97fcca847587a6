/**
 * What a fuzz campaign tests, and the scenario of each run: Chitty-Chat's own random scenarios; a
 * workload the protocol's `generate(random)` draws, with seeded faults over it; or a scenario
 * file's commands, with the seed, the network and the faults varied. Every draw comes from the
 * run's seed.
 */
import { builtinProtocol } from '../protocols/registry.js';
import type { GeneratedWorkload, Protocol } from '../protocols/protocol.js';
import { nodeNameProblem } from '../scenario/parse.js';
import { isCommandStep, type CommandStep, type Scenario } from '../scenario/types.js';
import { createStream } from '../sim/random.js';
import { drawFaults } from './faults.js';
import { randomScenario } from './generate.js';
import { isValidScenario } from './shrink.js';

export interface FuzzTarget {
  protocol: Protocol;
  /** How a run's scenario names the protocol (`protocol:`): a built-in's name, or the module's path. */
  protocolRef: string;
  /** The variant every run uses. */
  variant: string;
  /** Whether runs may draw faults (loss, duplication, partitions, crashes). */
  faults: boolean;
  /** A scenario whose commands every run keeps (`--scenario FILE`); otherwise workloads are drawn. */
  base?: Scenario;
}

/** Whether the target draws Chitty-Chat's own random scenarios (the richest generator). */
function usesChittyChatGenerator(target: FuzzTarget): boolean {
  return target.base === undefined && target.protocol === builtinProtocol('chitty-chat');
}

/** Why the target cannot be fuzzed, or undefined. */
export function fuzzTargetProblem(target: FuzzTarget): string | undefined {
  if (target.base !== undefined || usesChittyChatGenerator(target) || target.protocol.generate !== undefined) return undefined;
  return `the protocol ${target.protocol.name} has no generate(random), so fuzz cannot draw its workloads; give --scenario FILE to vary a scenario's steps instead`;
}

/** The scenario of run `runSeed`. */
export function scenarioForRun(target: FuzzTarget, runSeed: number): Scenario {
  if (usesChittyChatGenerator(target)) return randomScenario(runSeed, target.variant, target.faults);
  const random = createStream(runSeed, 'fuzz-scenario');
  const base = target.base ?? workloadScenario(target, random);
  const commands = base.steps.filter(isCommandStep);
  const { network, steps } = drawFaults(random, base.nodes, commands, target.faults);
  const scenario: Scenario = { ...base, name: `fuzz run ${runSeed}`, seed: runSeed, protocol: target.protocolRef, variant: target.variant, network, steps };
  // A built-in's own rules of the scenario format (Chitty-Chat's joins) may refuse a drawn crash:
  // then the run keeps the other faults, so that what it finds can be written and replayed.
  if (builtinProtocol(scenario.protocol)?.syntax !== undefined && !isValidScenario(scenario)) {
    return { ...scenario, steps: steps.filter((step) => step.kind !== 'crash' && step.kind !== 'restart') };
  }
  return scenario;
}

/** A scenario of the workload the protocol draws, without network or faults yet. */
function workloadScenario(target: FuzzTarget, random: () => number): Scenario {
  const workload = checkWorkload(target.protocol.generate!(random), target.protocol.name);
  const steps: CommandStep[] = workload.steps.map((step) => ({ atMs: step.at, kind: 'command', node: step.node, command: step.command, args: step.args ?? {} }));
  steps.sort((a, b) => a.atMs - b.atMs);
  return { name: '', seed: 0, protocol: target.protocolRef, variant: target.variant, startEpochMs: 0, network: { delay: { kind: 'fixed', ms: 1 }, loss: 0, duplicate: 0, links: [] }, nodes: [...workload.nodes], steps, clocks: {}, options: {} };
}

/** The workload, checked to be what `generate` promises; throws a sentence naming the protocol otherwise. */
function checkWorkload(workload: GeneratedWorkload, name: string): GeneratedWorkload {
  const problem = (what: string) => new Error(`${name}: generate(random) ${what}`);
  if (workload === null || typeof workload !== 'object' || !Array.isArray(workload.nodes) || !Array.isArray(workload.steps)) {
    throw problem('must return { nodes: [...], steps: [{ at, node, command, args }] }');
  }
  if (workload.nodes.length === 0 || !workload.nodes.every((node) => typeof node === 'string')) throw problem('must return at least one node name');
  for (const node of workload.nodes) {
    const wrong = nodeNameProblem(node);
    if (wrong !== undefined) throw problem(`returned the node name ${JSON.stringify(node)}: ${wrong}`);
  }
  const nodes = new Set(workload.nodes);
  for (const step of workload.steps) {
    if (step === null || typeof step !== 'object' || typeof step.at !== 'number' || !(step.at >= 0) || !Number.isFinite(step.at)) throw problem(`returned a step without a time from 0 (at): ${JSON.stringify(step)}`);
    if (!nodes.has(step.node)) throw problem(`returned a step for "${step.node}", which is none of its nodes (${workload.nodes.join(', ')})`);
    if (typeof step.command !== 'string' || step.command === '') throw problem(`returned a step without a command: ${JSON.stringify(step)}`);
  }
  return workload;
}
