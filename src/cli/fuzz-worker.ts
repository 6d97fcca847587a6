/**
 * A fuzz worker thread: loads the protocol (a module is loaded in each worker), then takes one
 * task at a time from the main thread (run a fuzz run, or shrink a failing one) and posts its
 * result. Only the main thread writes files and prints, and it hands out the tasks, so what a
 * campaign reports does not depend on how many workers ran it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProtocol } from './protocol-file.js';
import type { Scenario } from '../scenario/types.js';
import { fuzzRun, shrinkFuzzRun, type FuzzOutcome, type ShrunkFailure } from '../fuzz/campaign.js';
import type { FuzzTarget } from '../fuzz/target.js';

/** What every task of a campaign shares. */
export interface FuzzWorkerData {
  campaignSeed: number;
  /** A built-in's name or a module's absolute path. */
  protocol: string;
  variant: string;
  faults: boolean;
  /** The scenario whose steps every run varies (`--scenario`). */
  base?: Scenario;
}

/** A task from the main thread. */
export type FuzzTask = { kind: 'run'; runIndex: number } | { kind: 'shrink'; runIndex: number; rule: string };

/** A task's result. */
export type FuzzTaskResult = { kind: 'run'; outcome: FuzzOutcome } | { kind: 'shrink'; failure: ShrunkFailure };

const data = workerData as FuzzWorkerData;
const { protocol } = await loadProtocol(data.protocol, '/', 'fuzz');
const target: FuzzTarget = { protocol, protocolRef: data.protocol, variant: data.variant, faults: data.faults, base: data.base };
parentPort!.on('message', (task: FuzzTask) => {
  const result: FuzzTaskResult =
    task.kind === 'run'
      ? { kind: 'run', outcome: fuzzRun(target, data.campaignSeed, task.runIndex) }
      : { kind: 'shrink', failure: shrinkFuzzRun(target, data.campaignSeed, task.runIndex, task.rule) };
  parentPort!.postMessage(result);
});
