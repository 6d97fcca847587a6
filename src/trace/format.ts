/**
 * The trace format: NDJSON, one header line, then one line per event, and at most one line that
 * ends an unfinished run. Documented in README.md ("Trace format"); the renderer, the checker and
 * the exporters read it.
 *
 * Version 1 is the format of Chitty-Chat traces; version 2 adds the header's `protocol`,
 * `exclusive` and `nodes`, events' `mark`, `also` (an event with several message ends: a message
 * sent to several nodes, an event that receives several messages, or one that receives and sends)
 * and `fields` (what an imported log says of an event beyond its text), message types of any name,
 * and the error end line. A trace of Chitty-Chat is written as version 1, so that older readers
 * still read it.
 */
import type { DropReason, EventKind, RegionMark } from '../sim/record.js';

export { DROP_REASONS, EVENT_KINDS, type DropReason, type EventKind, type RegionMark } from '../sim/record.js';

/** The newest version this code reads and writes. */
export const TRACE_VERSION = 2;

/** The protocol a trace is of when its header names none. */
export const DEFAULT_TRACE_PROTOCOL = 'chitty-chat';

/**
 * The header's `protocol` of a trace that is of no chitty-sim protocol: a log imported from
 * another tool (ShiViz, GoVector). Only the clock rules apply to it, and its diagram has no
 * protocol's title or palette.
 */
export const NO_PROTOCOL = 'none';

/** The first line of every trace. */
export interface TraceHeader {
  format: 'chitty-sim-trace';
  version: 1 | 2;
  scenario: string;
  seed: number;
  /** The protocol's variant (for Chitty-Chat, its clock mode). */
  clock: string;
  /** The protocol: a built-in's name or the module's path; absent means chitty-chat, {@link NO_PROTOCOL} none. */
  protocol?: string;
  /** Regions no two nodes may hold concurrently. */
  exclusive?: string[];
  /** Every node, in the scenario's order (so that a node with no event still has its line). */
  nodes?: string[];
}

/** One event of a trace, as a trace line holds it. */
export interface TraceEvent {
  /** Index from 0, in the order the events happened. */
  i: number;
  /** Virtual time in ms since the scenario's start. */
  t: number;
  node: string;
  kind: EventKind;
  /** The Lamport time the node's own code computed (and logged), right or wrong. */
  lamport: number;
  /** The vector clock computed by the engine (ground truth); absent under `--no-vc`. */
  vc?: Record<string, number>;
  /** Message id shared by a send and its receive(s) and drop. */
  msg?: number;
  /** The other end of the message. */
  peer?: string;
  /** The message's type: any name the protocol gives it. */
  type?: string;
  /** The logged line without its timestamp; empty when the event logs nothing. */
  text: string;
  /** What the node prints for its user at this event (chat text, an announcement). */
  shows?: string;
  /** For `drop`: why the message never arrived. */
  reason?: DropReason;
  /** For a local event that opens or closes a region. */
  mark?: RegionMark;
  /**
   * Version 2: the event's message ends beyond its first (`kind`, `msg`, `peer`), on a `send` or
   * `receive`. Sends of one `msg` to several peers are one message sent to all of them (a
   * multicast); an event that receives anything has kind `receive`, and the sends among its ends
   * carry the vector clock it has after receiving. Absent on events with one end.
   */
  also?: MessageEnd[];
  /** Version 2: named fields of an imported log's event beyond its text (a date, a priority). */
  fields?: Record<string, string>;
}

/**
 * One end of a message at an event: the event sends message `msg` to `peer`, or receives it from
 * `peer`. An event's first end is its `kind`, `msg` and `peer`; further ends are in `also`.
 */
export interface MessageEnd {
  kind: 'send' | 'receive';
  msg: number;
  peer: string;
}

/** The last line of a trace whose run was interrupted (Ctrl-C). */
export interface TraceInterrupted {
  interrupted: true;
  /** Events written before the interruption. */
  events: number;
  /** Virtual time in ms reached. */
  t: number;
}

/** The last line of a trace whose run stopped on an error (a protocol's handler threw). */
export interface TraceFailed {
  error: string;
  /** Events written before the error. */
  events: number;
  /** Virtual time in ms reached. */
  t: number;
}
