/**
 * A hand-written scanner for event lines in exactly the layout `NdjsonTraceSink` (write.ts) writes:
 *
 *     {"i":N,"t":N,"node":S,"kind":S,"lamport":N[,"vc":{S:N,...}][,"msg":N,"peer":S][,"type":S],"text":S[,"shows":S][,"reason":S][,"mark":{"enter"|"exit":S}]}
 *
 * no spaces, fields in this order. It only reads the fields; it never judges them: the reader
 * (read.ts) applies the same rules to what it finds as to what JSON.parse finds. Any line that
 * departs from the layout, however slightly, is declined, and the reader falls back to JSON.parse.
 * So the scanner must accept only lines that are valid JSON, and give for each field exactly the
 * value JSON.parse gives: strings without a backslash are the UTF-8 decoding of their bytes,
 * strings with escapes go through JSON.parse of just that string, and numbers are read exactly (see
 * {@link JsonTokenScanner.scanNumber}).
 *
 * It reads the line's UTF-8 bytes and never decodes the whole line: `"`, `\`, digits and the keys
 * are single bytes that never occur inside a multi-byte character. Keys and known values are
 * compared four bytes at a time. `text` and `shows` are only located: the checker asks most of its
 * questions of their bytes (text-bytes.ts), and they are decoded only when a string is wanted
 * ({@link EventLineScanner.text}).
 */

import { constants, word } from './byte-words.js';
import { DROP_REASONS, EVENT_KINDS, type RegionMark } from './format.js';
import { JsonTokenScanner, StringField, utf8 } from './json-token-scanner.js';
import { isVectorCount } from './line-rules.js';
import type { NameTable } from './name-table.js';

// Declared here rather than imported, as in json-token-scanner.ts: V8 folds them into the code.
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE_BRACE = 0x7d;
const LINE_FEED = 0x0a;

// The keys as words: `_N` is the word at byte N of the key (the last may overlap the one before).
const W_OPEN_I = word('{"i"');
const W_T = word(',"t"');
const W_NODE_0 = word(',"no');
const W_NODE_1 = word('de":');
const W_KIND_0 = word(',"ki');
const W_KIND_1 = word('nd":');
const W_LAMPORT_0 = word(',"la');
const W_LAMPORT_1 = word('mpor');
const W_LAMPORT_7 = word('rt":');
const W_VC_0 = word(',"vc');
const W_VC_3 = word('c":{');
const W_MSG_0 = word(',"ms');
const W_MSG_3 = word('sg":');
const W_PEER_0 = word(',"pe');
const W_PEER_1 = word('er":');
const W_TYPE_0 = word(',"ty');
const W_TYPE_1 = word('pe":');
const W_TEXT_0 = word(',"te');
const W_TEXT_1 = word('xt":');
const W_SHOWS_0 = word(',"sh');
const W_SHOWS_1 = word('ows"');
const W_REASON_0 = word(',"re');
const W_REASON_1 = word('ason');
const W_REASON_6 = word('on":');
const W_MARK_0 = word(',"ma');
const W_MARK_1 = word('rk":');
const W_ENTER_0 = word('{"en');
const W_ENTER_1 = word('ter"');
const W_EXIT_0 = word('{"ex');
const W_EXIT_1 = word('it":');

// In the order of format.ts, so that a value's index is its code there.
const KINDS = constants(EVENT_KINDS);
const REASONS = constants(DROP_REASONS);

/** Vectors of up to this many entries are built by assignment; longer ones by JSON.parse. */
const VC_BY_ASSIGNMENT = 12;
/** Vectors longer than this (in bytes) are not scanned but handed to JSON.parse at once. */
const VC_SCAN_MAX_BYTES = 256;

/**
 * Reads event lines in the writer's layout. One instance per trace: it remembers recent node names
 * so that the same name on many lines is one string with one number. Call
 * {@link EventLineScanner.scan}; when it returns true the fields hold the line's values (absent
 * optional fields are undefined, or -1 for numbers of names), until the next call.
 */
