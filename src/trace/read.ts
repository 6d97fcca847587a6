/**
 * Reads NDJSON traces line by line, validating each line, so that a trace of any length can be
 * checked or windowed without being loaded. Pure: the caller feeds lines (only `src/cli` reads files).
 */
import {
  DROP_REASONS,
  EVENT_KINDS,
  MESSAGE_TYPES,
  type DropReason,
  type EventKind,
  type MessageType,
  type TraceEvent,
  type TraceHeader,
} from './format.js';
import { EventLineScanner, isVectorCount, NameTable } from './fast-parse.js';
import { BytesText } from './text-bytes.js';

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
const TYPES = new Set<string>(MESSAGE_TYPES);

/**
 * An event with its node names also as numbers: from 0, in the order the trace's reader first met
 * them. What `TraceChecker.pushRead` takes: a {@link ReadEvent}, or an event moved between threads
 * in a batch (batch.ts). Its texts may be decoded only when read.
 */
export interface NumberedEvent {
  readonly i: number;
  readonly t: number;
  readonly node: string;
  readonly nodeNumber: number;
  readonly kind: EventKind;
  readonly lamport: number;
  readonly vc: Record<string, number> | undefined;
  /** -1 for kinds other than send, receive and drop. */
  readonly msg: number;
  readonly peer: string | undefined;
  /** -1 when there is no peer. */
  readonly peerNumber: number;
  readonly type: MessageType | undefined;
  readonly reason: DropReason | undefined;
  readonly text: string;
  readonly shows: string | undefined;
  /** `text` as a {@link BytesText} (reused for every event): asked without decoding it where it can be. */
  readonly textView: BytesText;
  /** `shows` as a {@link BytesText} (reused for every event), or undefined. */
  readonly showsText: BytesText | undefined;
}

/**
 * An event as {@link TraceLineReader.read} hands it out: one object, refilled for every line, with
 * the node names also as numbers (from 0, in the order the reader first met them) and the texts
 * decoded only when asked for. What it holds is valid until the next line is read.
 */
export class ReadEvent implements NumberedEvent {
  i = 0;
  t = 0;
  node = '';
  /** The number of `node` among the trace's names (see {@link TraceLineReader.names}). */
  nodeNumber = 0;
  kind: EventKind = 'local';
  lamport = 0;
  vc: Record<string, number> | undefined = undefined;
  /** The message id of a send, receive or drop; -1 for other kinds. */
  msg = -1;
  /** The other end of a send, receive or drop; undefined for other kinds. */
  peer: string | undefined = undefined;
  /** The number of `peer`, or -1. */
  peerNumber = -1;
  type: MessageType | undefined = undefined;
  reason: DropReason | undefined = undefined;
  /** `kind`, `type` and `reason` as their index in `EVENT_KINDS`, `MESSAGE_TYPES` and `DROP_REASONS` (-1: absent). */
  kindCode = 2;
  typeCode = -1;
  reasonCode = -1;
  /** Where the texts come from: the scanner (decoded on demand) or a parsed event. */
  private scanned: EventLineScanner | undefined = undefined;
  private parsed: TraceEvent | undefined = undefined;
  private readonly textBytes = new BytesText();
  private readonly showsView = new BytesText();

  /** The scanner that read this event, or undefined when JSON.parse did: where its texts lie in the line's bytes. */
  get scanner(): EventLineScanner | undefined {
    return this.scanned;
  }

  /** The logged text (empty when the event logs nothing). */
  get text(): string {
    return this.scanned !== undefined ? this.scanned.text : this.parsed!.text;
  }

  /** What the node shows its user, or undefined. */
  get shows(): string | undefined {
    return this.scanned !== undefined ? this.scanned.shows : this.parsed!.shows;
  }

  get showsText(): BytesText | undefined {
    const scanner = this.scanned;
    if (scanner === undefined) {
      const shows = this.parsed!.shows;
      if (shows === undefined) return undefined;
      this.showsView.setString(shows);
      return this.showsView;
    }
    if (!scanner.hasShows) return undefined;
    const field = scanner.showsField;
    if (field.decoded !== undefined) this.showsView.setString(field.decoded);
    else this.showsView.setBytes(scanner.lineBytes, field.start, field.end, field.ascii);
    return this.showsView;
  }

