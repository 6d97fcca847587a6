/**
 * The work behind `chitty-sim explore`: loads the scenario and its protocol, runs the search in
 * slices (a progress bar between them on a terminal, Ctrl-C stops it with the report so far),
 * writes each broken rule's shortest counterexample (atomically) and prints the report.
 */
import path from 'node:path';
import { counterexample } from '../explore/counterexample.js';
import { ReplayError, type ControlledRun } from '../explore/controlled-run.js';
import { Explorer } from '../explore/explorer.js';
import type { TimerModel } from '../explore/choices.js';
import type { Strategy } from '../explore/frontier.js';
import { exploreReport, formatReport } from '../explore/report.js';
import { scenarioToYaml } from '../scenario/write.js';
import type { Scenario } from '../scenario/types.js';
import { EXIT, InputError } from './errors.js';
import { writeFileAtomic } from './io.js';
import { prepareRun } from './run-scenario.js';
import { installVirtualGlobals } from './virtual-globals.js';

export interface ExploreRequest {
  scenarioFile: string;
  clock?: string;
  maxExecutions: number;
  maxDepth: number;
  strategy: Strategy;
  reduction: boolean;
  faults: string[];
  maxFaults: number;
  timers: TimerModel;
  shardIndex: number;
  shardCount: number;
  outDir: string;
  json: boolean;
}

/** Executions per slice: between slices the bar is drawn and Ctrl-C is noticed. */
const SLICE = 64;
/** The timeouts explore gives Chitty-Chat's calls when it may lose messages and the scenario sets none. */
const EXPLORE_TIMEOUTS = { rpcMs: 1000, retries: 1 };

/** Runs the search; returns the exit code (1 when a rule is broken). */
export async function runExploreSearch(request: ExploreRequest): Promise<number> {
  const prepared = await prepareRun({ scenarioFile: request.scenarioFile, clock: request.clock });
  const { loaded, variant, seed } = prepared;
  let scenario: Scenario = { ...prepared.scenario, variant };
  const note = (text: string) => process.stderr.write(`explore: ${text}\n`);
  if (scenario.schedule !== undefined) {
    note('the scenario has a schedule:, which explore sets aside: it runs every order');
    scenario = { ...scenario, schedule: undefined };
  }
  if (request.faults.length > 0 && request.maxFaults > 0 && scenario.protocol === 'chitty-chat' && scenario.options.timeouts === undefined) {
    // Without timeouts a call whose request or reply is lost waits forever: arm them, and say so.
    scenario = { ...scenario, options: { ...scenario.options, timeouts: EXPLORE_TIMEOUTS } };
    note(`--faults: the scenario sets no timeouts:, so explore gives the calls timeouts: { rpcMs: ${EXPLORE_TIMEOUTS.rpcMs}, retries: ${EXPLORE_TIMEOUTS.retries} } (written into the counterexamples)`);
  }
  // A protocol module might read real time or randomness by mistake: make them the run's own.
  const around =
    loaded.file === undefined ? undefined : (run: ControlledRun) => installVirtualGlobals(seed, () => run.nowMs, scenario.startEpochMs);
  const explorer = new Explorer(scenario, {
    protocol: loaded.protocol,
    variant,
    seed,
    strategy: request.strategy,
    reduction: request.reduction,
    faults: { loss: request.faults.includes('loss'), duplicate: request.faults.includes('duplicate'), crash: request.faults.includes('crash') },
    maxFaults: request.maxFaults,
    timers: request.timers,
    maxExecutions: request.maxExecutions,
    maxDepth: request.maxDepth,
    shard: { index: request.shardIndex, count: request.shardCount },
    around,
  });

  const startedMs = performance.now();
  const progress = new Progress(request.maxExecutions, startedMs);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    while (!interrupted && !explorer.step(SLICE)) {
      progress.draw(explorer);
      // Let a pending SIGINT be delivered between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    if (error instanceof ReplayError) throw new InputError(`${request.scenarioFile}: ${error.message}`);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.clear();
  }
  const seconds = (performance.now() - startedMs) / 1000;

  const shardSuffix = request.shardCount === 1 ? '' : `-shard${request.shardIndex}of${request.shardCount}`;
  const base = path.basename(request.scenarioFile).replace(/\.ya?ml$/i, '');
  const replayOptions = { protocol: loaded.protocol, variant, seed, around };
  const written = [];
  for (const finding of explorer.findings.values()) {
    const found = counterexample(scenario, finding, replayOptions);
    const file = path.join(request.outDir, `${base}${variant ? `-${variant}` : ''}-${finding.rule}${shardSuffix}.yaml`);
    const how = `chitty-sim explore ${request.scenarioFile}${request.clock ? ` ${loaded.protocol.name === 'chitty-chat' ? '--clock' : '--variant'} ${request.clock}` : ''}${request.faults.length > 0 ? ` --faults ${request.faults.join(',')} --max-faults ${request.maxFaults}` : ''}${request.timers === 'any' ? '' : ` --timers ${request.timers}`}${shardSuffix ? ` --shard ${request.shardIndex}/${request.shardCount}` : ''}`;
    const yaml = scenarioToYaml(found.scenario, [
      `Found by: ${how}`,
      `Breaks: ${found.rule}: ${found.message}`,
      `In ${finding.executions} of the executions explored. The schedule below pins ${found.choices} choices${found.shortest ? ', the fewest that reach the violation' : ', the whole execution'};`,
      `after them the run goes on in the default order. Replay: chitty-sim run ${file} --check (and --svg FILE to draw it)`,
    ]);
    await writeFileAtomic(file, yaml);
    written.push({ counterexample: found, file });
  }
  const report = exploreReport(
    explorer,
    {
      scenarioFile: request.scenarioFile,
      protocol: loaded.protocol.name,
      variant,
      strategy: request.strategy,
      faults: request.faults,
      maxFaults: request.maxFaults,
      timers: request.timers,
      shard: { index: request.shardIndex, count: request.shardCount },
      interrupted,
      seconds,
    },
    written,
  );
  process.stdout.write(request.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  if (interrupted) return EXIT.interrupted;
  return report.violations.length > 0 ? EXIT.failed : EXIT.ok;
}

/** A one-line progress bar on stderr (only on a terminal): executions against the limit, and the rate. */
class Progress {
  private lastDrawMs = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly limit: number,
    private readonly startedMs: number,
  ) {}

  draw(explorer: Explorer): void {
    if (!this.tty) return;
    const nowMs = performance.now();
    if (nowMs - this.lastDrawMs < 100) return;
    this.lastDrawMs = nowMs;
    const width = 24;
    const filled = Math.min(width, Math.round((explorer.executions / this.limit) * width));
    const rate = explorer.runs / Math.max((nowMs - this.startedMs) / 1000, 1e-9);
    const broken = [...explorer.findings.values()].map((finding) => finding.rule);
    process.stderr.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${explorer.executions.toLocaleString('en-US')} executions, ${Math.round(rate).toLocaleString('en-US')}/s, ` +
        `${explorer.frontier.size.toLocaleString('en-US')} waiting, ${broken.length === 0 ? 'no violation' : `broken: ${broken.join(', ')}`} `,
    );
  }

  clear(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}
