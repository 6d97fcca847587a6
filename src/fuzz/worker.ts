/**
 * A fuzz worker thread: runs the fuzz runs it is given and posts each outcome to the main thread.
 * Only the main thread writes files and prints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzRun } from './campaign.js';

/** What the main thread sends a worker. */
export interface FuzzWorkerData {
  campaignSeed: number;
  clock: string;
  faults: boolean;
  runIndices: number[];
}

const data = workerData as FuzzWorkerData;
// Shrinking costs far more than a run: each worker shrinks the first failure of each rule only.
const shrunkRules = new Set<string>();
const shouldShrink = (rule: string) => !shrunkRules.has(rule) && (shrunkRules.add(rule), true);
for (const runIndex of data.runIndices) {
  parentPort!.postMessage(fuzzRun(data.campaignSeed, runIndex, data.clock, data.faults, shouldShrink));
}
