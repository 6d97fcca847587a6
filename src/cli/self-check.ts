/**
 * `chitty-sim run --self-check`: runs the scenario twice in this process and compares the two
 * traces line by line. They are the same when the protocol takes time and randomness only from
 * its context; otherwise the first event that differs is named, with both lines.
 */
import { Simulation } from '../scenario/simulate.js';
import type { EventRecord } from '../sim/record.js';
import { NdjsonTraceSink } from '../trace/write.js';
import { ScheduleError } from '../explore/schedule-error.js';
import { EXIT, InputError } from './errors.js';
import { prepareRun, runInSlices, type RunRequest } from './run-scenario.js';

/** Lines kept in full for the report; beyond them only a hash of each line is kept. */
const LINES_KEPT = 200_000;

/** One run's trace lines: in full for the first ones, as hashes after. */
class LineRecorder {
  readonly lines: string[] = [];
  hashes = new Uint32Array(1024);
  count = 0;
  private readonly writer: NdjsonTraceSink;

  constructor(nodeNames: readonly string[]) {
    this.writer = new NdjsonTraceSink(nodeNames, () => undefined);
  }

  record(event: EventRecord): void {
    const line = this.writer.line(event);
    if (this.count < LINES_KEPT) this.lines.push(line);
    if (this.count === this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.count++] = fnv1a(line);
  }
}

/** FNV-1a over the UTF-16 units of a line: enough to tell two lines apart. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}

async function recordRun(request: Pick<RunRequest, 'scenarioFile' | 'seed' | 'clock' | 'network' | 'untilMs'>): Promise<LineRecorder> {
  const prepared = await prepareRun(request);
  const recorder = new LineRecorder(prepared.scenario.nodes);
  const simulation = new Simulation(prepared.scenario, {
    protocol: prepared.loaded.protocol,
    seed: prepared.seed,
    variant: prepared.variant,
    sinks: [recorder],
    untilMs: request.untilMs,
  });
  try {
    await runInSlices(simulation, prepared.scenario.startEpochMs, () => false, async () => undefined, () => false);
  } catch (error) {
    if (error instanceof ScheduleError) throw new InputError(error.located(request.scenarioFile));
    throw error;
  }
  return recorder;
}

/** Runs twice and compares; returns the exit code (1 when the runs differ). */
export async function selfCheck(request: Pick<RunRequest, 'scenarioFile' | 'seed' | 'clock' | 'network' | 'untilMs'>): Promise<number> {
  const first = await recordRun(request);
  // The module is loaded once: a protocol that keeps state between runs (a module-level counter) differs here too.
  const second = await recordRun(request);
  const shared = Math.min(first.count, second.count);
  let differs = -1;
  for (let k = 0; k < shared; k++) {
    if (first.hashes[k] !== second.hashes[k] || (k < LINES_KEPT && first.lines[k] !== second.lines[k])) {
      differs = k;
      break;
    }
  }
  if (differs < 0 && first.count === second.count) {
    process.stdout.write(`${request.scenarioFile}: the same trace twice (${first.count} events): the run replays exactly.\n`);
    return EXIT.ok;
  }
  const lines: string[] = [`${request.scenarioFile}: two runs of the same scenario and seed differ, so the protocol reads something other than its context (Math.random, Date.now, state kept in its module between runs...).`];
  if (differs < 0) {
    lines.push(`The traces agree for ${shared} events, then one run has ${Math.abs(first.count - second.count)} more.`);
  } else {
    lines.push(`First difference at event ${differs}:`);
    if (differs < LINES_KEPT) lines.push(`  run 1: ${first.lines[differs]}`, `  run 2: ${second.lines[differs]}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT.failed;
}
