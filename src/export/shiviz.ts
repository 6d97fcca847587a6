/**
 * Export to ShiViz (https://bestchai.bitbucket.io/shiviz/): its default log format, two lines per
 * event, read by ShiViz's default regular expression `(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`:
 *
 * ```
 * send JoinRequest to server #0 L1 @0ms: "Join Request sent, lamport time: 1"
 * alice {"alice":1}
 * ```
 *
 * The file starts with that regular expression and an empty line (no multiple-execution
 * delimiter), the layout ShiViz expects of an uploaded file; pasted into ShiViz's text box, the
 * two lines match nothing and are ignored.
 *
 * ShiViz's rules, which this output obeys: every event's clock has its host's own entry; each
 * host's own entries are 1, 2, 3, ... in its events' order; a host's entries for other hosts never
 * go down. `drop` events are not events of any process (they tick no clock), so they get no entry
 * of their own: a lost message is noted on its send (`lost:crashed@1610.552ms/L58`), where the
 * importer finds it again. Pure: no I/O.
 */
import { MESSAGE_TYPES, type DropReason, type EventKind, type MessageType, type TraceEvent } from '../trace/format.js';
import { clockEntry, isProcessEvent, withVectorClocks, type VectorClock } from '../trace/vector-clocks.js';
import { ExportError, traceMessages, traceNodeOrder } from './nodes.js';

/** ShiViz's default parsing regular expression, written as ShiViz shows it (the first line of the file). */
export const SHIVIZ_DEFAULT_REGEX = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** Options of {@link exportShiviz}. */
export interface ShivizExportOptions {
  /**
   * Start with the regular-expression line and the empty delimiter line that an uploaded ShiViz
   * file has. Default true.
   */
  header?: boolean;
}

/** What the event line of a chitty-sim export says about a `drop` of the event's message. */
export interface ShivizDropNote {
  reason: DropReason;
  /** Virtual time of the drop in ms. */
  tMs: number;
  /** The Lamport time the drop event recorded (the clock the message carried). */
  lamport: number;
}

/** The fields of a trace event that an exported event line carries (everything but `i` and `vc`). */
export interface ShivizEventNote {
  kind: Exclude<EventKind, 'drop'>;
  type?: MessageType;
  peer?: string;
  msg?: number;
  lamport: number;
  tMs: number;
  drops: ShivizDropNote[];
  text: string;
  shows?: string;
}

/**
 * A string as a JSON string literal that stays on one line for any regular expression: JSON
 * escapes `\n`, `\r` and the other C0 controls but not U+2028/U+2029, which end a line for `.`.
 */
