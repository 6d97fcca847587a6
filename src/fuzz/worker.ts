/**
 * A fuzz worker thread: takes one task at a time from the main thread (run a fuzz run, or shrink
 * a failing one) and posts its result. Only the main thread writes files and prints, and it hands
 * out the tasks, so what a campaign reports does not depend on how many workers ran it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzRun, shrinkFuzzRun, type FuzzOutcome, type ShrunkFailure } from './campaign.js';

/** What every task of a campaign shares. */
export interface FuzzWorkerData {
  campaignSeed: number;
  clock: string;
  faults: boolean;
}

/** A task from the main thread. */
export type FuzzTask = { kind: 'run'; runIndex: number } | { kind: 'shrink'; runIndex: number; rule: string };

/** A task's result. */
export type FuzzTaskResult = { kind: 'run'; outcome: FuzzOutcome } | { kind: 'shrink'; failure: ShrunkFailure };

const data = workerData as FuzzWorkerData;
parentPort!.on('message', (task: FuzzTask) => {
  const result: FuzzTaskResult =
    task.kind === 'run'
      ? { kind: 'run', outcome: fuzzRun(data.campaignSeed, task.runIndex, data.clock, data.faults) }
      : { kind: 'shrink', failure: shrinkFuzzRun(data.campaignSeed, task.runIndex, data.clock, data.faults, task.rule) };
  parentPort!.postMessage(result);
});
