/**
 * What a causal-broadcast node keeps in stable storage (`ctx.durable`), so that a crash loses only
 * its timers and what was in flight: its Lamport clock, its own messages, what it knows of, has
 * delivered and holds back, and which peers have yet to acknowledge its messages.
 */
import type { ClockHolder } from '../lamport-clock.js';
import { messageId } from './delivery-texts.js';
import type { ChatMessage, Counts } from './messages.js';

/** One of the node's own messages that some peers have not acknowledged. */
export interface Outgoing {
  seq: number;
  /** Peers it is still sent to. */
  waiting: string[];
  attempt: number;
}

export interface CausalStore extends ClockHolder {
  /** Its own messages, by seq - 1. */
  published: ChatMessage[];
  /** Per node, how many of its messages lie in this node's causal past. */
  knows: Counts;
  /** Per origin, how many of its messages were delivered, in order. */
  delivered: Counts;
  /** Ids delivered ahead of an earlier message of their origin (only a buggy variant does that). */
  deliveredAhead: string[];
  /** Messages received (or published) but not delivered yet, in arrival order. */
  held: ChatMessage[];
  outbox: Outgoing[];
}

/** The store in `durable`, made on first use. */
export function openStore(durable: Record<string, any>): CausalStore {
  const store = durable as Partial<CausalStore>;
  store.published ??= [];
  store.knows ??= {};
  store.delivered ??= {};
  store.deliveredAhead ??= [];
  store.held ??= [];
  store.outbox ??= [];
  return store as CausalStore;
}

/** Raises every count of `into` to the one in `from`. */
export function mergeCounts(into: Counts, from: Counts): void {
  for (const name in from) if (from[name] > (into[name] ?? 0)) into[name] = from[name];
}

export function isDelivered(store: CausalStore, origin: string, seq: number): boolean {
  return seq <= (store.delivered[origin] ?? 0) || store.deliveredAhead.includes(messageId(origin, seq));
}

export function isHeld(store: CausalStore, origin: string, seq: number): boolean {
  return store.held.some((message) => message.origin === origin && message.seq === seq);
}

/** Records a delivery: the origin's count moves on over any messages delivered ahead of it. */
export function markDelivered(store: CausalStore, origin: string, seq: number): void {
  let next = (store.delivered[origin] ?? 0) + 1;
  if (seq !== next) {
    store.deliveredAhead.push(messageId(origin, seq));
    return;
  }
  for (;;) {
    store.delivered[origin] = next;
    const ahead = store.deliveredAhead.indexOf(messageId(origin, next + 1));
    if (ahead < 0) return;
    store.deliveredAhead.splice(ahead, 1);
    next++;
  }
}
