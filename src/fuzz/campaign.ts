/**
 * Fuzz runs, as data: generate a run's scenario, run it and check it; and shrink a failing run to
 * a small scenario that breaks the same rule. Used by the fuzz workers and the property tests.
 */
import { Simulation } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/types.js';
import { MemoryTrace } from '../trace/memory-trace.js';
import { createStream } from '../sim/random.js';
import type { CheckResult } from '../check/types.js';
import { checkEvents } from '../check/index.js';
import { checkOptionsFor } from '../protocols/checking.js';
import { randomScenario } from './generate.js';
import { shrinkScenario } from './shrink.js';

/** The outcome of one fuzz run. A failure names the first rule it breaks; `steps` is the size of its scenario. */
export type FuzzOutcome =
  | { status: 'pass'; runIndex: number; runSeed: number; events: number }
  | { status: 'fail'; runIndex: number; runSeed: number; events: number; rule: string; message: string; steps: number };

/** A failing run shrunk: the smallest scenario found that still breaks the rule, and how it breaks it. */
export interface ShrunkFailure {
  runIndex: number;
  rule: string;
  message: string;
  original: Scenario;
  shrunk: Scenario;
}

/** The seed of run `runIndex` of a campaign seeded `campaignSeed`: runs are independent of each other. */
export function runSeedOf(campaignSeed: number, runIndex: number): number {
  return Math.floor(createStream(campaignSeed, `fuzz-run-${runIndex}`)() * 2 ** 31);
}

/** The run indices of shard `index` (from 1) of `count`: every count-th, so shards are disjoint. */
export function shardRunIndex(shardIndex: number, shardCount: number, k: number): number {
  return shardIndex - 1 + k * shardCount;
}

/** Runs a scenario and checks its trace. */
export function runAndCheck(scenario: Scenario): { result: CheckResult; events: number } {
  const trace = new MemoryTrace(scenario.nodes);
  const checked = new Simulation(scenario, { sinks: [trace] });
  checked.run();
  const events = trace.events();
  const header = { format: 'chitty-sim-trace' as const, version: 1 as const, scenario: scenario.name, seed: scenario.seed, clock: checked.variant };
  return { result: checkEvents(header, events, checkOptionsFor(checked.protocol)), events: events.length };
}

/** Whether a scenario fails rule `rule`. */
export function failsRule(scenario: Scenario, rule: string): boolean {
  return runAndCheck(scenario).result.violations.some((violation) => violation.rule === rule);
}

/** The scenario of fuzz run `runIndex`: the same for the same campaign seed, clock and faults, on any machine. */
export function fuzzScenario(campaignSeed: number, runIndex: number, clock: string, faults = true): Scenario {
  return randomScenario(runSeedOf(campaignSeed, runIndex), clock, faults);
}

/**
 * Generates, runs and checks fuzz run `runIndex`.
 * @param faults - whether scenarios may draw faults; default true.
 */
export function fuzzRun(campaignSeed: number, runIndex: number, clock: string, faults = true): FuzzOutcome {
  const runSeed = runSeedOf(campaignSeed, runIndex);
  const scenario = randomScenario(runSeed, clock, faults);
  const { result, events } = runAndCheck(scenario);
  if (result.status === 'pass') return { status: 'pass', runIndex, runSeed, events };
  const first = result.violations[0];
  return { status: 'fail', runIndex, runSeed, events, rule: first.rule, message: first.message, steps: scenario.steps.length };
}

/**
 * Shrinks fuzz run `runIndex`, which breaks `rule`, to a small scenario that still breaks it.
 * Deterministic: the same run and rule give the same scenario.
 */
export function shrinkFuzzRun(campaignSeed: number, runIndex: number, clock: string, faults: boolean, rule: string): ShrunkFailure {
  const original = fuzzScenario(campaignSeed, runIndex, clock, faults);
  const shrunk = shrinkScenario(original, (candidate) => failsRule(candidate, rule));
  const violation = runAndCheck(shrunk).result.violations.find((found) => found.rule === rule);
  return { runIndex, rule, message: violation?.message ?? '', original, shrunk };
}
