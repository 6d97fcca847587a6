/**
 * Reads NDJSON traces line by line, validating each line, so that a trace of any length can be
 * checked or windowed without being loaded. Pure: the caller feeds lines (only `src/cli` reads files).
 */
import {
  EVENT_KINDS,
  MESSAGE_TYPES,
  type EventKind,
  type MessageType,
  type TraceEvent,
  type TraceHeader,
} from './format.js';

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

const DROP_REASONS = new Set(['loss', 'partition', 'crashed']);
const KINDS = new Set<string>(EVENT_KINDS);
const TYPES = new Set<string>(MESSAGE_TYPES);

/**
 * Incremental trace reader: call {@link TraceLineReader.push} with each line in order.
 * The first non-empty line must be the header. Blank lines are skipped; a line
 * `{"interrupted":true,...}` ends the trace (the run was stopped by the user).
 */
export class TraceLineReader {
  header: TraceHeader | undefined;
  /** Set when the trace ends with the interrupted marker. */
  interrupted = false;
  private lineNumber = 0;
  private nextIndex = 0;
  private lastTimeMs = 0;

  /** Returns the event on this line, or undefined for the header, blank lines and the end marker. */
  push(line: string): TraceEvent | undefined {
    this.lineNumber++;
    const n = this.lineNumber;
    if (line.trim() === '') return undefined;
    if (this.interrupted) throw new TraceFormatError(n, '', 'nothing may follow the "interrupted" line');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TraceFormatError(n, '', `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TraceFormatError(n, '', 'each line must be a JSON object');
    }
    const record = value as Record<string, unknown>;
    if (this.header === undefined) {
      this.header = readHeader(record, n);
      return undefined;
    }
    if (record.interrupted === true) {
      this.interrupted = true;
      return undefined;
    }
    const event = readEvent(record, n, this.nextIndex, this.lastTimeMs);
    this.nextIndex++;
    this.lastTimeMs = event.t;
    return event;
  }

  /** Call after the last line: a trace must at least have its header. */
  finish(): TraceHeader {
    if (this.header === undefined) throw new TraceFormatError(Math.max(1, this.lineNumber), '', 'empty trace: no header line');
    return this.header;
  }

  /** Lines read so far. */
  get lines(): number {
    return this.lineNumber;
  }
}

function readHeader(record: Record<string, unknown>, line: number): TraceHeader {
  if (record.format !== 'chitty-sim-trace') {
    throw new TraceFormatError(line, 'format', 'the first line must be the header {"format":"chitty-sim-trace",...}');
  }
  if (record.version !== 1) throw new TraceFormatError(line, 'version', `unsupported version ${JSON.stringify(record.version)}; this reader knows 1`);
  if (typeof record.scenario !== 'string') throw new TraceFormatError(line, 'scenario', 'must be a string');
  if (typeof record.seed !== 'number' || !Number.isFinite(record.seed)) throw new TraceFormatError(line, 'seed', 'must be a number');
  if (typeof record.clock !== 'string') throw new TraceFormatError(line, 'clock', 'must be a string');
  return { format: 'chitty-sim-trace', version: 1, scenario: record.scenario, seed: record.seed, clock: record.clock };
}

function requireString(record: Record<string, unknown>, field: string, line: number): string {
  const value = record[field];
  if (typeof value !== 'string') throw new TraceFormatError(line, field, value === undefined ? 'missing' : 'must be a string');
  return value;
}

function requireFinite(record: Record<string, unknown>, field: string, line: number): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TraceFormatError(line, field, value === undefined ? 'missing' : 'must be a finite number');
  }
  return value;
}

function readEvent(record: Record<string, unknown>, line: number, expectedIndex: number, lastTimeMs: number): TraceEvent {
  const i = requireFinite(record, 'i', line);
  if (i !== expectedIndex) throw new TraceFormatError(line, 'i', `expected event index ${expectedIndex}, found ${i}`);
  const t = requireFinite(record, 't', line);
  if (t < 0) throw new TraceFormatError(line, 't', 'virtual time cannot be negative');
  if (t < lastTimeMs) throw new TraceFormatError(line, 't', `virtual time goes back from ${lastTimeMs} to ${t}`);
  const node = requireString(record, 'node', line);
  if (node === '') throw new TraceFormatError(line, 'node', 'must not be empty');
  const kind = requireString(record, 'kind', line);
  if (!KINDS.has(kind)) throw new TraceFormatError(line, 'kind', `unknown kind ${JSON.stringify(kind)}; expected one of ${EVENT_KINDS.join(', ')}`);
  const lamport = requireFinite(record, 'lamport', line);
  const text = record.text === undefined ? '' : requireString(record, 'text', line);
  const event: TraceEvent = { i, t, node, kind: kind as EventKind, lamport, text };
  if (record.vc !== undefined) event.vc = readVectorClock(record.vc, line);
  if (kind === 'send' || kind === 'receive' || kind === 'drop') {
    const msg = requireFinite(record, 'msg', line);
    if (!Number.isInteger(msg) || msg < 0) throw new TraceFormatError(line, 'msg', 'must be a whole number from 0');
    event.msg = msg;
    const peer = requireString(record, 'peer', line);
    if (peer === '') throw new TraceFormatError(line, 'peer', 'must not be empty');
    event.peer = peer;
  }
  if (record.type !== undefined) {
    const type = requireString(record, 'type', line);
    if (!TYPES.has(type)) throw new TraceFormatError(line, 'type', `unknown message type ${JSON.stringify(type)}`);
    event.type = type as MessageType;
  }
  if (record.shows !== undefined) event.shows = requireString(record, 'shows', line);
  if (kind === 'drop') {
    const reason = requireString(record, 'reason', line);
    if (!DROP_REASONS.has(reason)) throw new TraceFormatError(line, 'reason', `unknown drop reason ${JSON.stringify(reason)}`);
    event.reason = reason as TraceEvent['reason'];
  }
  return event;
}

function readVectorClock(value: unknown, line: number): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(line, 'vc', 'must be an object of node to count');
  const clock: Record<string, number> = {};
  for (const [node, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new TraceFormatError(line, `vc.${node}`, 'must be a whole number from 0');
    }
    clock[node] = count;
  }
  return clock;
}

/** Reads a whole trace held in a string. Throws {@link TraceFormatError}. */
export function readTrace(text: string): { header: TraceHeader; events: TraceEvent[]; interrupted: boolean } {
  const reader = new TraceLineReader();
  const events: TraceEvent[] = [];
  for (const line of text.split('\n')) {
    const event = reader.push(line);
    if (event) events.push(event);
  }
  return { header: reader.finish(), events, interrupted: reader.interrupted };
}
