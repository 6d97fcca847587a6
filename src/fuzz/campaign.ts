/**
 * One fuzz run, as data: generate the run's scenario, run it, check it, and on a failure shrink it
 * to a small scenario that fails the same rule. Used by the fuzz workers and the property tests.
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

/** The outcome of one fuzz run. */
export type FuzzOutcome =
  | { status: 'pass'; runIndex: number; runSeed: number; events: number }
  | { status: 'fail'; runIndex: number; runSeed: number; events: number; rule: string; message: string; original: Scenario; shrunk: Scenario | undefined };

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

/**
 * Generates, runs and checks fuzz run `runIndex`; shrinks a failure when `shouldShrink(rule)` says so.
 * @param faults - whether scenarios may draw faults; default true.
 * @param shouldShrink - default: always.
 */
export function fuzzRun(campaignSeed: number, runIndex: number, clock: string, faults = true, shouldShrink: (rule: string) => boolean = () => true): FuzzOutcome {
  const runSeed = runSeedOf(campaignSeed, runIndex);
  const scenario = randomScenario(runSeed, clock, faults);
  const { result, events } = runAndCheck(scenario);
  if (result.status === 'pass') return { status: 'pass', runIndex, runSeed, events };
  const first = result.violations[0];
  if (!shouldShrink(first.rule)) return { status: 'fail', runIndex, runSeed, events, rule: first.rule, message: first.message, original: scenario, shrunk: undefined };
  const shrunk = shrinkScenario(scenario, (candidate) => failsRule(candidate, first.rule));
  const replay = runAndCheck(shrunk).result.violations.find((violation) => violation.rule === first.rule) ?? first;
  return { status: 'fail', runIndex, runSeed, events, rule: first.rule, message: replay.message, original: scenario, shrunk };
}