export class EventLineScanner extends JsonTokenScanner {
  i = 0;
  t = 0;
  node = '';
  /** The number of `node` in the name table. */
  nodeNumber = -1;
  kind = '';
  /** The index of `kind` in `EVENT_KINDS` when it is one of them as written (no escapes), else -1. */
  kindCode = -1;
  lamport = 0;
  /** The `vc` object, built as JSON.parse would build it. */
  vc: Record<string, number> | undefined = undefined;
  /** Whether every entry of `vc` passed {@link isVectorCount} (so the reader need not look again). */
  vcValid = true;
  msg: number | undefined = undefined;
  peer: string | undefined = undefined;
  /** The number of `peer` in the name table, or -1. */
  peerNumber = -1;
  type: string | undefined = undefined;
  /** The number of `type` in the name table (message types are numbered with the node names), or -1. */
  typeNumber = -1;
  /** Whether the line has `shows`. */
  hasShows = false;
  reason: string | undefined = undefined;
  /** The index of `reason` in `DROP_REASONS` as written, else -1. */
  reasonCode = -1;
  /** The region a local event opens or closes (`{"enter": NAME}`), or undefined. */
  mark: RegionMark | undefined = undefined;

  /** Where `text` lies in {@link EventLineScanner.lineBytes} (for code that moves events in bulk). */
  readonly textField = new StringField();
  /** Where `shows` lies, when {@link EventLineScanner.hasShows}. */
  readonly showsField = new StringField();
  /** The names and counts of the `vc` being scanned; reused. */
  private readonly vcNames: string[] = [];
  private readonly vcCounts: number[] = [];

  /** @param names - numbers the node names read; the reader's, shared with its JSON.parse path. */
  constructor(names?: NameTable) {
    super(names);
  }

  /** The bytes the last line was scanned from. */
  get lineBytes(): Buffer {
    return this.bytes;
  }

  /** The line's `text`, decoded now (the bytes of the line scanned last must be unchanged). */
  get text(): string {
    return this.decode(this.textField);
  }

  /** The line's `shows`, or undefined when it has none (decoded now, as {@link text}). */
  get shows(): string | undefined {
    return this.hasShows ? this.decode(this.showsField) : undefined;
  }

  /**
   * Reads one event line from its UTF-8 bytes at [start, end) of `bytes`, which must stay
   * unchanged until the last field of this line has been read. Returns false, with the fields in
   * no particular state, when the line is not exactly in the writer's layout; the caller then
   * reads it with JSON.parse.
   */
  scan(bytes: Buffer, start: number, end: number): boolean {
    const p = this.scanFields(bytes, start, end);
    return p === end - 1 && bytes[p] === CLOSE_BRACE;
  }

  /**
   * Reads the event line that starts at `start` and ends, before `limit`, with `}` and a `\n`,
   * without being told where it ends: returns the index of that `\n`, or -1 (the caller then
   * finds the line's end and reads it with {@link EventLineScanner.scan} or JSON.parse). A line
   * read so is one {@link EventLineScanner.scan} accepts with the same fields: no field of the
   * layout can hold a `\n` (a control character is invalid in a string, and no other token
   * reads one), so the scan cannot run past the line.
   */
  scanLine(bytes: Buffer, start: number, limit: number): number {
    const p = this.scanFields(bytes, start, limit);
    return p >= 0 && p + 1 < limit && bytes[p] === CLOSE_BRACE && bytes[p + 1] === LINE_FEED ? p + 1 : -1;
  }

