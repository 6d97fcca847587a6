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
import { EventLineScanner, isVectorCount } from './fast-parse.js';

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
 *
 * Event lines in exactly the layout the simulator writes are read by a hand-written scanner
 * (fast-parse.ts); any other line by JSON.parse. Both paths hand their fields to the same rules, so
 * every line gives the same event, or the same {@link TraceFormatError}, whichever path reads it.
 */
export class TraceLineReader {
  header: TraceHeader | undefined;
  /** Set when the trace ends with the interrupted marker. */
  interrupted = false;
  private lineNumber = 0;
  private nextIndex = 0;
  private lastTimeMs = 0;
  private readonly scanner: EventLineScanner | undefined;
  private scratch = Buffer.alloc(0);

  /**
   * @param options.fastPath - read lines in the simulator's layout with the scanner; default
   *   true. False reads every line with JSON.parse (the same results, slower): for tests that
   *   compare the two paths.
   */
  constructor(options: { fastPath?: boolean } = {}) {
    this.scanner = options.fastPath === false ? undefined : new EventLineScanner();
  }

  /**
   * Returns the event on this line, or undefined for the header, blank lines and the end marker.
   * @param line - one line, without its line break.
   * @param bytes - optional: a Buffer that holds the UTF-8 bytes `line` was decoded from, at
   *   [start, end), as `LineSplitter` (lines.ts) hands them out. The fast path reads bytes; without
   *   them it encodes the line itself (when the line is all ASCII), at some cost.
   * @throws TraceFormatError when the line is not what the format says.
   */
  push(line: string, bytes?: Buffer, start = 0, end = bytes === undefined ? 0 : bytes.length): TraceEvent | undefined {
    const n = ++this.lineNumber;
    const scanner = this.scanner;
    // A line that starts with `{` is not blank: the fast path need not trim it.
    if (scanner !== undefined && line.charCodeAt(0) === 0x7b && this.header !== undefined && !this.interrupted) {
      if (bytes === undefined) {
        bytes = this.encode(line);
        start = 0;
        end = bytes === undefined ? 0 : line.length;
      }
      if (bytes !== undefined && scanner.scan(line, bytes, start, end)) {
        const event = buildEvent(
          n,
          this.nextIndex,
          this.lastTimeMs,
          scanner.i,
          scanner.t,
          scanner.node,
          scanner.kind,
          scanner.lamport,
          scanner.text,
          scanner.vc,
          scanner.vcValid,
          scanner.msg,
          scanner.peer,
          scanner.type,
          scanner.shows,
          scanner.reason,
        );
        this.nextIndex++;
        this.lastTimeMs = event.t;
        return event;
      }
    }
    return this.pushParsed(line, n);
  }

  /**
   * The line as bytes in a reused buffer, when it is all ASCII; otherwise undefined (the line is
   * left to JSON.parse): re-encoding would turn a lone surrogate, which JSON.parse keeps, into U+FFFD.
   */
  private encode(line: string): Buffer | undefined {
    if (this.scratch.length < 3 * line.length) this.scratch = Buffer.allocUnsafe(Math.max(3 * line.length, 2 * this.scratch.length));
    return this.scratch.write(line, 0, 'utf8') === line.length ? this.scratch : undefined;
  }

  /** The general path: any JSON. */
  private pushParsed(line: string, n: number): TraceEvent | undefined {
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
    const event = buildEvent(
      n,
      this.nextIndex,
      this.lastTimeMs,
      record.i,
      record.t,
      record.node,
      record.kind,
      record.lamport,
      record.text,
      record.vc,
      false,
      record.msg,
      record.peer,
      record.type,
      record.shows,
      record.reason,
    );
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

/**
 * The rules for an event line, whichever path read it: each argument is the field's value as
 * JSON.parse would give it, undefined when the field is absent. Checks run in a fixed order, so the
 * first problem of a line is the one reported.
 * @param vcChecked - every entry of `vc` is already known to pass {@link isVectorCount}.
 */
function buildEvent(
  line: number,
  expectedIndex: number,
  lastTimeMs: number,
  iValue: unknown,
  tValue: unknown,
  nodeValue: unknown,
  kindValue: unknown,
  lamportValue: unknown,
  textValue: unknown,
  vcValue: unknown,
  vcChecked: boolean,
  msgValue: unknown,
  peerValue: unknown,
  typeValue: unknown,
  showsValue: unknown,
  reasonValue: unknown,
): TraceEvent {
  const i = requireFinite(iValue, 'i', line);
  if (i !== expectedIndex) throw new TraceFormatError(line, 'i', `expected event index ${expectedIndex}, found ${i}`);
  const t = requireFinite(tValue, 't', line);
  if (t < 0) throw new TraceFormatError(line, 't', 'virtual time cannot be negative');
  if (t < lastTimeMs) throw new TraceFormatError(line, 't', `virtual time goes back from ${lastTimeMs} to ${t}`);
  const node = requireString(nodeValue, 'node', line);
  if (node === '') throw new TraceFormatError(line, 'node', 'must not be empty');
  const kind = requireString(kindValue, 'kind', line);
  if (!KINDS.has(kind)) throw new TraceFormatError(line, 'kind', `unknown kind ${JSON.stringify(kind)}; expected one of ${EVENT_KINDS.join(', ')}`);
  const lamport = requireFinite(lamportValue, 'lamport', line);
  const text = textValue === undefined ? '' : requireString(textValue, 'text', line);
  const event: TraceEvent = { i, t, node, kind: kind as EventKind, lamport, text };
  if (vcValue !== undefined) event.vc = vcChecked ? (vcValue as Record<string, number>) : readVectorClock(vcValue, line);
  if (kind === 'send' || kind === 'receive' || kind === 'drop') {
    const msg = requireFinite(msgValue, 'msg', line);
    if (!Number.isInteger(msg) || msg < 0) throw new TraceFormatError(line, 'msg', 'must be a whole number from 0');
    event.msg = msg;
    const peer = requireString(peerValue, 'peer', line);
    if (peer === '') throw new TraceFormatError(line, 'peer', 'must not be empty');
    event.peer = peer;
  }
  if (typeValue !== undefined) {
    const type = requireString(typeValue, 'type', line);
    if (!TYPES.has(type)) throw new TraceFormatError(line, 'type', `unknown message type ${JSON.stringify(type)}`);
    event.type = type as MessageType;
  }
  if (showsValue !== undefined) event.shows = requireString(showsValue, 'shows', line);
  if (kind === 'drop') {
    const reason = requireString(reasonValue, 'reason', line);
    if (!DROP_REASONS.has(reason)) throw new TraceFormatError(line, 'reason', `unknown drop reason ${JSON.stringify(reason)}`);
    event.reason = reason as TraceEvent['reason'];
  }
  return event;
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