export function oneLineJson(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The event line of an exported event: `kind [Type] [to|from peer] [#msg] L<lamport> @<t>ms
 * [lost:<reason>@<t>ms/L<lamport>]... [: "text"] [shows "shown text"]`. It always starts with
 * the kind and a space, so it can never be taken for a `host {clock}` line.
 */
export function formatShivizEventLine(note: ShivizEventNote): string {
  let line = note.kind;
  if (note.type !== undefined) line += ` ${note.type}`;
  if (note.peer !== undefined) line += ` ${note.kind === 'receive' ? 'from' : 'to'} ${note.peer}`;
  if (note.msg !== undefined) line += ` #${note.msg}`;
  line += ` L${note.lamport} @${note.tMs}ms`;
  for (const drop of note.drops) line += ` lost:${drop.reason}@${drop.tMs}ms/L${drop.lamport}`;
  if (note.text !== '') line += `: ${oneLineJson(note.text)}`;
  if (note.shows !== undefined) line += ` shows ${oneLineJson(note.shows)}`;
  return line;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const EVENT_LINE = new RegExp(
  String.raw`^(send|receive|local|crash|restart)(?: (${MESSAGE_TYPES.join('|')}))?(?: (to|from) (\S+))?(?: #(\d+))? L(${NUMBER}) @(${NUMBER})ms` +
    String.raw`((?: lost:(?:loss|partition|crashed)@${NUMBER}ms/L${NUMBER})*)(?:: (${JSON_STRING}))?(?: shows (${JSON_STRING}))?$`,
);
const DROP_NOTE = new RegExp(String.raw` lost:(loss|partition|crashed)@(${NUMBER})ms/L(${NUMBER})`, 'g');

/**
 * Reads back an event line written by {@link formatShivizEventLine}; undefined when the line is
 * not one (an event of a log from another tool).
 */
export function parseShivizEventLine(line: string): ShivizEventNote | undefined {
  const match = EVENT_LINE.exec(line);
  if (match === null) return undefined;
  const [, kind, type, direction, peer, msg, lamport, tMs, drops, text, shows] = match;
  // The direction must fit the kind, and a peer goes with message kinds only.
  if (peer !== undefined && !((kind === 'send' && direction === 'to') || (kind === 'receive' && direction === 'from'))) return undefined;
  const note: ShivizEventNote = {
    kind: kind as ShivizEventNote['kind'],
    lamport: Number(lamport),
    tMs: Number(tMs),
    drops: [],
    text: '',
  };
  if (!Number.isFinite(note.lamport) || !Number.isFinite(note.tMs) || note.tMs < 0) return undefined;
  if (type !== undefined) note.type = type as MessageType;
  if (peer !== undefined) note.peer = peer;
  if (msg !== undefined) {
    note.msg = Number(msg);
    if (!Number.isSafeInteger(note.msg)) return undefined;
  }
  for (const drop of drops.matchAll(DROP_NOTE)) {
    const dropNote = { reason: drop[1] as DropReason, tMs: Number(drop[2]), lamport: Number(drop[3]) };
    if (!Number.isFinite(dropNote.tMs) || !Number.isFinite(dropNote.lamport) || dropNote.tMs < 0) return undefined;
    note.drops.push(dropNote);
  }
  try {
    if (text !== undefined) note.text = JSON.parse(text) as string;
    if (shows !== undefined) note.shows = JSON.parse(shows) as string;
  } catch {
    return undefined;
  }
  return note;
}

/** A vector clock as ShiViz's JSON, entries in `order` (an object would put "1111" before "server"). */
function clockJson(vc: VectorClock, order: readonly string[]): string {
  const entries: string[] = [];
  const listed = new Set<string>();
  for (const name of order) {
    listed.add(name);
    const count = clockEntry(vc, name);
    if (count !== 0) entries.push(`${JSON.stringify(name)}:${count}`);
  }
  for (const [name, count] of Object.entries(vc)) if (!listed.has(name) && count !== 0) entries.push(`${JSON.stringify(name)}:${count}`);
  return `{${entries.join(',')}}`;
}

/**
 * Exports a trace as a ShiViz log. Vector clocks are the trace's own when every process event has
 * one, otherwise computed from the events (see `src/trace/vector-clocks.ts`), which gives the same.
 *
 * @param events - the trace's events, in trace order.
 * @param options - see {@link ShivizExportOptions}; by default the file starts with the regex line.
 * @returns the log, ending in a newline.
 * @throws ExportError when a node's name cannot be a ShiViz host (empty or with white space), or
 *   the trace's own vector clocks break ShiViz's rules (a hand-edited trace).
 */
export function exportShiviz(events: readonly TraceEvent[], options: ShivizExportOptions = {}): string {
  const order = traceNodeOrder(events);
  for (const name of order) {
    if (name === '' || /\s/.test(name)) throw new ExportError(`node ${JSON.stringify(name)}: a ShiViz host name cannot be empty or contain white space`);
  }
  const clocked = withVectorClocks(events, order);
  const dropsOf = new Map<number, ShivizDropNote[]>();
  for (const message of traceMessages(events)) {
    if (message.send < 0 || message.drops.length === 0) continue;
    dropsOf.set(
      message.send,
      message.drops.map((position) => ({ reason: events[position].reason ?? 'loss', tMs: events[position].t, lamport: events[position].lamport })),
    );
  }
  const lines: string[] = options.header === false ? [] : [SHIVIZ_DEFAULT_REGEX, ''];
  const last = new Map<string, VectorClock>();
  clocked.forEach((event, position) => {
    if (!isProcessEvent(event)) return;
    const vc = event.vc!;
    checkShivizClock(event, vc, last.get(event.node));
    last.set(event.node, vc);
    const note: ShivizEventNote = {
      kind: event.kind as ShivizEventNote['kind'],
      type: event.type as MessageType | undefined,
      peer: event.peer,
      msg: event.msg,
      lamport: event.lamport,
      tMs: event.t,
      drops: dropsOf.get(position) ?? [],
      text: event.text,
      shows: event.shows,
    };
    lines.push(formatShivizEventLine(note), `${event.node} ${clockJson(vc, order)}`);
  });
  return lines.join('\n') + '\n';
}

/** ShiViz refuses a log whose own entries do not count 1, 2, 3, ... or whose other entries go down. */
function checkShivizClock(event: TraceEvent, vc: VectorClock, previous: VectorClock | undefined): void {
  const own = clockEntry(vc, event.node);
  const expected = (previous === undefined ? 0 : clockEntry(previous, event.node)) + 1;
  if (own !== expected) {
    throw new ExportError(`event ${event.i}: the vector clock's own entry for ${event.node} is ${own}, ShiViz needs ${expected}: the trace's vector clocks are not the engine's (remove its "vc" fields and they are computed)`);
  }
  for (const [name, count] of Object.entries(previous ?? {})) {
    if (clockEntry(vc, name) < count) throw new ExportError(`event ${event.i}: the vector clock's entry for ${name} goes down from ${count} to ${clockEntry(vc, name)}; ShiViz refuses that`);
  }
}
