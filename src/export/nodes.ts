/**
 * What every exporter needs to know about a trace's processes and messages. Pure.
 */
import type { TraceEvent } from '../trace/format.js';

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
  for (const event of events) {
    note(event.node);
    note(event.peer);
  }
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
  /** Every delivery, in trace order (more than one when the network duplicated it). */
  receives: number[];
  /** Every recorded loss, in trace order. */
  drops: number[];
}

/** Groups sends, receives and drops by message id; messages in order of their first event. */
export function traceMessages(events: readonly TraceEvent[]): ExportMessage[] {
  const byId = new Map<number, ExportMessage>();
  const list: ExportMessage[] = [];
  events.forEach((event, position) => {
    if (event.msg === undefined || (event.kind !== 'send' && event.kind !== 'receive' && event.kind !== 'drop')) return;
    let message = byId.get(event.msg);
    if (message === undefined) {
      message = { msg: event.msg, send: -1, receives: [], drops: [] };
      byId.set(event.msg, message);
      list.push(message);
    }
    if (event.kind === 'send') {
      if (message.send < 0) message.send = position;
    } else if (event.kind === 'receive') message.receives.push(position);
    else message.drops.push(position);
  });
  return list;
}