  /** The fields of a line from `start`; returns the index after the last, or -1. */
  private scanFields(bytes: Buffer, start: number, end: number): number {
    this.use(bytes);
    // The keys are compared as little-endian words, written out here rather than in a helper: a
    // call per key cost more than the compare (V8 stops inlining into a function this long).
    const view = this.view;
    if (start + 5 > end || view.getInt32(start, true) !== W_OPEN_I || bytes[start + 4] !== COLON) return -1;
    let p = this.scanInteger(bytes, start + 5, end);
    if (p < 0 || p + 5 > end || view.getInt32(p, true) !== W_T || bytes[p + 4] !== COLON) return -1;
    this.i = this.number;
    p = this.scanNumber(bytes, p + 5, end);
    if (p < 0 || p + 8 > end || view.getInt32(p, true) !== W_NODE_0 || view.getInt32(p + 4, true) !== W_NODE_1) return -1;
    this.t = this.number;
    p = this.scanName(bytes, p + 8, end);
    if (p < 0 || p + 8 > end || view.getInt32(p, true) !== W_KIND_0 || view.getInt32(p + 4, true) !== W_KIND_1) return -1;
    this.node = this.string;
    this.nodeNumber = this.stringNumber;
    p = this.scanConstant(bytes, p + 8, end, KINDS);
    if (p < 0 || p + 11 > end || view.getInt32(p, true) !== W_LAMPORT_0 || view.getInt32(p + 4, true) !== W_LAMPORT_1 || view.getInt32(p + 7, true) !== W_LAMPORT_7) return -1;
    this.kind = this.string;
    this.kindCode = this.constantCode;
    p = this.scanInteger(bytes, p + 11, end);
    if (p < 0 || p + 8 > end) return -1;
    this.lamport = this.number;

    // Every optional key starts `,"` and then differs in its first letter (`type` and `text` in their second).
    let word = view.getInt32(p, true);
    this.vc = undefined;
    this.vcValid = true;
    if (word === W_VC_0) {
      if (view.getInt32(p + 3, true) !== W_VC_3) return -1;
      p = this.scanVector(bytes, p + 7, end);
      if (p < 0 || p + 8 > end) return -1;
      word = view.getInt32(p, true);
    }
    this.msg = undefined;
    this.peer = undefined;
    this.peerNumber = -1;
    if (word === W_MSG_0) {
      if (view.getInt32(p + 3, true) !== W_MSG_3) return -1;
      p = this.scanInteger(bytes, p + 7, end);
      if (p < 0 || p + 8 > end || view.getInt32(p, true) !== W_PEER_0 || view.getInt32(p + 4, true) !== W_PEER_1) return -1;
      this.msg = this.number;
      p = this.scanName(bytes, p + 8, end);
      if (p < 0 || p + 8 > end) return -1;
      this.peer = this.string;
      this.peerNumber = this.stringNumber;
      word = view.getInt32(p, true);
    }
    this.type = undefined;
    this.typeNumber = -1;
    if (word === W_TYPE_0) {
      if (view.getInt32(p + 4, true) !== W_TYPE_1) return -1;
      // A protocol sends a few types over and over: the name cache serves them as it serves node names.
      p = this.scanName(bytes, p + 8, end);
      if (p < 0 || p + 8 > end) return -1;
      this.type = this.string;
      this.typeNumber = this.stringNumber;
      word = view.getInt32(p, true);
    }
    if (word !== W_TEXT_0 || view.getInt32(p + 4, true) !== W_TEXT_1) return -1;
    p = this.locateString(bytes, view, p + 8, end, this.textField);
    if (p < 0) return -1;
    this.hasShows = false;
    if (p + 9 <= end && view.getInt32(p, true) === W_SHOWS_0 && view.getInt32(p + 4, true) === W_SHOWS_1 && bytes[p + 8] === COLON) {
      p = this.locateString(bytes, view, p + 9, end, this.showsField);
      if (p < 0) return -1;
      this.hasShows = true;
    }
    this.reason = undefined;
    this.reasonCode = -1;
    if (p + 10 <= end && view.getInt32(p, true) === W_REASON_0 && view.getInt32(p + 4, true) === W_REASON_1 && view.getInt32(p + 6, true) === W_REASON_6) {
      p = this.scanConstant(bytes, p + 10, end, REASONS);
      if (p < 0) return -1;
      this.reason = this.string;
      this.reasonCode = this.constantCode;
    }
    this.mark = undefined;
    if (p + 8 <= end && view.getInt32(p, true) === W_MARK_0 && view.getInt32(p + 4, true) === W_MARK_1) p = this.scanMark(bytes, view, p + 8, end);
    return p;
  }

