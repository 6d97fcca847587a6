/**
 * Reads NDJSON traces line by line, validating each line, so that a trace of any length can be
 * checked or windowed without being loaded. Pure: the caller feeds lines (only `src/cli` reads files).
 */
import type { TraceEvent, TraceHeader } from './format.js';
import { EventLineScanner } from './event-line-scanner.js';
import { NameTable } from './name-table.js';
import { buildEvent, readHeader, TraceFormatError, type RawFields } from './line-rules.js';
import { ReadEvent } from './read-event.js';

export { TraceFormatError } from './line-rules.js';
export { ReadEvent, type NumberedEvent } from './read-event.js';

/**
 * Incremental trace reader: hand it each line in order, as text ({@link TraceLineReader.push}) or
 * as bytes ({@link TraceLineReader.read}, {@link TraceLineReader.pushBytes}).
 * The first non-empty line must be the header. Blank lines are skipped; a line
 * `{"interrupted":true,...}` ends the trace (the run was stopped by the user), and so does
 * `{"error":"...",...}` (the run stopped on an error in a protocol's code).
 *
 * Event lines in exactly the layout the simulator writes are read by a hand-written scanner
 * (event-line-scanner.ts); any other line by JSON.parse. Both paths hand their fields to the same rules, so
 * every line gives the same event, or the same {@link TraceFormatError}, whichever path reads it.
 */
export class TraceLineReader {
  header: TraceHeader | undefined;
  /** Set when the trace ends with the interrupted marker. */
  interrupted = false;
  /** The error that stopped the run, when the trace ends with an error line. */
  failure: string | undefined = undefined;
  /** The node names met so far, numbered as in {@link ReadEvent.nodeNumber}. */
  readonly names = new NameTable();
  /** Where the line read by {@link TraceLineReader.readLine} ends: the index of its `\n`. */
  lineEnd = -1;
  private lineNumber = 0;
  private nextIndex = 0;
  private lastTimeMs = 0;
  private readonly scanner: EventLineScanner | undefined;
  private readonly event = new ReadEvent();
  /** Made on first use: a reader on the JSON.parse path alone (a browser's) never needs a Buffer. */
  private scratch: Buffer | undefined = undefined;

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
    if (scanner !== undefined && bytes[start] === 0x7b && this.header !== undefined && !this.ended && scanner.scan(bytes, start, end)) {
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
    if (scanner === undefined || this.header === undefined || this.ended || bytes[start] !== 0x7b) return undefined;
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
    if (this.scanner !== undefined && line.charCodeAt(0) === 0x7b && this.header !== undefined && !this.ended) {
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
      scanner.type !== '' &&
      (kind !== 'drop' || scanner.reasonCode >= 0) &&
      (scanner.mark === undefined || (kind === 'local' && (scanner.mark.enter ?? scanner.mark.exit) !== ''));
    const event = this.event;
    if (valid) {
      event.fromScanner(scanner, messageKind);
    } else {
      // Throws, unless the quick test above was stricter than the rules (an escaped `kind`, say).
      const built = buildEvent(n, this.nextIndex, this.lastTimeMs, {
        i: scanner.i,
        t,
        node: scanner.node,
        kind,
        lamport: scanner.lamport,
        text: scanner.text,
        vc: scanner.vc,
        msg,
        peer: scanner.peer,
        type: scanner.type,
        shows: scanner.shows,
        reason: scanner.reason,
        mark: scanner.mark,
        also: undefined,
        fields: undefined,
      }, scanner.vcValid);
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
    const held = this.scratch?.length ?? 0;
    if (held < 3 * line.length) this.scratch = Buffer.allocUnsafe(Math.max(3 * line.length, 2 * held));
    return this.scratch!.write(line, 0, 'utf8') === line.length ? this.scratch : undefined;
  }

  /** The general path: any JSON. */
  private readParsed(line: string, n: number): ReadEvent | undefined {
    if (line.trim() === '') return undefined;
    if (this.ended) throw new TraceFormatError(n, '', `nothing may follow the "${this.interrupted ? 'interrupted' : 'error'}" line`);
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
    if (typeof record.error === 'string' && record.i === undefined) {
      this.failure = record.error;
      return undefined;
    }
    const built = buildEvent(n, this.nextIndex, this.lastTimeMs, record as unknown as RawFields, false);
    this.nextIndex++;
    this.lastTimeMs = built.t;
    this.event.fromEvent(built, this.names);
    return this.event;
  }

  /** Whether the trace has ended: an "interrupted" or "error" line was read. */
  get ended(): boolean {
    return this.interrupted || this.failure !== undefined;
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

/**
 * Reads a whole trace held in a string. Throws {@link TraceFormatError}.
 * @param options.fastPath - as for {@link TraceLineReader}; false in a browser, where the scanner's Buffers are not.
 */
export function readTrace(text: string, options: { fastPath?: boolean } = {}): { header: TraceHeader; events: TraceEvent[]; interrupted: boolean; failure: string | undefined } {
  const reader = new TraceLineReader(options);
  const events: TraceEvent[] = [];
  for (const line of text.split('\n')) {
    const event = reader.push(line);
    if (event) events.push(event);
  }
  return { header: reader.finish(), events, interrupted: reader.interrupted, failure: reader.failure };
}
