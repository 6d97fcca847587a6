/**
 * Fuzz runs, as data: draw a run's scenario, run it and check it; and shrink a failing run to a
 * small scenario that breaks the same rule. Used by the fuzz workers and the property tests.
 */
import { Simulation, scenarioProtocol } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/types.js';
import { MemoryTrace } from '../trace/memory-trace.js';
import { createStream } from '../sim/random.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import type { CheckResult } from '../check/types.js';
import { checkEvents } from '../check/index.js';
import { checkOptionsFor } from '../protocols/checking.js';
import type { Protocol } from '../protocols/protocol.js';
import { shrinkScenario } from './shrink.js';
import { scenarioForRun, type FuzzTarget } from './target.js';

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

/** The "rule" of a run in which the protocol's own code threw (or misused its context). */
export const PROTOCOL_ERROR = 'protocol-error';

/** The seed of run `runIndex` of a campaign seeded `campaignSeed`: runs are independent of each other. */
export function runSeedOf(campaignSeed: number, runIndex: number): number {
  return Math.floor(createStream(campaignSeed, `fuzz-run-${runIndex}`)() * 2 ** 31);
}

/** The run indices of shard `index` (from 1) of `count`: every count-th, so shards are disjoint. */
export function shardRunIndex(shardIndex: number, shardCount: number, k: number): number {
  return shardIndex - 1 + k * shardCount;
}

/**
 * Runs a scenario and checks its trace with the clock rules and the protocol's.
 * @param protocol - default: the built-in the scenario names.
 */
export function runAndCheck(scenario: Scenario, protocol: Protocol = scenarioProtocol(scenario)): { result: CheckResult; events: number } {
  const trace = new MemoryTrace(scenario.nodes);
  const checked = new Simulation(scenario, { protocol, sinks: [trace] });
  checked.run();
  const events = trace.events();
  return { result: checkEvents(events, checkOptionsFor(protocol)), events: events.length };
}

/** What a run found: its events, and its first broken rule with the sentence (none when it passed). */
function runOnce(scenario: Scenario, protocol: Protocol): { events: number; failure?: { rule: string; message: string } } {
  try {
    const { result, events } = runAndCheck(scenario, protocol);
    const first = result.violations[0];
    return first === undefined ? { events } : { events, failure: { rule: first.rule, message: first.message } };
  } catch (error) {
    if (error instanceof NodeHandlerError) return { events: 0, failure: { rule: PROTOCOL_ERROR, message: error.message } };
    throw error;
  }
}

/** Whether a scenario fails rule `rule` (or, for {@link PROTOCOL_ERROR}, makes the protocol throw). */
export function failsRule(scenario: Scenario, rule: string, protocol: Protocol = scenarioProtocol(scenario)): boolean {
  try {
    return runAndCheck(scenario, protocol).result.violations.some((violation) => violation.rule === rule);
  } catch (error) {
    if (error instanceof NodeHandlerError) return rule === PROTOCOL_ERROR;
    throw error;
  }
}

/** Draws, runs and checks fuzz run `runIndex` of `target`. */
export function fuzzRun(target: FuzzTarget, campaignSeed: number, runIndex: number): FuzzOutcome {
  const runSeed = runSeedOf(campaignSeed, runIndex);
  const scenario = scenarioForRun(target, runSeed);
  const { events, failure } = runOnce(scenario, target.protocol);
  if (failure === undefined) return { status: 'pass', runIndex, runSeed, events };
  return { status: 'fail', runIndex, runSeed, events, rule: failure.rule, message: failure.message, steps: scenario.steps.length };
}

/**
 * Shrinks fuzz run `runIndex` of `target`, which breaks `rule`, to a small scenario that still
 * breaks it. Deterministic: the same run and rule give the same scenario.
 */
export function shrinkFuzzRun(target: FuzzTarget, campaignSeed: number, runIndex: number, rule: string): ShrunkFailure {
  const original = scenarioForRun(target, runSeedOf(campaignSeed, runIndex));
  const shrunk = shrinkScenario(original, (candidate) => failsRule(candidate, rule, target.protocol));
  return { runIndex, rule, message: firstFailureOf(shrunk, rule, target.protocol) ?? '', original, shrunk };
}

/** The message of the first violation of `rule` in a scenario's run (or the protocol's error). */
function firstFailureOf(scenario: Scenario, rule: string, protocol: Protocol): string | undefined {
  try {
    return runAndCheck(scenario, protocol).result.violations.find((violation) => violation.rule === rule)?.message;
  } catch (error) {
    if (error instanceof NodeHandlerError) return error.message;
    throw error;
  }
}