  get textView(): BytesText {
    const scanner = this.scanned;
    if (scanner === undefined) {
      this.textBytes.setString(this.parsed!.text);
    } else {
      const field = scanner.textField;
      if (field.decoded !== undefined) this.textBytes.setString(field.decoded);
      else this.textBytes.setBytes(scanner.lineBytes, field.start, field.end, field.ascii);
    }
    return this.textBytes;
  }

  /** @internal Fills it from the scanner, whose fields passed the reader's rules. */
  fromScanner(scanner: EventLineScanner, messageKind: boolean): void {
    this.i = scanner.i;
    this.t = scanner.t;
    this.node = scanner.node;
    this.nodeNumber = scanner.nodeNumber;
    this.kind = scanner.kind as EventKind;
    this.lamport = scanner.lamport;
    this.vc = scanner.vc;
    if (messageKind) {
      this.msg = scanner.msg!;
      this.peer = scanner.peer;
      this.peerNumber = scanner.peerNumber;
    } else {
      this.msg = -1;
      this.peer = undefined;
      this.peerNumber = -1;
    }
    this.type = scanner.type as MessageType | undefined;
    this.kindCode = scanner.kindCode;
    this.typeCode = scanner.typeCode;
    if (this.kind === 'drop') {
      this.reason = scanner.reason as DropReason;
      this.reasonCode = scanner.reasonCode;
    } else {
      this.reason = undefined;
      this.reasonCode = -1;
    }
    this.scanned = scanner;
    this.parsed = undefined;
  }

  /** @internal Fills it from an event the general path built. */
  fromEvent(event: TraceEvent, names: NameTable): void {
    this.i = event.i;
    this.t = event.t;
    this.node = event.node;
    this.nodeNumber = names.number(event.node);
    this.kind = event.kind;
    this.lamport = event.lamport;
    this.vc = event.vc;
    this.msg = event.msg ?? -1;
    this.peer = event.peer;
    this.peerNumber = event.peer === undefined ? -1 : names.number(event.peer);
    this.type = event.type as MessageType | undefined;
    this.reason = event.reason;
    this.kindCode = EVENT_KINDS.indexOf(event.kind);
    this.typeCode = event.type === undefined ? -1 : MESSAGE_TYPES.indexOf(event.type as MessageType);
    this.reasonCode = event.reason === undefined ? -1 : DROP_REASONS.indexOf(event.reason);
    this.scanned = undefined;
    this.parsed = event;
  }

  /** A plain event object with these values, owning its data. */
  toTraceEvent(): TraceEvent {
    if (this.parsed !== undefined) return this.parsed;
    const event: TraceEvent = { i: this.i, t: this.t, node: this.node, kind: this.kind, lamport: this.lamport, text: this.text };
    if (this.vc !== undefined) event.vc = this.vc;
    if (this.msg >= 0) {
      event.msg = this.msg;
      event.peer = this.peer;
    }
    if (this.type !== undefined) event.type = this.type;
    const shows = this.shows;
    if (shows !== undefined) event.shows = shows;
    if (this.reason !== undefined) event.reason = this.reason;
    return event;
  }
}

