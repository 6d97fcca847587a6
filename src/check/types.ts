/**
 * What the checker returns: data, not exceptions. The CLI prints it, `--json` emits it, and the
 * renderer draws the events it names in red.
 */

/** An event as a violation names it. */
export interface EventRef {
  i: number;
  node: string;
  lamport: number;
}

/** One broken rule. `rule` is a stable identifier (e.g. `process-order`, `receive-after-send`). */
export interface Violation {
  rule: string;
  events: EventRef[];
  /** One sentence a student can read. */
  message: string;
}

/** The result of checking a whole trace. */
export interface CheckResult {
  status: 'pass' | 'fail';
  events: number;
  violations: Violation[];
  /** Violations beyond the reporting cap are counted here, not listed. */
  omitted: number;
}
