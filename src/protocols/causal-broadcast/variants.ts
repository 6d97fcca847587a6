/**
 * Causal broadcast's variants: the correct hold-back rule, and bugs real implementations have.
 * A variant is the test that says whether a received (or own) message may be delivered now.
 */
import { messageId } from './delivery-texts.js';
import type { ChatMessage, Counts } from './messages.js';

/** Whether `message` may be delivered, given what has been delivered (per origin, in order). */
export type Deliverable = (message: ChatMessage, delivered: Counts) => boolean;

export interface CausalBroadcastVariant {
  name: string;
  /** One line: what it does, and what goes wrong. */
  summary: string;
  deliverable: Deliverable;
}

const count = (counts: Counts, name: string) => counts[name] ?? 0;

/** Next from its origin, and everything in its causal past delivered. */
const causal: Deliverable = (message, delivered) => {
  if (count(delivered, message.origin) !== message.seq - 1) return false;
  for (const name in message.deps) if (name !== message.origin && count(delivered, name) < message.deps[name]) return false;
  return true;
};

/** Next from its origin; other nodes' messages are not waited for. */
const fifo: Deliverable = (message, delivered) => count(delivered, message.origin) === message.seq - 1;

/** Every variant, the correct one first. */
export const VARIANTS: readonly CausalBroadcastVariant[] = [
  {
    name: 'causal',
    summary: 'Correct: a message is held back until everything in its causal past (counted with vector clocks) has been delivered.',
    deliverable: causal,
  },
  {
    name: 'fifo',
    summary: "FIFO only: each sender's messages in order, but a reply can be delivered before the message it answers when that came from a third node.",
    deliverable: fifo,
  },
  {
    name: 'no-holdback',
    summary: 'Delivers every message on receipt: a message overtaken on the network is shown after the ones that depend on it.',
    deliverable: () => true,
  },
];

export function variantNamed(name: string): CausalBroadcastVariant {
  return VARIANTS.find((variant) => variant.name === name) ?? VARIANTS[0];
}

/** The first message `message` still waits for (`b#2`), for the log; '' when it waits for none. */
export function firstMissing(message: ChatMessage, delivered: Counts): string {
  if (count(delivered, message.origin) < message.seq - 1) return messageId(message.origin, count(delivered, message.origin) + 1);
  for (const name in message.deps) {
    if (name !== message.origin && count(delivered, name) < message.deps[name]) return messageId(name, count(delivered, name) + 1);
  }
  return '';
}
