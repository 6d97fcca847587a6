/**
 * The public node API: what a protocol's node is (a small object of handlers) and everything it may
 * do (its context). docs/protocols.md explains it with a tutorial; the engine (world.ts) runs it.
 */
import type { RegionMark } from './record.js';

export type { RegionMark } from './record.js';

/** A message as a node receives it. The engine never looks inside `payload`. */
export interface Message<Payload = unknown> {
  /** Shared by the send and its receive (and a duplicate's second receive) in the trace. */
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly payload: Payload;
  /** The Lamport time the message carries: the sender's `carry` (by default its send's `lamport`). */
  readonly lamport: number;
}

/** What a recorded event says: the node's own Lamport time, its log line and what it prints. */
export interface RecordOptions {
  /** The Lamport time the node's code computed for this event, right or wrong. */
  lamport: number;
  /** The logged line, as it is (the engine appends nothing); default none. */
  text?: string;
  /** What the node prints for its user at this event; default nothing. */
  shows?: string;
}

export interface SendOptions extends RecordOptions {
  /** The Lamport time the message carries; default `lamport`. */
  carry?: number;
}

export interface LocalOptions extends RecordOptions {
  /** Opens (`{ enter: 'cs' }`) or closes (`{ exit: 'cs' }`) a region on this node's line. */
  mark?: RegionMark;
}

/** Everything a node may do; nothing else reaches it. */
export interface NodeContext {
  /** This node's name. */
  readonly name: string;
  /** Every node's name, in the scenario's order. */
  readonly nodes: readonly string[];
  /** True when this node object was made by a restart after a crash. */
  readonly restarted: boolean;
  /** A plain object that survives a crash (the node's stable storage); everything else is lost. */
  readonly durable: Record<string, any>;
  /** The protocol variant this run uses (a clock mode, a bug to show); '' when it has none. */
  readonly variant: string;
  /** The scenario's options for the protocol (its `options:` section, or what the protocol derives). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Virtual time in ms. */
  now(): number;
  /** A number in [0, 1) from this node's own seeded stream. */
  random(): number;
  /**
   * Records a send event and sends a message; returns its id.
   * @param to - a node's name (one of `nodes`; itself too).
   * @param type - any name: it labels and colours the arrow and is matched by the checker.
   */
  send(to: string, type: string, payload: unknown, options: SendOptions): number;
  /** Records the receive of `message`: exactly once for each message handed to `onMessage`, before anything it causes. */
  receive(message: Message, options: RecordOptions): void;
  /** Records a local event. */
  local(options: LocalOptions): void;
  /** Calls `onTimer(name, data)` after `delayMs` of virtual time; a timer of the same name is replaced. Timers die with a crash. */
  setTimer(delayMs: number, name: string, data?: unknown): void;
  /** Cancels the timer `name`, if it is set. */
  cancelTimer(name: string): void;
}

/** A node: handlers the engine calls. Every handler is optional. */
export interface NodeHandlers {
  /** At time 0, and after a restart (`ctx.restarted` is true then). */
  onStart?(): void;
  /** A scenario step addressed to this node. */
  onCommand?(command: string, args: Record<string, unknown>): void;
  /** A message arrived: record its receive with `ctx.receive` first. */
  onMessage?(message: Message): void;
  /** A timer set with `ctx.setTimer` fired. */
  onTimer?(name: string, data: unknown): void;
}

/** Makes a node: called once per node at start, and again on each restart. */
export type NodeFactory = (ctx: NodeContext) => NodeHandlers;
