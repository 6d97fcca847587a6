/**
 * The record the world hands to trace sinks for each event. It is valid during the call only (its
 * `vc` is the engine's live clock), so a sink that keeps events must copy what it needs. Sinks (trace writers, the checker, the log)
 * depend on these types; the engine depends on no sink.
 */

/** What happened at an event. `drop`, `crash` and `restart` are the engine's; the rest the nodes'. */
export type EventKind = 'send' | 'receive' | 'local' | 'drop' | 'crash' | 'restart';

export const EVENT_KINDS: readonly EventKind[] = ['send', 'receive', 'local', 'drop', 'crash', 'restart'];

/** Why a message was dropped (kind `drop`). */
export type DropReason = 'loss' | 'partition' | 'crashed';

export const DROP_REASONS: readonly DropReason[] = ['loss', 'partition', 'crashed'];

/** A local event that opens or closes a named region of its node's line (a critical section, say). */
export type RegionMark = { enter: string; exit?: undefined } | { exit: string; enter?: undefined };

export interface EventRecord {
  /** Index from 0. */
  i: number;
  /** Virtual time in µs. */
  tUs: number;
  /** Node index into the world's node names. */
  node: number;
  kind: EventKind;
  /** The Lamport time the node's code gave; for crash and restart, the node's last recorded one. */
  lamport: number;
  /** Message id, or -1 for events without a message. */
  msg: number;
  /** Node index of the other end, or -1. */
  peer: number;
  /** The message's type, for sends, receives and drops. */
  type: string | undefined;
  /** The logged line, as the node wrote it; '' when the event logs nothing. */
  text: string;
  /** What the node prints for its user; '' when nothing. */
  shows: string;
  reason: DropReason | undefined;
  /** The region a local event opens or closes. */
  mark: RegionMark | undefined;
  /** The engine's vector clock after this event (live array: copy to keep); undefined when off. */
  vc: Int32Array | undefined;
}

/** Receives every event of a run, in order. */
export interface TraceSink {
  record(event: EventRecord): void;
}

