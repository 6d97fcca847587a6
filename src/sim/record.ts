/**
 * The record the world hands to trace sinks for each event. One object is reused for every event,
 * so a sink that keeps events must copy what it needs.
 */
import type { EventKind, MessageType, DropReason } from '../trace/format.js';

export interface EventRecord {
  /** Index from 0. */
  i: number;
  /** Virtual time in µs. */
  tUs: number;
  /** Node index into the world's `nodeNames`. */
  node: number;
  kind: EventKind;
  lamport: number;
  /** Message id, or -1 for events without a message. */
  msg: number;
  /** Node index of the other end, or -1. */
  peer: number;
  type: MessageType | undefined;
  /** The logged text without its Lamport suffix; '' when the event logs nothing. */
  text: string;
  /** What the node prints for its user, without its Lamport suffix; '' when nothing. */
  shows: string;
  /** Whether the printed line ends in `, lamport time: N` (chat messages do, announcements do not). */
  showsLamport: boolean;
  reason: DropReason | undefined;
  /** The engine's vector clock after this event (live array: copy to keep); undefined when off. */
  vc: Int32Array | undefined;
}

/** Receives every event of a run, in order. */
export interface TraceSink {
  record(event: EventRecord): void;
}

/** The suffix every numbered log line ends in. */
export function lamportSuffix(lamport: number): string {
  return `, lamport time: ${lamport}`;
}

export function newEventRecord(): EventRecord {
  return {
    i: 0,
    tUs: 0,
    node: 0,
    kind: 'local',
    lamport: 0,
    msg: -1,
    peer: -1,
    type: undefined,
    text: '',
    shows: '',
    showsLamport: false,
    reason: undefined,
    vc: undefined,
  };
}
