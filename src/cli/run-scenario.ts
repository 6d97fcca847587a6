/**
 * The work behind `chitty-sim run`, loaded only when a run starts: load the scenario and its
 * protocol, run it into its outputs (log, trace, check, diagram), pacing the run by the slowest
 * writer, and stop cleanly on Ctrl-C or on an error in the protocol's code.
 */
import path from 'node:path';
import { variantOf } from '../protocols/protocol.js';
import { Simulation } from '../scenario/simulate.js';
import { runHeader } from '../scenario/run-header.js';
import type { Scenario } from '../scenario/types.js';
import type { DelayModel } from '../sim/delay.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import { createStream } from '../sim/random.js';
import type { LogFormat } from '../trace/log.js';
import type { HeaderFields } from '../trace/write.js';
import { ScheduleError } from '../explore/schedule-error.js';
import { EXIT, InputError } from './errors.js';
import { checkVariant, loadProtocol, type LoadedProtocol } from './protocol-file.js';
import { RunOutputs } from './run-outputs.js';
import { loadScenario } from './scenario-file.js';
import { installVirtualGlobals } from './virtual-globals.js';

export interface RunRequest {
  scenarioFile: string;
  seed?: number;
  /** The variant (`--variant`, or `--clock`). */
  clock?: string;
  traceFile?: string;
  vectorClocks: boolean;
  logFormat: LogFormat;
  quiet: boolean;
  svgFile?: string;
  check: boolean;
  /** Stop at this virtual time, ms. */
  untilMs?: number;
  /** Overrides of the scenario's network defaults (`--loss`, `--duplicate`, `--delay`). */
  network?: { loss?: number; duplicate?: number; delay?: DelayModel };
}

/** The scenario with the command line's network overrides applied. */
function withNetworkOverrides(scenario: Scenario, overrides: RunRequest['network']): Scenario {
  if (!overrides) return scenario;
  const network = { ...scenario.network };
  if (overrides.loss !== undefined) network.loss = overrides.loss;
  if (overrides.duplicate !== undefined) network.duplicate = overrides.duplicate;
  if (overrides.delay !== undefined) network.delay = overrides.delay;
  return { ...scenario, network };
}

/** A scenario ready to run: with its protocol loaded and its trace header. */
export interface PreparedRun {
  scenario: Scenario;
  loaded: LoadedProtocol;
  variant: string;
  seed: number;
  header: HeaderFields;
}

/**
 * Loads a scenario file and its protocol, and works out the trace header.
 * @param traceFile - where the trace goes: a module protocol is named in the header relative to it.
 */
export async function prepareRun(request: Pick<RunRequest, 'scenarioFile' | 'seed' | 'clock' | 'network' | 'traceFile'>): Promise<PreparedRun> {
  const scenario = withNetworkOverrides(await loadScenario(request.scenarioFile), request.network);
  const loaded = await loadProtocol(scenario.protocol, path.dirname(request.scenarioFile), `protocol: in ${request.scenarioFile}`);
  const protocol = loaded.protocol;
  checkVariant(protocol, request.clock ?? scenario.variant, request.clock !== undefined ? '--variant' : request.scenarioFile);
  const variant = variantOf(protocol, request.clock ?? scenario.variant);
  const seed = request.seed ?? scenario.seed;
  let moduleName: string | undefined;
  if (loaded.file !== undefined) {
    const relative = path.relative(path.dirname(path.resolve(request.traceFile ?? '.')), loaded.file).split(path.sep).join('/');
    moduleName = relative.startsWith('.') ? relative : `./${relative}`;
  }
  const header = runHeader({ scenario, protocol, variant, seed, moduleName });
  return { scenario, loaded, variant, seed, header };
}

/**
 * Runs `simulation` to its end in slices, with the host's time and randomness made virtual while
 * it runs; `pause` says when to stop a slice, `between` is awaited between slices.
 * @returns false when `stopped()` ended it early.
 */
export async function runInSlices(simulation: Simulation, startEpochMs: number, pause: () => boolean, between: () => Promise<void>, stopped: () => boolean): Promise<boolean> {
  const random = createStream(simulation.seed, 'host-globals');
  for (;;) {
    const restore = installVirtualGlobals(simulation.seed, () => simulation.nowMs, startEpochMs, random);
    let done: boolean;
    try {
      done = simulation.run(pause);
    } finally {
      restore();
    }
    if (done) return true;
    if (stopped()) return false;
    await between();
  }
}

/** Bytes a writer may hold before the run pauses for it to drain. */
const BACKLOG_BYTES = 4 << 20;

/** Runs a scenario as the CLI does; returns the exit code. */
export async function runScenario(request: RunRequest): Promise<number> {
  const prepared = await prepareRun(request);
  const { scenario, loaded } = prepared;
  const outputs = await RunOutputs.open(prepared, request);
  // Vector clocks cost an entry per node per event: compute them only for an output that uses them.
  const vectorClocks = request.vectorClocks && (request.traceFile !== undefined || request.svgFile !== undefined || request.check);
  const simulation = new Simulation(scenario, { protocol: loaded.protocol, seed: prepared.seed, variant: prepared.variant, vectorClocks, sinks: outputs.sinks, untilMs: request.untilMs });
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    const stdoutFull = () => !outputs.stdoutClosed && process.stdout.writableLength > BACKLOG_BYTES;
    const complete = await runInSlices(
      simulation,
      scenario.startEpochMs,
      () => interrupted || outputs.traceBacklog || stdoutFull(),
      async () => {
        await outputs.drain();
        if (stdoutFull()) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
        // Let a pending SIGINT be delivered between slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      () => interrupted,
    );
    if (!complete) {
      await outputs.endInterrupted(simulation);
      process.stderr.write(
        `chitty-sim: interrupted at virtual time ${simulation.nowMs} ms after ${simulation.world.eventCount} events` +
          (request.traceFile ? `; the trace up to there is in ${request.traceFile}` : '') +
          '\n',
      );
      return EXIT.interrupted;
    }
    return await outputs.finish(simulation);
  } catch (error) {
    if (error instanceof NodeHandlerError) {
      // The protocol's code failed: the trace so far is valid, and says so on its last line.
      await outputs.endFailed(simulation, error.message);
    } else {
      await outputs.abort();
    }
    if (error instanceof ScheduleError) {
      const hint = request.clock !== undefined && request.clock !== scenario.variant ? ` (the schedule pins an order of the run with ${scenario.variant ? `variant ${scenario.variant}` : 'its default variant'}; --clock ${request.clock} runs other events)` : '';
      throw new InputError(error.located(request.scenarioFile) + hint);
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
