/**
 * The rules the checker judges, by stable id. docs/checker.md explains each in full; `chitty-sim
 * check` prints these one-line summaries.
 */

/** Stable rule ids: scripts and the renderer may rely on them. */
export type RuleId =
  | 'process-order'
  | 'receive-after-send'
  | 'message-match'
  | 'vector-clock'
  | 'broadcast-once'
  | 'broadcast-order'
  | 'own-announcement'
  | 'announcement-time'
  | 'message-length';

/** One line per rule, in the order the checker reports them. */
export const RULES: Readonly<Record<RuleId, string>> = {
  'process-order': 'Along each process, Lamport times strictly increase (also across a crash and restart).',
  'receive-after-send': 'Every receive (each copy of a duplicated message) has a larger Lamport time than its send.',
  'message-match': 'Every receive or drop matches an earlier send of the same message id, at the right nodes; no id is sent twice.',
  'vector-clock': "Each event's vector clock is its predecessor's on the same process, merged with the send's for a receive, plus one on its own entry.",
  'broadcast-once': 'Every member at the start of a broadcast shows it exactly once; nobody shows a broadcast twice.',
  'broadcast-order': 'Members show the broadcasts in one order: no two members show two broadcasts in opposite orders.',
  'own-announcement': 'A joiner shows its own join announcement; a leaver does not show its own leave announcement.',
  'announcement-time': "The L of `Participant X joined/left Chitty-Chat at Lamport time L` is X's time at its join response / its Leave Request sent.",
  'message-length': 'No chat message longer than 128 Unicode code points is broadcast.',
};

/** Every rule id, in report order. */
export const RULE_IDS: readonly RuleId[] = Object.keys(RULES) as RuleId[];

/** The longest chat message Chitty-Chat may broadcast, in Unicode code points (R1). */
export const MAX_CHAT_CODE_POINTS = 128;
