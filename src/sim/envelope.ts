/**
 * A message in flight. It is its own scheduler entry, so a send allocates one object and nothing else.
 */
import type { MessageType } from '../trace/format.js';
import type { ScheduledEntry } from './scheduler.js';

/** Delivers envelopes when their time comes (the world). */
export interface EnvelopeSink {
  deliver(envelope: Envelope): void;
}

/** A message between two nodes, addressed by node index. */
export class Envelope<Payload = unknown> implements ScheduledEntry {
  atUs = 0;
  seq = 0;
  /** Set when the network loses the message; it is then recorded as a drop at its arrival time. */
  dropped: 'loss' | 'partition' | undefined = undefined;
  constructor(
    /** The message id shared by the send and its receive in the trace. */
    readonly id: number,
    readonly from: number,
    readonly to: number,
    readonly type: MessageType,
    /** The Lamport time the message carries (what the sender's code put in it). */
    readonly clock: number,
    /** Matches a reply to its request; retries of one request share it. */
    readonly requestId: number,
    readonly payload: Payload,
    /** Block of the sender's vector clock in the world's pool; -1 when vector clocks are off. */
    readonly vectorBlock: number,
    private readonly sink: EnvelopeSink,
  ) {}

  fire(): void {
    this.sink.deliver(this);
  }
}
