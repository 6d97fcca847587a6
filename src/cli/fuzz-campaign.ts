/**
 * The work behind `chitty-sim fuzz`: hands the runs to worker threads, shows progress, shrinks the
 * first failure of each rule, writes it (atomically) and prints the command that replays it.
 * Outcomes are taken in run order whatever order the workers finish in, so the same campaign
 * prints and saves the same failures with any number of workers.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { shardRunIndex, type FuzzOutcome, type ShrunkFailure } from '../fuzz/campaign.js';
import type { FuzzTask, FuzzTaskResult, FuzzWorkerData } from './fuzz-worker.js';
import type { Scenario } from '../scenario/types.js';
import { scenarioToYaml } from '../scenario/write.js';
import { EXIT } from './errors.js';
import { scenarioInDir } from './fuzz-target.js';
import { currentInvocation, shellCommand } from './invocation.js';
import { writeFileAtomic } from './io.js';

export interface FuzzRequest {
  /** A built-in protocol's name or a module's absolute path. */
  protocol: string;
  /** The variant (clock mode). */
  clock: string;
  /** The scenario whose steps every run varies (`--scenario`). */
  base?: Scenario;
  /** The options that pick the protocol, scenario and variant again (`--clock no-merge`). */
  flags: string[];
  /** How the written failures' names start. */
  fileStem: string;
  runs: number;
  campaignSeed: number;
  workers?: number;
  shardIndex: number;
  shardCount: number;
  outDir: string;
  faults: boolean;
}

type Failure = Extract<FuzzOutcome, { status: 'fail' }>;

/** The first failure of a rule: shrunk, saved, then printed, in the order the failures were found. */
interface FirstFailure {
  outcome: Failure;
  file: string;
  shrunk?: ShrunkFailure;
  saved: boolean;
}

