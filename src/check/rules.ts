/**
 * The clock rules every trace is held to, whatever its protocol, by stable id. docs/checker.md
 * explains each in full; a protocol's own rules and mutual exclusion come as rule sets.
 */

/** One line per rule, in the order the checker reports them. */
export const CLOCK_RULES = {
  'process-order': 'Along each process, Lamport times strictly increase (also across a crash and restart).',
  'receive-after-send': 'Every receive (each copy of a duplicated message) has a larger Lamport time than its send.',
  'message-match': 'Every receive or drop matches an earlier send of the same message id, at the right nodes; no id is sent twice.',
  'vector-clock': "Each event's vector clock is its predecessor's on the same process, merged with the send's of every message it receives, plus one on its own entry.",
} as const;

/** Stable rule ids of the clock rules. */
export type ClockRuleId = keyof typeof CLOCK_RULES;
