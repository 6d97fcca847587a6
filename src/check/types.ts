/**
 * What the checker returns: data, not exceptions. The CLI prints it, `--json` emits it, and the
 * renderer draws the events it names in red.
 */

/**
 * A text as the checker reads it (what an event logs, what a participant shows): the String
 * methods it uses, which a string has, and which a reader's event answers from the line's bytes
 * without decoding them (`BytesText` in src/trace/text-bytes.ts).
 */
export interface TextView {
  readonly length: number;
  charCodeAt(index: number): number;
  startsWith(prefix: string, position?: number): boolean;
  includes(part: string): boolean;
  lastIndexOf(part: string): number;
  slice(start?: number, end?: number): string;
}

/** An event as a violation names it. */
export interface EventRef {
  i: number;
  node: string;
  lamport: number;
  /** The line of the event in the log it was read from (a ShiViz log), when known. */
  line?: number;
}

/** One broken rule. `rule` is a stable identifier (e.g. `process-order`, `receive-after-send`). */
export interface Violation {
  rule: string;
  events: EventRef[];
  /** One sentence a student can read. */
  message: string;
}

/** What the checker could not judge, or chose not to; none of it is a violation. */
export interface CheckStats {
  /** Messages sent but neither received nor dropped when the trace ended. */
  inFlightAtEnd: number;
  /**
   * Second (or later) deliveries of a message whose send had already left the checker's window
   * (see `duplicateWindowMessages`): the receive is not compared with its send.
   */
  lateCopiesUnchecked: number;
  /** Chitty-Chat: broadcast rounds the server started (publishes and its own announcements). */
  broadcasts?: number;
  /** Chitty-Chat: whether the server's broadcasts overlapped, so that the checker matched them to what members show. */
  overlappingBroadcasts?: boolean;
  /** Figures of other rule sets. */
  [figure: string]: number | boolean | undefined;
}

/** The result of checking a whole trace. */
export interface CheckResult {
  status: 'pass' | 'fail';
  events: number;
  violations: Violation[];
  /** Violations beyond the reporting cap are counted here, not listed. */
  omitted: number;
  /** Violations per rule, listed and omitted together. Absent in results made before it existed. */
  byRule?: Record<string, number>;
  /** What could not be judged. Absent in results made before it existed. */
  stats?: CheckStats;
  /** The ids of the rules checked, in report order. */
  rules?: string[];
  /** What the rule sets could not judge, or how they judged it, in sentences. */
  notes?: string[];
}
