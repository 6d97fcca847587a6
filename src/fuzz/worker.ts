/**
 * A fuzz worker thread: loads the protocol (a module is loaded in each worker), runs the fuzz runs
 * it is given and posts each outcome to the main thread. Only the main thread writes files and prints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProtocol } from '../cli/protocol-file.js';
import type { Scenario } from '../scenario/types.js';
import { fuzzRun } from './campaign.js';
import type { FuzzTarget } from './target.js';

/** What the main thread sends a worker. */
export interface FuzzWorkerData {
  campaignSeed: number;
  /** A built-in's name or a module's absolute path. */
  protocol: string;
  variant: string;
  faults: boolean;
  /** The scenario whose steps every run varies (`--scenario`). */
  base?: Scenario;
  runIndices: number[];
}

const data = workerData as FuzzWorkerData;
const { protocol } = await loadProtocol(data.protocol, '/', 'fuzz');
const target: FuzzTarget = { protocol, protocolRef: data.protocol, variant: data.variant, faults: data.faults, base: data.base };
// Shrinking costs far more than a run: each worker shrinks the first failure of each rule only.
const shrunkRules = new Set<string>();
const shouldShrink = (rule: string) => !shrunkRules.has(rule) && (shrunkRules.add(rule), true);
for (const runIndex of data.runIndices) {
  parentPort!.postMessage(fuzzRun(target, data.campaignSeed, runIndex, shouldShrink));
}