  /** `{"enter":NAME}` or `{"exit":NAME}` from `p`, into {@link EventLineScanner.mark}; returns the index after it, or -1. */
  private scanMark(bytes: Buffer, view: DataView<ArrayBufferLike>, p: number, end: number): number {
    let enter: boolean;
    if (p + 9 <= end && view.getInt32(p, true) === W_ENTER_0 && view.getInt32(p + 4, true) === W_ENTER_1 && bytes[p + 8] === COLON) {
      enter = true;
      p += 9;
    } else if (p + 8 <= end && view.getInt32(p, true) === W_EXIT_0 && view.getInt32(p + 4, true) === W_EXIT_1) {
      enter = false;
      p += 8;
    } else {
      return -1;
    }
    p = this.scanName(bytes, p, end);
    if (p < 0 || p >= end || bytes[p] !== CLOSE_BRACE) return -1;
    this.mark = enter ? { enter: this.string } : { exit: this.string };
    return p + 1;
  }

  /**
   * The entries of `"vc":{...}` after its `{`, into `this.vc`. A short vector is scanned and built
   * by assignment, which matches JSON.parse (a repeated name keeps its first place and its last
   * value) except for the name `__proto__` (such a line is declined). A long one goes to JSON.parse
   * whole, up to the first `}` (if that `}` is inside a name, the text is not JSON and the line is
   * declined): V8 turns an object that gets more than about a dozen properties by assignment into
   * a slow dictionary, which then costs the checker's for...in far more; and a scan would read
   * every byte that JSON.parse reads again. Its entries are then judged by the reader.
   */
  private scanVector(bytes: Buffer, p: number, end: number): number {
    const open = p - 1;
    const close = bytes.indexOf(CLOSE_BRACE, p);
    if (close < 0 || close >= end) return -1;
    if (close - p > VC_SCAN_MAX_BYTES) {
      // JSON.parse would take a line break between entries: the vector must lie within the line.
      const lineFeed = bytes.indexOf(LINE_FEED, p);
      if (lineFeed >= 0 && lineFeed < close) return -1;
      try {
        this.vc = JSON.parse(utf8(bytes, open, close + 1)) as Record<string, number>;
      } catch {
        return -1;
      }
      this.vcValid = false;
      return close + 1;
    }
    const names = this.vcNames;
    const counts = this.vcCounts;
    names.length = 0;
    counts.length = 0;
    if (p === close) {
      this.vc = {};
      return p + 1;
    }
    for (;;) {
      // Vector names are node names: the cache serves them too (and numbers them, harmlessly).
      p = this.scanName(bytes, p, end);
      if (p < 0) return -1;
      const name = this.string;
      if (name === '__proto__' || p >= end || bytes[p] !== COLON) return -1;
      p = this.scanNumber(bytes, p + 1, end);
      if (p < 0 || p >= end) return -1;
      const count = this.number;
      if (!isVectorCount(count)) this.vcValid = false;
      names.push(name);
      counts.push(count);
      const c = bytes[p];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return -1;
      p++;
    }
    p++;
    if (names.length > VC_BY_ASSIGNMENT) {
      this.vc = JSON.parse(utf8(bytes, open, p)) as Record<string, number>;
    } else {
      const vc: Record<string, number> = {};
      for (let k = 0; k < names.length; k++) vc[names[k]] = counts[k];
      this.vc = vc;
    }
    return p;
  }
}
