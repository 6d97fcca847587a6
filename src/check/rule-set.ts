/**
 * Rules beyond the clock rules: a protocol's own promises (Chitty-Chat's broadcasts, causal
 * delivery) and the generic mutual exclusion of regions. A rule set is handed every event after the
 * clock rules have seen it, with the message's send record, and reports violations to the shared
 * log. docs/checker.md describes the interface for protocol authors.
 */
import type { EventKind, RegionMark } from '../sim/record.js';
import type { MessageRecord } from './messages.js';
import type { EventRef, TextView } from './types.js';
import type { ViolationLog } from './violations.js';

/** An event as a rule set sees it: node names as indices into {@link RuleContext.names}. */
export interface CheckedEvent {
  i: number;
  node: number;
  kind: EventKind;
  lamport: number;
  /** -1 for events without a message. */
  msg: number;
  /** -1 for events without a message. */
  peer: number;
  type: string | undefined;
  /** The logged text (asked about without decoding it where it can be). */
  text: TextView;
  /** What the node shows its user; undefined or empty when nothing. */
  shows: TextView | undefined;
  mark: RegionMark | undefined;
  /** The vector clock, dense by node index, or undefined when the trace has none. */
  vc: ArrayLike<number> | undefined;
  /**
   * The message's send record: for a send, the new one; for a receive or drop, the matching send
   * (undefined when it is unknown). Its `tag` is the rule set's to use.
   */
  message: MessageRecord<unknown> | undefined;
}

/** What a rule set may use while checking one trace. */
export interface RuleContext {
  /** Node names by index; grows as the trace names more nodes. */
  readonly names: readonly string[];
  /** The index of a node name (numbering it on first sight). */
  intern(name: string): number;
  /** Where violations go: `log.wants(rule)` then `log.add(...)`, or `log.report(...)`. */
  readonly log: ViolationLog;
}

/** One trace's check of a rule set. */
export interface RuleChecker {
  /** Every event, in trace order, after the clock rules. */
  event(event: CheckedEvent): void;
  /** After the last event; `interrupted`: the run was stopped early (work in progress is not judged). */
  finish(interrupted: boolean): void;
  /** Figures for the result's `stats` (e.g. how many broadcasts). */
  stats?(): Record<string, number | boolean>;
  /** Sentences for the report's closing note (what could not be judged, and why). */
  notes?(): string[];
  /** What it holds in memory, for tests of boundedness. */
  size?(): Record<string, number>;
}

export interface RuleSet {
  /** Rule id to one-line summary, in report order. */
  readonly rules: Readonly<Record<string, string>>;
  /** Whether its rules need vector clocks (computed from the trace when it has none). */
  readonly needsVectorClocks?: boolean;
  /** How violations name a node in this protocol (`The server`, `Participant 1111`). */
  nodeLabel?(name: string): string;
  create(context: RuleContext): RuleChecker;
}

/** An event reference as violations name it. */
export function eventRef(names: readonly string[], i: number, node: number, lamport: number): EventRef {
  return { i, node: names[node], lamport };
}