/**
 * Incremental trace reader: hand it each line in order, as text ({@link TraceLineReader.push}) or
 * as bytes ({@link TraceLineReader.read}, {@link TraceLineReader.pushBytes}).
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
  /** The node names met so far, numbered as in {@link ReadEvent.nodeNumber}. */
  readonly names = new NameTable();
  /** Where the line read by {@link TraceLineReader.readLine} ends: the index of its `\n`. */
  lineEnd = -1;
  private lineNumber = 0;
  private nextIndex = 0;
  private lastTimeMs = 0;
  private readonly scanner: EventLineScanner | undefined;
  private readonly event = new ReadEvent();
  private scratch = Buffer.alloc(0);

  /**
   * @param options.fastPath - read lines in the simulator's layout with the scanner; default
   *   true. False reads every line with JSON.parse (the same results, slower): for tests that
   *   compare the two paths.
   */
  constructor(options: { fastPath?: boolean } = {}) {
    this.scanner = options.fastPath === false ? undefined : new EventLineScanner(this.names);
  }

  /**
   * Reads the line whose UTF-8 bytes are at [start, end) of `bytes`, without its line break.
   * Returns the event, in an object reused for every line (copy what you keep, see
   * {@link ReadEvent.toTraceEvent}); undefined for the header, blank lines and the end marker.
   * `bytes` must stay unchanged until the event's text has been read.
   * @throws TraceFormatError when the line is not what the format says.
   */
  read(bytes: Buffer, start: number, end: number): ReadEvent | undefined {
    const n = ++this.lineNumber;
    const scanner = this.scanner;
    // A line that starts with `{` is not blank: the fast path need not trim it.
    if (scanner !== undefined && bytes[start] === 0x7b && this.header !== undefined && !this.interrupted && scanner.scan(bytes, start, end)) {
      return this.acceptScanned(scanner, n);
    }
    return this.readParsed(bytes.toString('utf8', start, end), n);
  }

  /**
   * Reads the line that starts at `start` when it is an event line in the simulator's layout
   * ending with `}` and `\n` before `limit`, without being told where it ends: the line splitter
   * then need not search for it. Returns the event (as {@link TraceLineReader.read} does) and sets
   * {@link TraceLineReader.lineEnd} to the index of its `\n`; or returns undefined having read
   * nothing, and the line must be read the usual way.
   */
  readLine(bytes: Buffer, start: number, limit: number): ReadEvent | undefined {
    const scanner = this.scanner;
    if (scanner === undefined || this.header === undefined || this.interrupted || bytes[start] !== 0x7b) return undefined;
    const lineEnd = scanner.scanLine(bytes, start, limit);
    if (lineEnd < 0) return undefined;
    this.lineEnd = lineEnd;
    return this.acceptScanned(scanner, ++this.lineNumber);
  }

  /**
   * Returns the event on this line as a new object, or undefined for the header, blank lines and
   * the end marker.
   * @param line - one line, without its line break.
   * @throws TraceFormatError when the line is not what the format says.
   */
  push(line: string): TraceEvent | undefined {
    if (this.scanner !== undefined && line.charCodeAt(0) === 0x7b && this.header !== undefined && !this.interrupted) {
      const bytes = this.encode(line);
      if (bytes !== undefined) return this.read(bytes, 0, line.length)?.toTraceEvent();
    }
    return this.readParsed(line, ++this.lineNumber)?.toTraceEvent();
  }

  /** {@link TraceLineReader.read}, returning the event as a new object. */
  pushBytes(bytes: Buffer, start: number, end: number): TraceEvent | undefined {
    return this.read(bytes, start, end)?.toTraceEvent();
  }

  /**
   * The scanner's fields through the rules: the common, valid line passes a few comparisons;
   * anything else goes through {@link buildEvent}, which reports exactly what JSON.parse's path
   * would.
   */
  private acceptScanned(scanner: EventLineScanner, n: number): ReadEvent {
    const kind = scanner.kind;
    const messageKind = kind === 'send' || kind === 'receive' || kind === 'drop';
    const t = scanner.t;
    const msg = scanner.msg;
    const valid =
      scanner.i === this.nextIndex &&
      t >= this.lastTimeMs &&
      t >= 0 &&
      t !== Infinity &&
      scanner.node !== '' &&
      scanner.kindCode >= 0 &&
      Number.isFinite(scanner.lamport) &&
      (scanner.vc === undefined || scanner.vcValid) &&
      (!messageKind || (msg !== undefined && Number.isInteger(msg) && msg >= 0 && scanner.peer !== undefined && scanner.peer !== '')) &&
      scanner.typeCode !== -2 &&
      (kind !== 'drop' || scanner.reasonCode >= 0);
    const event = this.event;
    if (valid) {
      event.fromScanner(scanner, messageKind);
    } else {
      // Throws, unless the quick test above was stricter than the rules (an escaped `kind`, say).
      const built = buildEvent(n, this.nextIndex, this.lastTimeMs, scanner.i, t, scanner.node, kind, scanner.lamport, scanner.text, scanner.vc, scanner.vcValid, msg, scanner.peer, scanner.type, scanner.shows, scanner.reason);
      event.fromEvent(built, this.names);
    }
    this.nextIndex++;
    this.lastTimeMs = t;
    return event;
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
  private readParsed(line: string, n: number): ReadEvent | undefined {
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
    const built = buildEvent(
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
    this.lastTimeMs = built.t;
    this.event.fromEvent(built, this.names);
    return this.event;
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
    if (!REASONS.has(reason)) throw new TraceFormatError(line, 'reason', `unknown drop reason ${JSON.stringify(reason)}`);
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
