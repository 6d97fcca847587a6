/**
 * The work behind `chitty-sim fuzz`: spreads runs over worker threads, shows progress, writes the
 * shrunk failures (atomically) and prints the command that replays each.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { shardRunIndex, type FuzzOutcome } from '../fuzz/campaign.js';
import type { FuzzWorkerData } from '../fuzz/worker.js';
import type { Scenario } from '../scenario/types.js';
import { scenarioToYaml } from '../scenario/write.js';
import { EXIT } from './errors.js';
import { scenarioInDir } from './fuzz-target.js';
import { writeFileAtomic } from './io.js';

export interface FuzzRequest {
  /** A built-in protocol's name or a module's absolute path. */
  protocol: string;
  /** The variant (clock mode). */
  clock: string;
  /** The scenario whose steps every run varies (`--scenario`). */
  base?: Scenario;
  /** The options that pick the protocol, scenario and variant again (`--clock no-merge`). */
  flags: string;
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

/** Runs a campaign; returns the exit code (1 when any run failed). */
export async function runFuzzCampaign(request: FuzzRequest): Promise<number> {
  const runIndices = Array.from({ length: request.runs }, (_, k) => shardRunIndex(request.shardIndex, request.shardCount, k));
  const workerCount = Math.max(1, Math.min(request.workers ?? os.availableParallelism(), runIndices.length));
  const startedMs = performance.now();
  const progress = new Progress(request.runs, startedMs);
  const failures: Extract<FuzzOutcome, { status: 'fail' }>[] = [];
  const seenRules = new Set<string>();
  const writes: Promise<void>[] = [];
  let written = 0;
  let interrupted = false;
  const workers: Worker[] = [];

  const onOutcome = (outcome: FuzzOutcome) => {
    progress.done++;
    if (outcome.status === 'fail') {
      failures.push(outcome);
    }
    if (outcome.status === 'fail' && outcome.shrunk !== undefined) {
      const file = path.join(request.outDir, `fuzz-${request.fileStem}-seed${request.campaignSeed}-run${outcome.runIndex}.yaml`);
      const replay = `chitty-sim run ${file} --check`;
      const shrunk = outcome.shrunk;
      const yaml = scenarioToYaml(scenarioInDir(shrunk, request.outDir), [
        `Found by: chitty-sim fuzz ${request.flags} --seed ${request.campaignSeed} (run ${outcome.runIndex}, run seed ${outcome.runSeed})`,
        `Breaks: ${outcome.rule}: ${outcome.message}`,
        `Shrunk from ${outcome.original.steps.length} steps to ${shrunk.steps.length}. Replay: ${replay}`,
      ]);
      writes.push(writeFileAtomic(file, yaml));
      written++;
      if (!seenRules.has(outcome.rule)) {
        seenRules.add(outcome.rule);
        progress.clear();
        process.stderr.write(`failure: ${outcome.rule}: ${outcome.message}\n  shrunk to ${shrunk.steps.length} steps; replay: ${replay}\n`);
      }
    }
    progress.failures = failures.length;
    progress.draw();
  };

  const onInterrupt = () => {
    interrupted = true;
    for (const worker of workers) void worker.terminate();
  };
  process.on('SIGINT', onInterrupt);
  try {
    await Promise.all(
      Array.from({ length: workerCount }, (_, w) => {
        const data: FuzzWorkerData = {
          campaignSeed: request.campaignSeed,
          protocol: request.protocol,
          variant: request.clock,
          faults: request.faults,
          base: request.base,
          runIndices: runIndices.filter((_, k) => k % workerCount === w),
        };
        const worker = new Worker(new URL('../fuzz/worker.js', import.meta.url), { workerData: data });
        workers.push(worker);
        worker.on('message', onOutcome);
        return new Promise<void>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('exit', () => resolve());
        });
      }),
    );
    await Promise.all(writes);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  progress.clear();
  const seconds = (performance.now() - startedMs) / 1000;
  const rules = [...new Set(failures.map((failure) => failure.rule))];
  process.stderr.write(
    `${interrupted ? 'interrupted after' : 'done:'} ${progress.done} runs of ${request.runs} (shard ${request.shardIndex}/${request.shardCount}, ${request.flags}) in ${seconds.toFixed(1)} s, ` +
      `${(progress.done / Math.max(seconds, 1e-9)).toFixed(0)} runs/s; ${failures.length} failed` +
      (failures.length > 0 ? ` (${rules.join(', ')}); ${written} shrunk scenarios (the first of each rule per worker) in ${request.outDir}/` : '') +
      '\n',
  );
  if (interrupted) return EXIT.interrupted;
  return failures.length > 0 ? EXIT.failed : EXIT.ok;
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
