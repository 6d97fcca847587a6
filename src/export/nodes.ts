/**
 * What every exporter needs to know about a trace's processes and messages. Pure.
 */
import type { TraceEvent } from '../trace/format.js';
import { messageEnds, namedNodes } from '../trace/message-ends.js';

/** The server's name: its process comes first in every export, as in the SVG diagrams. */
export const SERVER = 'server';

/** An export that cannot be made from this trace (the CLI reports it as bad input). */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/**
 * The trace's nodes: the server first, then the others in order of first appearance as a node or
 * a peer (which is join order in chitty-sim traces).
 */
export function traceNodeOrder(events: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const note = (name: string | undefined): void => {
    if (name !== undefined && !seen.has(name)) {
      seen.add(name);
      order.push(name);
    }
  };
  for (const event of events) for (const name of namedNodes(event)) note(name);
  const server = order.indexOf(SERVER);
  if (server > 0) {
    order.splice(server, 1);
    order.unshift(SERVER);
  }
  return order;
}

/** Whether a message type is a reply (drawn dashed). */
export function isReplyType(type: string | undefined): boolean {
  return type !== undefined && type.endsWith('Reply');
}

/** A message as the exporters see it: its send and what became of it. Positions index the events. */
export interface ExportMessage {
  msg: number;
  /** The send, or -1 when the trace has none (a receive of a message sent before the trace began). */
  send: number;
  /** The receivers the send names, in its order (several for a message sent to several nodes). */
  to: string[];
  /**
   * Every delivery, in trace order: one per receiver, and more when the network duplicated it (a
   * second delivery at the same node).
   */
  receives: number[];
  /** Every recorded loss, in trace order. */
  drops: number[];
}

/**
 * Groups sends, receives and drops by message id, at every message end of an event; messages in
 * order of their first event.
 */
export function traceMessages(events: readonly TraceEvent[]): ExportMessage[] {
  const byId = new Map<number, ExportMessage>();
  const list: ExportMessage[] = [];
  const messageOf = (msg: number): ExportMessage => {
    let message = byId.get(msg);
    if (message === undefined) {
      message = { msg, send: -1, to: [], receives: [], drops: [] };
      byId.set(msg, message);
      list.push(message);
    }
    return message;
  };
  events.forEach((event, position) => {
    if (event.kind === 'drop' && event.msg !== undefined) messageOf(event.msg).drops.push(position);
    for (const end of messageEnds(event)) {
      const message = messageOf(end.msg);
      if (end.kind === 'receive') message.receives.push(position);
      else if (message.send < 0 || message.send === position) {
        message.send = position;
        message.to.push(end.peer);
      }
    }
  });
  return list;
}
