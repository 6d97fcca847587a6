/**
 * What hovering shows: each event's, message's and lost message's full story (texts, clocks,
 * times), since the picture itself only has room for short labels.
 */
import type { Violation } from '../check/types.js';
import type { EventKind, TraceEvent } from '../trace/format.js';
import type { MessagePair } from './pairs.js';
import { formatDurationMs, roundTo, xmlSafe } from './text.js';

export function formatMs(timeMs: number): string {
  return `${roundTo(timeMs, 3)} ms`;
}

/** A vector clock as `server 3, 1111 2`, nodes in trace order (`rank`). */
export function vectorClockText(vc: Record<string, number> | undefined, rank: ReadonlyMap<string, number>): string {
  if (vc === undefined) return '';
  const keys = Object.keys(vc);
  keys.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  return keys.map((node) => `${node} ${vc[node]}`).join(', ');
}

function kindText(event: TraceEvent): string {
  const kinds: Record<EventKind, string> = {
    send: `send ${event.type ?? 'message'} to ${event.peer}`,
    receive: `receive ${event.type ?? 'message'} from ${event.peer}`,
    local: 'local event',
    drop: `lost ${event.type ?? 'message'}`,
    crash: 'crash',
    restart: 'restart',
  };
  return kinds[event.kind];
}

/** An event's tooltip: what happened, its clocks and time, the full text it logged and printed. */
export function eventTooltip(event: TraceEvent, violations: readonly Violation[] | undefined, rank: ReadonlyMap<string, number>): string {
  const lines = [`#${event.i} · ${event.node} · ${kindText(event)}${event.msg !== undefined ? ` (msg ${event.msg})` : ''}`];
  lines.push(`Lamport ${event.lamport} · t = ${formatMs(event.t)}`);
  const vc = vectorClockText(event.vc, rank);
  if (vc) lines.push(`vector clock: ${vc}`);
  if (event.text) lines.push(`log: ${event.text}`);
  if (event.shows) lines.push(`prints: ${event.shows}`);
  for (const violation of violations ?? []) lines.push(`✗ ${violation.rule}: ${violation.message}`);
  return xmlSafe(lines.join('\n'));
}

function endText(event: TraceEvent): string {
  return `#${event.i} at Lamport ${event.lamport}, t = ${formatMs(event.t)}`;
}

/** A message's tooltip: who to whom, when sent and received, the delay. */
export function messageTooltip(
  events: readonly TraceEvent[],
  pair: MessagePair,
  at: number,
  ending: 'receive' | 'duplicate' | 'drop' | 'stub-in' | 'stub-out',
  wholeTrace: boolean,
  refusal?: string,
): string {
  const lines = [`${pair.type ?? 'message'} · ${pair.from} → ${pair.to} · msg ${pair.msg}`];
  const send = pair.send >= 0 ? events[pair.send] : undefined;
  if (send) lines.push(`sent ${endText(send)}`);
  else lines.push(wholeTrace ? 'sent before the trace begins' : 'sent outside the window drawn');
  const event = events[at];
  switch (ending) {
    case 'receive':
    case 'duplicate':
      lines.push(`${ending === 'duplicate' ? 'delivered again' : 'received'} ${endText(event)}${send ? ` (delay ${formatDurationMs(event.t - send.t)})` : ''}`);
      break;
    case 'stub-in':
      lines.push(`received ${endText(event)}`);
      break;
    case 'drop':
      lines.push(`lost (${event.reason ?? 'unknown reason'}) at t = ${formatMs(event.t)}`);
      break;
    case 'stub-out':
      lines.push(wholeTrace ? 'not received before the trace ends' : 'received outside the window drawn');
      break;
  }
  if (refusal !== undefined) lines.push(`refused: ${refusal}`);
  return xmlSafe(lines.join('\n'));
}

export function lostTooltip(event: TraceEvent, pair: MessagePair, rank: ReadonlyMap<string, number>): string {
  const lines = [`#${event.i} · ${pair.type ?? 'message'} ${pair.from} → ${pair.to} lost (${event.reason ?? 'unknown reason'})`, `recorded at ${event.node}, Lamport ${event.lamport}, t = ${formatMs(event.t)}`];
  const vc = vectorClockText(event.vc, rank);
  if (vc) lines.push(`vector clock: ${vc}`);
  return xmlSafe(lines.join('\n'));
}
