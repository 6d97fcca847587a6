/**
 * The rules every trace line is held to, whichever path read it (the byte scanner or JSON.parse):
 * the header's, and an event line's field by field. A line that breaks one is a
 * {@link TraceFormatError} naming the line and the field.
 */
import { DROP_REASONS, EVENT_KINDS, TRACE_VERSION, type EventKind, type MessageEnd, type RegionMark, type TraceEvent, type TraceHeader } from './format.js';

/** Whether a vector clock entry is valid: a whole number from 0. The one rule, for both read paths. */
export function isVectorCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A trace line that is not what the format says; `line` counts from 1. */
export class TraceFormatError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`line ${line}: ${field ? field + ': ' : ''}${detail}`);
    this.name = 'TraceFormatError';
  }
}

const REASONS = new Set<string>(DROP_REASONS);
const KINDS = new Set<string>(EVENT_KINDS);

/** The header line's fields, checked. */
export function readHeader(record: Record<string, unknown>, line: number): TraceHeader {
  if (record.format !== 'chitty-sim-trace') {
    throw new TraceFormatError(line, 'format', 'the first line must be the header {"format":"chitty-sim-trace",...}');
  }
  if (record.version !== 1 && record.version !== 2) {
    throw new TraceFormatError(line, 'version', `unsupported version ${JSON.stringify(record.version)}; this reader knows 1 to ${TRACE_VERSION} (a newer chitty-sim wrote it?)`);
  }
  if (typeof record.scenario !== 'string') throw new TraceFormatError(line, 'scenario', 'must be a string');
  if (typeof record.seed !== 'number' || !Number.isFinite(record.seed)) throw new TraceFormatError(line, 'seed', 'must be a number');
  if (typeof record.clock !== 'string') throw new TraceFormatError(line, 'clock', 'must be a string');
  const header: TraceHeader = { format: 'chitty-sim-trace', version: record.version, scenario: record.scenario, seed: record.seed, clock: record.clock };
  if (record.protocol !== undefined) {
    if (typeof record.protocol !== 'string' || record.protocol === '') throw new TraceFormatError(line, 'protocol', 'must be a non-empty string');
    header.protocol = record.protocol;
  }
  if (record.exclusive !== undefined) {
    if (!Array.isArray(record.exclusive) || !record.exclusive.every((name) => typeof name === 'string' && name !== '')) {
      throw new TraceFormatError(line, 'exclusive', 'must be a list of region names');
    }
    header.exclusive = record.exclusive as string[];
  }
  if (record.nodes !== undefined) {
    if (!Array.isArray(record.nodes) || !record.nodes.every((name) => typeof name === 'string' && name !== '')) {
      throw new TraceFormatError(line, 'nodes', 'must be a list of node names');
    }
    header.nodes = record.nodes as string[];
  }
  return header;
}

function requireString(value: unknown, field: string, line: number): string {
  if (typeof value !== 'string') throw new TraceFormatError(line, field, value === undefined ? 'missing' : 'must be a string');
  return value;
}

function requireFinite(value: unknown, field: string, line: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TraceFormatError(line, field, value === undefined ? 'missing' : 'must be a finite number');
  }
  return value;
}

/** An event line's fields as JSON.parse gives them, undefined when absent. */
export interface RawFields {
  i: unknown;
  t: unknown;
  node: unknown;
  kind: unknown;
  lamport: unknown;
  text: unknown;
  vc: unknown;
  msg: unknown;
  peer: unknown;
  type: unknown;
  shows: unknown;
  reason: unknown;
  mark: unknown;
  also: unknown;
  fields: unknown;
}

/**
 * The rules for an event line, whichever path read it. Checks run in a fixed order, so the first
 * problem of a line is the one reported.
 * @param vcChecked - every entry of `vc` is already known to pass {@link isVectorCount}.
 */
export function buildEvent(line: number, expectedIndex: number, lastTimeMs: number, fields: RawFields, vcChecked: boolean): TraceEvent {
  const i = requireFinite(fields.i, 'i', line);
  if (i !== expectedIndex) throw new TraceFormatError(line, 'i', `expected event index ${expectedIndex}, found ${i}`);
  const t = requireFinite(fields.t, 't', line);
  if (t < 0) throw new TraceFormatError(line, 't', 'virtual time cannot be negative');
  if (t < lastTimeMs) throw new TraceFormatError(line, 't', `virtual time goes back from ${lastTimeMs} to ${t}`);
  const node = requireString(fields.node, 'node', line);
  if (node === '') throw new TraceFormatError(line, 'node', 'must not be empty');
  const kind = requireString(fields.kind, 'kind', line);
  if (!KINDS.has(kind)) throw new TraceFormatError(line, 'kind', `unknown kind ${JSON.stringify(kind)}; expected one of ${EVENT_KINDS.join(', ')}`);
  const lamport = requireFinite(fields.lamport, 'lamport', line);
  const text = fields.text === undefined ? '' : requireString(fields.text, 'text', line);
  const event: TraceEvent = { i, t, node, kind: kind as EventKind, lamport, text };
  if (fields.vc !== undefined) event.vc = vcChecked ? (fields.vc as Record<string, number>) : readVectorClock(fields.vc, line);
  if (kind === 'send' || kind === 'receive' || kind === 'drop') {
    const msg = requireFinite(fields.msg, 'msg', line);
    if (!Number.isInteger(msg) || msg < 0) throw new TraceFormatError(line, 'msg', 'must be a whole number from 0');
    event.msg = msg;
    const peer = requireString(fields.peer, 'peer', line);
    if (peer === '') throw new TraceFormatError(line, 'peer', 'must not be empty');
    event.peer = peer;
  }
  if (fields.type !== undefined) {
    const type = requireString(fields.type, 'type', line);
    if (type === '') throw new TraceFormatError(line, 'type', 'must not be empty');
    event.type = type;
  }
  if (fields.shows !== undefined) event.shows = requireString(fields.shows, 'shows', line);
  if (kind === 'drop') {
    const reason = requireString(fields.reason, 'reason', line);
    if (!REASONS.has(reason)) throw new TraceFormatError(line, 'reason', `unknown drop reason ${JSON.stringify(reason)}`);
    event.reason = reason as TraceEvent['reason'];
  }
  if (fields.mark !== undefined) event.mark = readMark(fields.mark, kind, line);
  if (fields.also !== undefined) event.also = readAlso(fields.also, event, line);
  if (fields.fields !== undefined) event.fields = readFields(fields.fields, line);
  return event;
}

