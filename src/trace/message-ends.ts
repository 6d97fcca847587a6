/**
 * The message ends of an event: its first (`kind`, `msg`, `peer`) and those in `also` (version 2).
 * Every reader of messages (the checker, the exporters, the diagram) can walk them alike. Pure.
 */
import type { MessageEnd, TraceEvent } from './format.js';

/**
 * The ends of a `send` or `receive` event, its first end first; none for other kinds (a `drop`
 * names its message, but it is the network's, not an end of any process).
 */
export function messageEnds(event: Pick<TraceEvent, 'kind' | 'msg' | 'peer' | 'also'>): MessageEnd[] {
  if ((event.kind !== 'send' && event.kind !== 'receive') || event.msg === undefined || event.peer === undefined) return [];
  const first: MessageEnd = { kind: event.kind, msg: event.msg, peer: event.peer };
  return event.also === undefined ? [first] : [first, ...event.also];
}

/** Whether the event receives message `msg` (at any of its ends). */
export function receivesMessage(event: Pick<TraceEvent, 'kind' | 'msg' | 'peer' | 'also'>, msg: number): boolean {
  return messageEnds(event).some((end) => end.kind === 'receive' && end.msg === msg);
}

/** Every node an event names: its own, its first peer and the peers of its further ends. */
export function namedNodes(event: Pick<TraceEvent, 'node' | 'peer' | 'also'>): string[] {
  const names = [event.node];
  if (event.peer !== undefined) names.push(event.peer);
  for (const end of event.also ?? []) names.push(end.peer);
  return names;
}
