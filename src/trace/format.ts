/**
 * The trace format: NDJSON, one header line, then one line per event.
 * Documented in README.md ("Trace format"); the renderer, the checker and the exporters read it.
 */

/** The first line of every trace. */
export interface TraceHeader {
  format: 'chitty-sim-trace';
  version: 1;
  scenario: string;
  seed: number;
  clock: string;
  /** The protocol the run simulates; absent means `chitty-chat`. */
  protocol?: string;
}

/** What happened at an event. `drop`, `crash` and `restart` come from fault injection. */
export type EventKind = 'send' | 'receive' | 'local' | 'drop' | 'crash' | 'restart';

/** The RPC messages of Chitty-Chat: each call is a request and its reply. */
export type MessageType =
  | 'JoinRequest'
  | 'JoinReply'
  | 'PublishRequest'
  | 'PublishReply'
  | 'BroadcastRequest'
  | 'BroadcastReply'
  | 'LeaveRequest'
  | 'LeaveReply';

export const MESSAGE_TYPES: readonly MessageType[] = [
  'JoinRequest',
  'JoinReply',
  'PublishRequest',
  'PublishReply',
  'BroadcastRequest',
  'BroadcastReply',
  'LeaveRequest',
  'LeaveReply',
];

export const EVENT_KINDS: readonly EventKind[] = ['send', 'receive', 'local', 'drop', 'crash', 'restart'];

/** Why a message was dropped (kind `drop`). */
export type DropReason = 'loss' | 'partition' | 'crashed';

export const DROP_REASONS: readonly DropReason[] = ['loss', 'partition', 'crashed'];

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
  /** The message type (any non-empty string; Chitty-Chat's are {@link MessageType}). */
  type?: string;
  /** A local event that opens (`enter`) or closes (`exit`) a named region of its node, e.g. a critical section. */
  mark?: { enter?: string; exit?: string };
  /** The logged line without its timestamp; empty when the event logs nothing. */
  text: string;
  /** What the node prints for its user at this event (chat text, an announcement). */
  shows?: string;
  /** For `drop`: why the message never arrived. */
  reason?: DropReason;
}

/** The last line of a trace whose run was interrupted (Ctrl-C). */
export interface TraceInterrupted {
  interrupted: true;
  /** Events written before the interruption. */
  events: number;
  /** Virtual time in ms reached. */
  t: number;
}
