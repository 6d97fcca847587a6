/**
 * Trace events from ShiViz's model of a log from any tool: every event as its host logged it, its
 * messages the model's edges. An event with children sends one message (one id) to each of their
 * hosts; an event with parents receives each parent's message. So a message ShiViz sees reaching
 * several hosts is one send to all of them, and an event that receives and sends, or receives
 * several messages, keeps every edge (as further message ends, `also`). Pure.
 */
import type { MessageEnd, TraceEvent } from '../trace/format.js';
import type { ShivizGraph } from './shiviz-graph.js';

/** The events and, for each, the position of its entry. */
export interface GraphEvents {
  events: TraceEvent[];
  positions: number[];
}

/**
 * Events in Lamport order (then host order, then own count), which respects happens-before; message
 * ids in the order of their sends. Lamport times are the model's: those a correct implementation
 * logs. Virtual times are 0: a log has none.
 */
export function eventsFromGraph(graph: ShivizGraph): GraphEvents {
  const { entries } = graph;
  const rank = new Map([...graph.hosts.keys()].map((host, k) => [host, k]));
  const positions = entries
    .map((_, position) => position)
    .sort((a, b) => entries[a].lamport - entries[b].lamport || rank.get(entries[a].host)! - rank.get(entries[b].host)! || entries[a].own - entries[b].own);
  const orderOf = new Map<number, number>();
  const msgOf = new Map<number, number>();
  positions.forEach((position, k) => {
    orderOf.set(position, k);
    if (entries[position].children.length > 0) msgOf.set(position, msgOf.size);
  });
  const byOrder = (a: number, b: number) => orderOf.get(a)! - orderOf.get(b)!;
  const events = positions.map((position, i) => {
    const item = entries[position];
    const ends: MessageEnd[] = [];
    for (const parent of [...item.parents].sort(byOrder)) ends.push({ kind: 'receive', msg: msgOf.get(parent)!, peer: entries[parent].host });
    for (const child of [...item.children].sort(byOrder)) ends.push({ kind: 'send', msg: msgOf.get(position)!, peer: entries[child].host });
    const event: TraceEvent = { i, t: 0, node: item.host, kind: ends.length === 0 ? 'local' : ends[0].kind, lamport: item.lamport, vc: Object.fromEntries(item.vc), text: item.event };
    if (ends.length > 0) {
      event.msg = ends[0].msg;
      event.peer = ends[0].peer;
      if (ends.length > 1) event.also = ends.slice(1);
    }
    if (item.fields !== undefined) event.fields = item.fields;
    return event;
  });
  return { events, positions };
}