/** `1 step`, `2 steps`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Runs a campaign; returns the exit code (1 when any run failed). */
export async function runFuzzCampaign(request: FuzzRequest): Promise<number> {
  const runIndices = Array.from({ length: request.runs }, (_, k) => shardRunIndex(request.shardIndex, request.shardCount, k));
  const positionOf = new Map(runIndices.map((runIndex, k) => [runIndex, k]));
  const workerCount = Math.max(1, Math.min(request.workers ?? os.availableParallelism(), runIndices.length));
  const cli = currentInvocation();
  const campaign = shellCommand(cli, ['fuzz', ...request.flags, '--seed', String(request.campaignSeed)]);
  const startedMs = performance.now();
  const progress = new Progress(request.runs, startedMs);

  // Outcomes wait here until every earlier run's has come: they are taken in run order.
  const waiting: (FuzzOutcome | undefined)[] = new Array(runIndices.length);
  let taken = 0;
  const failuresByRule = new Map<string, number>();
  const firstFailures: FirstFailure[] = [];
  let printed = 0;
  const writes: Promise<void>[] = [];
  const shrinks: FuzzTask[] = [];
  let nextRun = 0;
  let interrupted = false;

  const print = (first: FirstFailure) => {
    const { outcome, shrunk, file } = first;
    progress.clear();
    process.stderr.write(
      `failure: ${outcome.rule} in run ${outcome.runIndex}: ${shrunk!.message || outcome.message}\n` +
        `  shrunk from ${count(outcome.steps, 'step')} to ${count(shrunk!.shrunk.steps.length, 'step')}, saved in ${file}\n` +
        `  replay: ${shellCommand(cli, ['run', file, '--check'])}\n`,
    );
    progress.draw();
  };
  const printSaved = () => {
    while (printed < firstFailures.length && firstFailures[printed].saved) print(firstFailures[printed++]);
  };
  const take = (outcome: FuzzOutcome) => {
    progress.done++;
    if (outcome.status === 'fail') {
      const seen = failuresByRule.get(outcome.rule) ?? 0;
      failuresByRule.set(outcome.rule, seen + 1);
      progress.failures++;
      if (seen === 0) {
        const file = path.join(request.outDir, `fuzz-${request.fileStem}-seed${request.campaignSeed}-run${outcome.runIndex}.yaml`);
        firstFailures.push({ outcome, file, saved: false });
        shrinks.push({ kind: 'shrink', runIndex: outcome.runIndex, rule: outcome.rule });
      }
    }
    progress.draw();
  };
  const onShrunk = (shrunk: ShrunkFailure) => {
    const first = firstFailures.find((candidate) => candidate.outcome.runIndex === shrunk.runIndex)!;
    first.shrunk = shrunk;
    const { outcome } = first;
    const yaml = scenarioToYaml(scenarioInDir(shrunk.shrunk, request.outDir), [
      `Found by: ${campaign} (run ${outcome.runIndex}, run seed ${outcome.runSeed})`,
      `Breaks: ${outcome.rule}: ${shrunk.message || outcome.message}`,
      `Shrunk from ${count(outcome.steps, 'step')} to ${count(shrunk.shrunk.steps.length, 'step')}. Replay: ${shellCommand(cli, ['run', first.file, '--check'])}`,
    ]);
    writes.push(
      writeFileAtomic(first.file, yaml).then(() => {
        first.saved = true;
        printSaved();
      }),
    );
  };

  const workers: Worker[] = [];
  const busy = new Set<Worker>();
  let stopping = false;
  let finish: () => void = () => undefined;
  /** Gives an idle worker the next task: shrinks first, so that failures show as soon as they can. */
  const dispatch = (worker: Worker) => {
    if (interrupted) return;
    const task: FuzzTask | undefined = shrinks.shift() ?? (nextRun < runIndices.length ? { kind: 'run', runIndex: runIndices[nextRun++] } : undefined);
    if (task === undefined) {
      if (busy.size === 0) finish();
      return;
    }
    busy.add(worker);
    worker.postMessage(task);
  };
  const onResult = (worker: Worker, result: FuzzTaskResult) => {
    busy.delete(worker);
    if (result.kind === 'run') {
      waiting[positionOf.get(result.outcome.runIndex)!] = result.outcome;
      while (taken < waiting.length && waiting[taken] !== undefined) {
        take(waiting[taken]!);
        waiting[taken++] = undefined;
      }
    } else {
      onShrunk(result.failure);
    }
    // A new shrink may wait for a worker that went idle.
    for (const idle of workers) if (!busy.has(idle)) dispatch(idle);
  };

  const onInterrupt = () => {
    interrupted = true;
    finish();
  };
  process.on('SIGINT', onInterrupt);
  try {
    await new Promise<void>((resolve, reject) => {
      finish = resolve;
      const data: FuzzWorkerData = { campaignSeed: request.campaignSeed, protocol: request.protocol, variant: request.clock, faults: request.faults, base: request.base };
      for (let w = 0; w < workerCount; w++) {
        const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), { workerData: data });
        workers.push(worker);
        worker.on('message', (result: FuzzTaskResult) => onResult(worker, result));
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (!stopping) reject(new Error(`a fuzz worker stopped early (exit code ${code})`));
        });
      }
      for (const worker of workers) dispatch(worker);
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    stopping = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  await Promise.all(writes);
  // After an interrupt, a failure whose shrink did not finish holds back the ones after it.
  for (const first of firstFailures.slice(printed)) if (first.saved) print(first);
  progress.clear();
  const seconds = (performance.now() - startedMs) / 1000;
  const failed = [...failuresByRule.values()].reduce((sum, n) => sum + n, 0);
  const saved = firstFailures.filter((first) => first.saved).length;
  const rules = [...failuresByRule].map(([rule, n]) => `${rule} ${n}`).join(', ');
  process.stderr.write(
    `${interrupted ? 'interrupted after' : 'done:'} ${taken} runs of ${request.runs} (shard ${request.shardIndex}/${request.shardCount}${request.flags.length > 0 ? `, ${request.flags.join(' ')}` : ''}) in ${seconds.toFixed(1)} s, ` +
      `${(taken / Math.max(seconds, 1e-9)).toFixed(0)} runs/s; ${failed} failed` +
      (failed > 0 ? ` (${rules}); ${count(saved, 'shrunk scenario')}, the first failure of each rule, saved in ${request.outDir}${path.sep}` : '') +
      (interrupted && saved < firstFailures.length ? `; ${firstFailures.length - saved} not shrunk before the interrupt` : '') +
      '\n',
  );
  if (interrupted) return EXIT.interrupted;
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/** A one-line progress bar on stderr (only on a terminal). */
class Progress {
  done = 0;
  failures = 0;
  private lastDrawMs = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly total: number,
    private readonly startedMs: number,
  ) {}

  draw(): void {
    if (!this.tty) return;
    const nowMs = performance.now();
    if (nowMs - this.lastDrawMs < 100 && this.done < this.total) return;
    this.lastDrawMs = nowMs;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const rate = this.done / Math.max((nowMs - this.startedMs) / 1000, 1e-9);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} runs, ${rate.toFixed(0)} runs/s, ${this.failures} failed `);
  }

  clear(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}
