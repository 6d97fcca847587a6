/**
 * Ricart-Agrawala's variants: the correct algorithm, and bugs real implementations have. Each
 * field is one way of getting it right or wrong; the node reads them, never the variant's name.
 */
import { ignoreCarried, lamportReceive, type ReceiveRule } from '../lamport-clock.js';

export interface RicartAgrawalaVariant {
  name: string;
  /** One line: what it does, and what goes wrong. */
  summary: string;
  /** How a receive updates the Lamport clock. */
  receive: ReceiveRule;
  /** Equal timestamps are ordered by node name; without it, two requests with one timestamp both win. */
  tieBreak: boolean;
  /** A node in its critical section defers requests; without it, it replies at once. */
  defersWhileHeld: boolean;
}

const correct: RicartAgrawalaVariant = {
  name: 'correct',
  summary: 'Correct: requests ordered by (Lamport timestamp, node name); replies deferred while in the critical section or while asking with an earlier request.',
  receive: lamportReceive,
  tieBreak: true,
  defersWhileHeld: true,
};

/** Every variant, the correct one first. */
export const VARIANTS: readonly RicartAgrawalaVariant[] = [
  correct,
  {
    ...correct,
    name: 'no-tie-break',
    summary: 'Compares timestamps only: two requests with the same timestamp each see the other as later, both nodes reply, and both enter.',
    tieBreak: false,
  },
  {
    ...correct,
    name: 'no-merge',
    summary: "Never merges a received time (+1 only): a receive can be earlier than its send, and a node that heard a late request can ask with an earlier timestamp and win over it.",
    receive: ignoreCarried,
  },
  {
    ...correct,
    name: 'reply-in-cs',
    summary: 'Replies to every request while in the critical section instead of deferring it, so the requester enters while the holder is still inside.',
    defersWhileHeld: false,
  },
];

export function variantNamed(name: string): RicartAgrawalaVariant {
  return VARIANTS.find((variant) => variant.name === name) ?? VARIANTS[0];
}

/**
 * Whether request (`timestamp`, `node`) comes before request (`otherTimestamp`, `other`): the one
 * that comes first enters first. Ties are broken by node name (in code unit order).
 */
export function precedes(variant: RicartAgrawalaVariant, timestamp: number, node: string, otherTimestamp: number, other: string): boolean {
  if (timestamp !== otherTimestamp) return timestamp < otherTimestamp;
  return variant.tieBreak && node < other;
}
