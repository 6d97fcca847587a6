/**
 * A counterexample as a scenario a user can replay: the scenario with a `schedule:` that pins the
 * order up to the violation. The schedule is the violating choice's causal past, in order: the
 * fewest choices that reach it (after them the run goes on in the default order). It is checked
 * by replaying it; when the violation needs more than its causal past (a rule judged at the end of
 * the run), the whole execution is pinned instead.
 */
import type { CheckOptions } from '../check/checker.js';
import { CheckSink } from '../check/sink.js';
import { checkOptionsFor } from '../protocols/checking.js';
import type { Protocol } from '../protocols/protocol.js';
import type { Scenario, ScheduleEntry } from '../scenario/types.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import { ControlledRun } from './controlled-run.js';
import type { Finding } from './explorer.js';

export interface Counterexample {
  rule: string;
  /** The violation, in a sentence (from the replay). */
  message: string;
  /** Executions of the search that break the rule. */
  executions: number;
  /** The scenario with its schedule. */
  scenario: Scenario;
  /** Choices the schedule pins. */
  choices: number;
  /** Trace events of the replay up to and including the violation's last one. */
  events: number;
  /** Whether the schedule is the violation's causal past (false: the whole execution). */
  shortest: boolean;
}

export interface ReplayOptions {
  protocol: Protocol;
  variant: string;
  seed: number;
  /** Set up around the replay, undone by the function it returns (a protocol module's virtual globals). */
  around?: (run: ControlledRun) => () => void;
}

interface Replay {
  entries: ScheduleEntry[];
  /** The violation of the rule in the replay, if it shows. */
  violation: { message: string; events: number } | undefined;
}

/** Replays `keys`, then the default order; checks the run. */
function replay(scenario: Scenario, keys: readonly number[], rule: string, options: ReplayOptions): Replay {
  const checkOptions: CheckOptions = { ...checkOptionsFor(options.protocol), duplicateWindowMessages: 1024 };
  const check = new CheckSink(scenario.nodes, checkOptions);
  const run = new ControlledRun(scenario, { protocol: options.protocol, variant: options.variant, seed: options.seed, vectorClocks: false, sinks: [check] });
  const entries: ScheduleEntry[] = [];
  const restore = options.around?.(run);
  try {
    run.start();
    for (const key of keys) {
      entries.push(run.entry(key));
      run.take(key);
    }
    run.run([]);
  } catch (error) {
    if (!(error instanceof NodeHandlerError)) throw error;
    return { entries, violation: rule === 'handler-error' ? { message: error.message, events: run.world.eventCount } : undefined };
  } finally {
    restore?.();
  }
  const result = check.finish();
  const violation = result.violations.find((candidate) => candidate.rule === rule);
  if (violation === undefined) return { entries, violation: undefined };
  return { entries, violation: { message: violation.message, events: Math.max(...violation.events.map((event) => event.i)) + 1 } };
}

/** The counterexample of a finding: its shortest schedule that still breaks the rule. */
export function counterexample(scenario: Scenario, finding: Finding, options: ReplayOptions): Counterexample {
  const base: Scenario = { ...scenario, schedule: undefined };
  let shortest = true;
  let result = replay(base, finding.causal, finding.rule, options);
  if (result.violation === undefined) {
    shortest = false;
    result = replay(base, finding.keys, finding.rule, options);
  }
  return {
    rule: finding.rule,
    message: result.violation?.message ?? finding.message,
    executions: finding.executions,
    scenario: { ...base, schedule: result.entries },
    choices: result.entries.length,
    events: result.violation?.events ?? 0,
    shortest,
  };
}
