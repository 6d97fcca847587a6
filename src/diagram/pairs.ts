/**
 * Step 1 of drawing a diagram: which events belong together. Sends, receives and drops that share
 * a message id become one message; the nodes become process lines, left to right.
 */
import type { TraceEvent } from '../trace/format.js';

/** The server's node name: its process line is always the first. */
export const SERVER_NODE = 'server';

/** One message, as far as the drawn events show it. Event positions index the events given. */
export interface MessagePair {
  msg: number;
  type: string | undefined;
  /** Sender and receiver. Known from the send; from a receive or drop when the send is not drawn. */
  from: string;
  to: string;
  /** The send, or -1 when it is not among the events (outside the window). */
  send: number;
  /** The first delivery, or -1. */
  receive: number;
  /** Later deliveries of the same message (duplicates), in order. */
  duplicates: number[];
  /** The event that recorded the message's loss, or -1. */
  drop: number;
}

/** The messages and process lines of a list of events. */
export interface Pairing {
  /** Process lines, left to right. */
  nodes: string[];
  /** Messages in order of their first event. */
  messages: MessagePair[];
  /** For each event, its message's position in `messages`, or -1 for events without one. */
  messageOf: Int32Array;
}

/**
 * The process lines to draw, left to right: the server first, then the other nodes in order of
 * first appearance (which is join order, as a participant's first event is its join).
 *
 * @param events - the events drawn, in trace order.
 * @param nodes - draw exactly these nodes (default: every node the events name, peers included).
 * @param allNodes - every node of the whole trace in order of first appearance; orders `nodes`.
 */
export function processOrder(events: readonly TraceEvent[], nodes?: readonly string[], allNodes?: readonly string[]): string[] {
  const seen: string[] = [];
  const known = new Set<string>();
  const note = (node: string | undefined) => {
    if (node !== undefined && !known.has(node)) {
      known.add(node);
      seen.push(node);
    }
  };
  for (const node of allNodes ?? []) note(node);
  for (const event of events) {
    note(event.node);
    note(event.peer);
  }
  const wanted = nodes === undefined ? undefined : new Set(nodes);
  const drawn = new Set<string>();
  if (wanted === undefined) {
    // Without an explicit list, draw the nodes that take part in these events, not the whole trace's.
    for (const event of events) {
      drawn.add(event.node);
      if (event.peer !== undefined) drawn.add(event.peer);
    }
  }
  const order = seen.filter((node) => (wanted ? wanted.has(node) : drawn.has(node)));
  for (const node of nodes ?? []) if (!known.has(node)) order.push(node);
  const server = order.indexOf(SERVER_NODE);
  if (server > 0) {
    order.splice(server, 1);
    order.unshift(SERVER_NODE);
  }
  return order;
}

/**
 * Matches sends, receives and drops by message id. A second receive of a message is a duplicate
 * delivery; a drop ends a message that never arrived.
 *
 * @param events - events in trace order (the window to draw).
 * @param nodes - process lines, as {@link processOrder} returns them.
 */
export function pairMessages(events: readonly TraceEvent[], nodes: readonly string[]): Pairing {
  const messages: MessagePair[] = [];
  const byId = new Map<number, number>();
  const messageOf = new Int32Array(events.length).fill(-1);
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.msg === undefined || (event.kind !== 'send' && event.kind !== 'receive' && event.kind !== 'drop')) continue;
    let position = byId.get(event.msg);
    if (position === undefined) {
      position = messages.length;
      byId.set(event.msg, position);
      messages.push({ msg: event.msg, type: event.type, from: '', to: '', send: -1, receive: -1, duplicates: [], drop: -1 });
    }
    const pair = messages[position];
    messageOf[index] = position;
    pair.type ??= event.type;
    const peer = event.peer ?? event.node;
    if (event.kind === 'send') {
      if (pair.send === -1) {
        pair.send = index;
        pair.from = event.node;
        pair.to = peer;
      }
    } else if (event.kind === 'receive') {
      if (pair.receive === -1) pair.receive = index;
      else pair.duplicates.push(index);
      if (pair.send === -1) {
        pair.from = peer;
        pair.to = event.node;
      }
    } else {
      pair.drop = index;
      if (pair.send === -1 && pair.receive === -1) {
        // A drop is recorded on the node the message was meant for; `peer` is the sender.
        pair.from = peer;
        pair.to = event.node;
      }
    }
  }
  return { nodes: [...nodes], messages, messageOf };
}