const END_KEYS = new Set(['kind', 'msg', 'peer']);

/**
 * `also`: the event's further message ends, each `{"kind":"send"|"receive","msg":N,"peer":S}`, on a
 * send or receive. An event that receives anything is a `receive` (so a `send` has only sends
 * here); no end is listed twice, a message is received once per event, and an event does not
 * receive a message it sends.
 */
function readAlso(value: unknown, event: TraceEvent, line: number): MessageEnd[] {
  if (event.kind !== 'send' && event.kind !== 'receive') throw new TraceFormatError(line, 'also', 'only a send or receive event has further message ends');
  if (!Array.isArray(value) || value.length === 0) throw new TraceFormatError(line, 'also', 'must be a non-empty list of {"kind","msg","peer"}');
  const ends: MessageEnd[] = [];
  const seen = new Set<string>([`${event.kind} ${event.msg} ${event.peer}`]);
  const received = new Set<number>(event.kind === 'receive' ? [event.msg!] : []);
  const sent = new Set<number>(event.kind === 'send' ? [event.msg!] : []);
  value.forEach((item: unknown, k) => {
    const field = `also[${k}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new TraceFormatError(line, field, 'must be {"kind","msg","peer"}');
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!END_KEYS.has(key)) throw new TraceFormatError(line, `${field}.${key}`, 'unknown field: a message end has kind, msg and peer');
    if (record.kind !== 'send' && record.kind !== 'receive') throw new TraceFormatError(line, `${field}.kind`, 'must be "send" or "receive"');
    if (record.kind === 'receive' && event.kind === 'send') throw new TraceFormatError(line, `${field}.kind`, 'an event that receives is a receive: write its first receive as the event\'s kind, msg and peer');
    const msg = requireFinite(record.msg, `${field}.msg`, line);
    if (!Number.isInteger(msg) || msg < 0) throw new TraceFormatError(line, `${field}.msg`, 'must be a whole number from 0');
    const peer = requireString(record.peer, `${field}.peer`, line);
    if (peer === '') throw new TraceFormatError(line, `${field}.peer`, 'must not be empty');
    const key = `${record.kind} ${msg} ${peer}`;
    if (seen.has(key)) throw new TraceFormatError(line, field, `${record.kind} of message ${msg} ${record.kind === 'send' ? 'to' : 'from'} ${peer} is listed twice`);
    seen.add(key);
    if (record.kind === 'receive') {
      if (received.has(msg)) throw new TraceFormatError(line, field, `message ${msg} is received twice by one event`);
      received.add(msg);
    } else sent.add(msg);
    if (received.has(msg) && sent.has(msg)) throw new TraceFormatError(line, field, `message ${msg} is both sent and received by this event`);
    ends.push({ kind: record.kind, msg, peer });
  });
  return ends;
}

/** `fields`: an object of name to text (what an imported log's regular expression named). */
function readFields(value: unknown, line: number): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(line, 'fields', 'must be an object of name to text');
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) if (typeof record[name] !== 'string') throw new TraceFormatError(line, `fields.${name}`, 'must be a string');
  return record as Record<string, string>;
}

/** A `mark`: `{"enter": NAME}` or `{"exit": NAME}`, on a local event. */
function readMark(value: unknown, kind: string, line: number): RegionMark {
  if (kind !== 'local') throw new TraceFormatError(line, 'mark', 'only a local event opens or closes a region');
  const mark = value as Record<string, unknown> | null;
  const keys = typeof mark === 'object' && mark !== null && !Array.isArray(mark) ? Object.keys(mark) : [];
  const name = keys.length === 1 ? mark![keys[0]] : undefined;
  if ((keys[0] !== 'enter' && keys[0] !== 'exit') || typeof name !== 'string' || name === '') {
    throw new TraceFormatError(line, 'mark', 'must be {"enter": NAME} or {"exit": NAME}');
  }
  return keys[0] === 'enter' ? { enter: name } : { exit: name };
}

/**
 * Validates a `vc` value in place and returns it: JSON.parse or the scanner made it, so it is a
 * fresh plain object the event may own; copying it cost more than the check itself. Entries are judged in the order
 * for...in gives them (integer-like names first), which is the order of the first error reported.
 */
function readVectorClock(value: unknown, line: number): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(line, 'vc', 'must be an object of node to count');
  const clock = value as Record<string, unknown>;
  for (const node in clock) {
    if (!isVectorCount(clock[node])) throw new TraceFormatError(line, `vc.${node}`, 'must be a whole number from 0');
  }
  return clock as Record<string, number>;
}

