/**
 * The event line of a chitty-sim ShiViz export: everything a trace event holds but its vector
 * clock, in words a person reads in ShiViz and the importer reads back exactly.
 *
 * ```
 * send JoinRequest to server #0 L1 @0ms: "Join Request sent, lamport time: 1"
 * receive from a #3 +send to c #5 +send to d #5 L4 @0ms: "relay" fields {"date":"10:00"}
 * ```
 *
 * Shared by the exporter (src/export/shiviz.ts) and the importer (src/import/). Pure.
 */
import type { DropReason, EventKind, MessageEnd, RegionMark } from '../trace/format.js';

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
  type?: string;
  peer?: string;
  msg?: number;
  /** The event's further message ends (`also`); empty when it has none. */
  also: MessageEnd[];
  lamport: number;
  tMs: number;
  /** Losses of the event's first message, at its first peer. */
  drops: ShivizDropNote[];
  text: string;
  shows?: string;
  fields?: Record<string, string>;
  /** The region a local event opens or closes. */
  mark?: RegionMark;
}

/**
 * A string as a JSON string literal that stays on one line for any regular expression: JSON
 * escapes `\n`, `\r` and the other C0 controls but not U+2028/U+2029, which end a line for `.`.
 */
export function oneLineJson(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The event line of an exported event: `kind [Type] [to|from peer] [#msg] [+send to|+receive from
 * peer #msg]... L<lamport> @<t>ms [lost:<reason>@<t>ms/L<lamport>]... [enter:"region"|exit:"region"]
 * [: "text"] [shows "shown text"] [fields {...}]`. It always starts with the kind and a space, so it can never be taken for
 * a `host {clock}` line.
 */
export function formatShivizEventLine(note: ShivizEventNote): string {
  let line = note.kind;
  if (note.type !== undefined) line += ` ${PLAIN_TYPE.test(note.type) ? note.type : oneLineJson(note.type)}`;
  if (note.peer !== undefined) line += ` ${note.kind === 'receive' ? 'from' : 'to'} ${note.peer}`;
  if (note.msg !== undefined) line += ` #${note.msg}`;
  for (const end of note.also) line += ` +${end.kind} ${end.kind === 'receive' ? 'from' : 'to'} ${end.peer} #${end.msg}`;
  line += ` L${note.lamport} @${note.tMs}ms`;
  for (const drop of note.drops) line += ` lost:${drop.reason}@${drop.tMs}ms/L${drop.lamport}`;
  if (note.mark !== undefined) line += note.mark.enter !== undefined ? ` enter:${oneLineJson(note.mark.enter)}` : ` exit:${oneLineJson(note.mark.exit)}`;
  if (note.text !== '') line += `: ${oneLineJson(note.text)}`;
  if (note.shows !== undefined) line += ` shows ${oneLineJson(note.shows)}`;
  if (note.fields !== undefined) line += ` fields ${oneLineJson(note.fields)}`;
  return line;
}

/**
 * A message type written as it is: a word that cannot be taken for what may follow it (`to`,
 * `from`, `#id`, `+send`, `L<time>`). Any other type is written as a JSON string.
 */
const PLAIN_TYPE = /^(?!(?:to|from)$)(?!L-?\d)[A-Za-z_][\w.-]*$/;
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const TYPE = String.raw`(?!(?:to|from) )(?!L-?\d)[A-Za-z_][\w.-]*|${JSON_STRING}`;
const END = String.raw` \+(?:send to|receive from) \S+ #\d+`;
const EVENT_LINE = new RegExp(
  String.raw`^(send|receive|local|crash|restart)(?: (${TYPE}))?(?: (to|from) (\S+))?(?: #(\d+))?((?:${END})*) L(${NUMBER}) @(${NUMBER})ms` +
    String.raw`((?: lost:(?:loss|partition|crashed)@${NUMBER}ms/L${NUMBER})*)(?: (enter|exit):(${JSON_STRING}))?(?:: (${JSON_STRING}))?(?: shows (${JSON_STRING}))?(?: fields (\{.*\}))?$`,
);
const END_NOTE = /\+(send|receive) (?:to|from) (\S+) #(\d+)/g;
const DROP_NOTE = new RegExp(String.raw` lost:(loss|partition|crashed)@(${NUMBER})ms/L(${NUMBER})`, 'g');

/**
 * Reads back an event line written by {@link formatShivizEventLine}; undefined when the line is
 * not one (an event of a log from another tool).
 */
export function parseShivizEventLine(line: string): ShivizEventNote | undefined {
  const match = EVENT_LINE.exec(line);
  if (match === null) return undefined;
  const [, kind, type, direction, peer, msg, ends, lamport, tMs, drops, markSide, markName, text, shows, fields] = match;
  // The direction must fit the kind, and a peer goes with message kinds only.
  if (peer !== undefined && !((kind === 'send' && direction === 'to') || (kind === 'receive' && direction === 'from'))) return undefined;
  const note: ShivizEventNote = { kind: kind as ShivizEventNote['kind'], also: [], lamport: Number(lamport), tMs: Number(tMs), drops: [], text: '' };
  if (!Number.isFinite(note.lamport) || !Number.isFinite(note.tMs) || note.tMs < 0) return undefined;
  if (type !== undefined) {
    if (!type.startsWith('"')) note.type = type;
    else {
      const parsed = parseJson(type);
      if (typeof parsed !== 'string') return undefined;
      note.type = parsed;
    }
  }
  if (peer !== undefined) note.peer = peer;
  if (msg !== undefined) {
    note.msg = Number(msg);
    if (!Number.isSafeInteger(note.msg)) return undefined;
  }
  for (const end of ends.matchAll(END_NOTE)) {
    const id = Number(end[3]);
    // Further ends follow a first one; a send's are sends (an event that receives is a receive).
    if (!Number.isSafeInteger(id) || note.msg === undefined || (kind === 'send' && end[1] === 'receive')) return undefined;
    note.also.push({ kind: end[1] as MessageEnd['kind'], msg: id, peer: end[2] });
  }
  for (const drop of drops.matchAll(DROP_NOTE)) {
    const dropNote = { reason: drop[1] as DropReason, tMs: Number(drop[2]), lamport: Number(drop[3]) };
    if (!Number.isFinite(dropNote.tMs) || !Number.isFinite(dropNote.lamport) || dropNote.tMs < 0) return undefined;
    note.drops.push(dropNote);
  }
  if (markName !== undefined) {
    const region = parseJson(markName);
    if (kind !== 'local' || typeof region !== 'string' || region === '') return undefined;
    note.mark = markSide === 'enter' ? { enter: region } : { exit: region };
  }
  if (text !== undefined) {
    const parsed = parseJson(text);
    if (typeof parsed !== 'string') return undefined;
    note.text = parsed;
  }
  if (shows !== undefined) {
    const parsed = parseJson(shows);
    if (typeof parsed !== 'string') return undefined;
    note.shows = parsed;
  }
  if (fields !== undefined) {
    const parsed = parseJson(fields);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((value) => typeof value === 'string')) return undefined;
    note.fields = parsed as Record<string, string>;
  }
  return note;
}

/** JSON.parse, or undefined for text that is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
