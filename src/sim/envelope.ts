/**
 * A message in flight. It is its own scheduler entry and the object the receiving node gets, so a
 * send allocates one object and nothing else.
 */
import type { Message } from './node-api.js';
import type { ScheduledEntry } from './scheduler.js';

/** Delivers envelopes when their time comes (the world). */
export interface EnvelopeSink {
  deliver(envelope: Envelope): void;
}

/** A message between two nodes, with the engine's bookkeeping beside what the node sees. */
export class Envelope<Payload = unknown> implements ScheduledEntry, Message<Payload> {
  atUs = 0;
  seq = 0;
  /** Set when the network loses the message; it is then recorded as a drop at its arrival time. */
  dropped: 'loss' | 'partition' | undefined = undefined;
  constructor(
    readonly id: number,
    readonly from: string,
    readonly to: string,
    readonly type: string,
    readonly payload: Payload,
    /** The Lamport time the message carries (what the sender's code put in it). */
    readonly lamport: number,
    /** Sender and receiver as node indices. */
    readonly fromIndex: number,
    readonly toIndex: number,
    /** Block of the sender's vector clock in the world's pool; -1 when vector clocks are off. */
    readonly vectorBlock: number,
    private readonly sink: EnvelopeSink,
  ) {}

  fire(): void {
    this.sink.deliver(this);
  }
}
