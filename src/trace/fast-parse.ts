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
 * {@link EventLineScanner.scanNumber}).
 *
 * It reads the line's UTF-8 bytes and never decodes the whole line: `"`, `\`, digits and the keys
 * are single bytes that never occur inside a multi-byte character. Keys and known values are
 * compared four bytes at a time. `text` and `shows` are only located: the checker asks most of its
 * questions of their bytes (text-bytes.ts), and they are decoded only when a string is wanted
 * ({@link EventLineScanner.text}).
 */

import { DROP_REASONS, EVENT_KINDS, type RegionMark } from './format.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE_BRACE = 0x7d;
const LINE_FEED = 0x0a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Powers of ten that a double holds exactly (up to 1e22): dividing by one rounds correctly. */
const EXACT_POWERS_OF_10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Whether a vector clock entry is valid: a whole number from 0. The one rule, for both read paths. */
export function isVectorCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * The names of one trace (its nodes, and its message types), numbered from 0 in the order they are
 * first read. Both read paths number names here, so a consumer can index arrays by a name's number
 * instead of hashing the name.
 */
export class NameTable {
  /** The names, by number. */
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of `name`, given on first sight. */
  number(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.names.length;
      this.names.push(name);
      this.numbers.set(name, number);
    }
    return number;
  }
}

/**
 * An ASCII text to compare four bytes at a time: the little-endian 32-bit words at `offsets`
 * cover it (the last word may overlap the one before). Texts shorter than four bytes have none.
 */
interface Pattern {
  length: number;
  offsets: Int32Array;
  words: Int32Array;
  /** The bytes, for texts shorter than a word. */
  bytes: Uint8Array;
}

function pattern(text: string): Pattern {
  const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
  const offsets: number[] = [];
  if (bytes.length >= 4) {
    for (let offset = 0; offset + 4 <= bytes.length; offset += 4) offsets.push(offset);
    if (bytes.length % 4 !== 0) offsets.push(bytes.length - 4);
  }
  const view = new DataView(bytes.buffer);
  return { length: bytes.length, offsets: Int32Array.from(offsets), words: Int32Array.from(offsets, (offset) => view.getInt32(offset, true)), bytes };
}

/** Four ASCII characters as the little-endian 32-bit word their bytes make. */
function word(text: string): number {
  return text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) | (text.charCodeAt(3) << 24);
}

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

/**
 * The known values of `kind` and `reason`, each with its closing quote, as words. A value
 * that is one of them is returned as the constant rather than a new string: no allocation, and the
 * checks and comparisons that follow work on an internalized string. Each value is at least four
 * bytes long, so its first word picks the candidates.
 */
interface Constants {
  values: readonly string[];
  /** The first word of each value. */
  firstWords: Int32Array;
  /** Each value's length with its quote. */
  lengths: Int32Array;
  /** Value k's further words are words[wordStarts[k]] .. words[wordStarts[k + 1] - 1], at offsets[...] from its start. */
  wordStarts: Int32Array;
  words: Int32Array;
  offsets: Int32Array;
  /** The candidates by the hash of their first word ({@link bucketOf}): `perBucket` slots each, -1 after the last. */
  buckets: Int32Array;
  perBucket: number;
}

const BUCKET_BITS = 5;

/** The bucket of a first word: the values of one table mostly land in different ones. */
function bucketOf(word: number): number {
  return Math.imul(word, 0x9e3779b1) >>> (32 - BUCKET_BITS);
}

function constants(values: readonly string[]): Constants {
  const words: number[] = [];
  const offsets: number[] = [];
  const wordStarts: number[] = [];
  const firstWords: number[] = [];
  for (const value of values) {
    const quoted = pattern(value + '"');
    firstWords.push(quoted.words[0]);
    wordStarts.push(words.length);
    for (let k = 1; k < quoted.words.length; k++) {
      words.push(quoted.words[k]);
      offsets.push(quoted.offsets[k]);
    }
  }
  wordStarts.push(words.length);
  const lists: number[][] = Array.from({ length: 1 << BUCKET_BITS }, () => []);
  firstWords.forEach((first, k) => lists[bucketOf(first)].push(k));
  const perBucket = Math.max(...lists.map((list) => list.length)) + 1;
  const buckets = new Int32Array(lists.length * perBucket).fill(-1);
  lists.forEach((list, bucket) => buckets.set(list, bucket * perBucket));
  return {
    values,
    firstWords: Int32Array.from(firstWords),
    lengths: Int32Array.from(values, (value) => value.length + 1),
    wordStarts: Int32Array.from(wordStarts),
    words: Int32Array.from(words),
    offsets: Int32Array.from(offsets),
    buckets,
    perBucket,
  };
}

// In the order of format.ts, so that a value's index is its code there.
const KINDS = constants(EVENT_KINDS);
const REASONS = constants(DROP_REASONS);

/** Names of up to this many bytes are cached by their words, 2^SHORT_NAME_SLOTS_LOG2 of them. */
const SHORT_NAME_BYTES = 8;
const SHORT_NAME_SLOTS_LOG2 = 8;
/** The low `k` bytes of a word, for k = 0..4. */
const WORD_MASKS = Int32Array.from([0, 0xff, 0xffff, 0xffffff, -1]);
/** Slots of the cache of longer node names: a power of two. */
const NAME_CACHE_SLOTS = 256;
/** Names of more bytes than this are not cached (a node name is short; a long one is rare). */
const NAME_CACHE_MAX_BYTES = 32;

/** Vectors of up to this many entries are built by assignment; longer ones by JSON.parse. */
const VC_BY_ASSIGNMENT = 12;
/** Vectors longer than this (in bytes) are not scanned but handed to JSON.parse at once. */
const VC_SCAN_MAX_BYTES = 256;

/** Where a string value lies in the line: its bytes between the quotes, or its decoded value. */
export class StringField {
  /** Byte offsets of the contents, quotes excluded. */
  start = 0;
  end = 0;
  /** All bytes below 0x80: the contents decode as latin1, a plain copy. */
  ascii = true;
  /** Set when the string had escapes: JSON.parse decoded it while scanning. */
  decoded: string | undefined = undefined;
}

/**
 * Reads event lines in the writer's layout. One instance per trace: it remembers recent node names
 * so that the same name on many lines is one string with one number. Call
 * {@link EventLineScanner.scan}; when it returns true the fields hold the line's values (absent
 * optional fields are undefined, or -1 for numbers of names), until the next call.
 */
export class EventLineScanner {
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
  // The line being scanned.
  private bytes: Buffer = Buffer.alloc(0);
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** The value of the last number or string scanned. */
  private number = 0;
  private string = '';
  private stringNumber = -1;
  /** The index of the last constant scanned in its table, or -1 when it was none of them. */
  private constantCode = -1;
  private readonly shortWord0 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly shortWord1 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  /** -1: an empty slot. */
  private readonly shortLength = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2).fill(-1);
  private readonly shortNames: string[] = new Array<string>(1 << SHORT_NAME_SLOTS_LOG2).fill('');
  private readonly shortNumbers = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly cachedNames: string[] = new Array<string>(NAME_CACHE_SLOTS).fill('');
  private readonly cachedNumbers = new Int32Array(NAME_CACHE_SLOTS).fill(-1);
  private readonly cachedBytes: Uint8Array[] = Array.from({ length: NAME_CACHE_SLOTS }, () => new Uint8Array(0));
  /** The names and counts of the `vc` being scanned; reused. */
  private readonly vcNames: string[] = [];
  private readonly vcCounts: number[] = [];

  /** @param names - numbers the node names read; the reader's, shared with its JSON.parse path. */
  constructor(private readonly names: NameTable = new NameTable()) {}

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
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
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
   * A number that is usually a whole number of at most 15 digits (an index, a Lamport time, a
   * message id), read here with a short loop; anything else is left to {@link scanNumber}.
   */
  private scanInteger(bytes: Buffer, p: number, end: number): number {
    const first = p;
    if (p >= end) return -1;
    let c = bytes[p];
    if (c < DIGIT_1 || c > DIGIT_9) return this.scanNumber(bytes, first, end);
    let value = c - DIGIT_0;
    while (++p < end) {
      c = bytes[p];
      if (c < DIGIT_0 || c > DIGIT_9) break;
      value = value * 10 + (c - DIGIT_0);
    }
    if (p - first > 15 || c === DOT || c === LOWER_E || c === UPPER_E) return this.scanNumber(bytes, first, end);
    this.number = value;
    return p;
  }

  private decode(field: StringField): string {
    if (field.decoded !== undefined) return field.decoded;
    const bytes = this.bytes;
    if (field.ascii) return latin1(bytes, field.start, field.end);
    return utf8(bytes, field.start, field.end);
  }

  /**
   * A JSON number at `p` into `this.number`; returns the index after it, or -1 when the text there
   * is not a JSON number (`+1`, `01`, `.5`, `1.`, `Infinity`, `0x1`... are not; the byte after the
   * number is left to the caller). Up to 15 significant digits and no exponent, the value is
   * computed from the digits: an integer below 2^53 divided by an exact power of ten is one
   * correctly rounded operation, so it equals what JSON.parse returns. Anything else goes through
   * Number() of the exact token, which rounds correctly too.
   */
  private scanNumber(bytes: Buffer, p: number, end: number): number {
    const first = p;
    if (p >= end) return -1;
    let c = bytes[p];
    const negative = c === MINUS;
    if (negative) {
      if (++p >= end) return -1;
      c = bytes[p];
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    if (c === DIGIT_0) {
      p++;
    } else if (c >= DIGIT_1 && c <= DIGIT_9) {
      do {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        digits++;
        c = ++p < end ? bytes[p] : 0;
      } while (c >= DIGIT_0 && c <= DIGIT_9);
    } else {
      return -1;
    }
    c = p < end ? bytes[p] : 0;
    if (c === DOT) {
      c = ++p < end ? bytes[p] : 0;
      if (!(c >= DIGIT_0 && c <= DIGIT_9)) return -1;
      do {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        // Leading zeros of the fraction count too: a safe overestimate of the significant digits.
        digits++;
        scale++;
        c = ++p < end ? bytes[p] : 0;
      } while (c >= DIGIT_0 && c <= DIGIT_9);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = ++p < end ? bytes[p] : 0;
      if (c === PLUS || c === MINUS) c = ++p < end ? bytes[p] : 0;
      if (!(c >= DIGIT_0 && c <= DIGIT_9)) return -1;
      do c = ++p < end ? bytes[p] : 0;
      while (c >= DIGIT_0 && c <= DIGIT_9);
      digits = Infinity;
    }
    if (digits > 15) {
      // Every byte of a number token is ASCII.
      this.number = Number(latin1(bytes, first, p));
    } else {
      const value = scale === 0 ? mantissa : mantissa / EXACT_POWERS_OF_10[scale];
      this.number = negative ? -value : value;
    }
    return p;
  }

  /**
   * Finds the JSON string at `p` (its opening quote) and records where it lies in `field`; returns
   * the index after its closing quote, or -1 when there is no valid string there. One pass finds
   * the end and the bytes JSON treats specially: below 0x20 (a control character, invalid in a
   * JSON string: the line goes to JSON.parse to be rejected) and a backslash (an escape).
   */
  private locateString(bytes: Buffer, view: DataView<ArrayBufferLike>, p: number, end: number, field: StringField): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    let high = 0;
    let k = p + 1;
    // Four bytes at a time while none of them is a quote, a backslash or below 0x20 (the usual
    // text is long and plain); the bytes of the word that has one are then looked at one by one.
    for (; k + 4 <= end; k += 4) {
      const w = view.getInt32(k, true);
      const quote = w ^ 0x22222222;
      const backslash = w ^ 0x5c5c5c5c;
      if ((((w - 0x20202020) & ~w) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) break;
      high |= w;
    }
    for (; k < end; k++) {
      const c = bytes[k];
      if (c === QUOTE) {
        field.start = p + 1;
        field.end = k;
        field.ascii = (high & 0x80808080) === 0;
        field.decoded = undefined;
        return k + 1;
      }
      if (c === BACKSLASH) {
        const after = this.scanEscapedString(bytes, p, k, end);
        if (after >= 0) field.decoded = this.string;
        return after;
      }
      if (c < 0x20) return -1;
      high |= c;
    }
    return -1;
  }

  /** A JSON string at `p` into `this.string`, decoded now; returns the index after it, or -1. */
  private scanString(bytes: Buffer, p: number, end: number): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    let high = 0;
    for (let k = p + 1; k < end; k++) {
      const c = bytes[k];
      if (c === QUOTE) {
        this.string = high < 0x80 ? latin1(bytes, p + 1, k) : utf8(bytes, p + 1, k);
        return k + 1;
      }
      if (c === BACKSLASH) return this.scanEscapedString(bytes, p, k, end);
      if (c < 0x20) return -1;
      high |= c;
    }
    return -1;
  }

  /** The rare string with escapes: find its real end, then let JSON.parse decode (and judge) just it. */
  private scanEscapedString(bytes: Buffer, p: number, k: number, end: number): number {
    while (k < end) {
      const c = bytes[k];
      if (c === QUOTE) {
        try {
          this.string = JSON.parse(utf8(bytes, p, k + 1)) as string;
        } catch {
          return -1;
        }
        return k + 1;
      }
      k += c === BACKSLASH ? 2 : 1;
    }
    return -1;
  }

  /**
   * A string that is usually one of the `table`'s values (kind, reason): returned as that
   * constant when it is one, read as any string otherwise (the reader then reports an unknown value).
   */
  private scanConstant(bytes: Buffer, p: number, end: number, table: Constants): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    const view = this.view;
    const first = p + 5 <= end ? view.getInt32(p + 1, true) : 0;
    const firstWords = table.firstWords;
    const buckets = table.buckets;
    for (let slot = bucketOf(first) * table.perBucket; ; slot++) {
      const k = buckets[slot];
      if (k < 0) break;
      if (firstWords[k] !== first) continue;
      const length = table.lengths[k];
      if (p + 1 + length > end) continue;
      let same = true;
      for (let w = table.wordStarts[k]; w < table.wordStarts[k + 1]; w++) {
        if (view.getInt32(p + 1 + table.offsets[w], true) !== table.words[w]) {
          same = false;
          break;
        }
      }
      // A match holds no backslash or control character: the constants have none.
      if (same) {
        this.string = table.values[k];
        this.constantCode = k;
        return p + 1 + length;
      }
    }
    this.constantCode = -1;
    return this.scanString(bytes, p, end);
  }

  /**
   * A string that is usually a node name, into `this.string` and its number into
   * `this.stringNumber`. Names repeat on almost every line, so a small cache keyed by a hash of the
   * name hands back the same string and number: no allocation and no Map lookup.
   */
  private scanName(bytes: Buffer, p: number, end: number): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    const first = p + 1;
    if (first + SHORT_NAME_BYTES <= end) {
      // A short name (the usual): found byte by byte, then looked up by the two words it makes.
      let close = first;
      for (; close <= first + SHORT_NAME_BYTES; close++) {
        const c = bytes[close];
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 0x20) return this.scanUncachedName(bytes, p, end);
      }
      if (close <= first + SHORT_NAME_BYTES) {
        const length = close - first;
        const view = this.view;
        const word0 = length === 0 ? 0 : view.getInt32(first, true) & WORD_MASKS[length < 4 ? length : 4];
        const word1 = length <= 4 ? 0 : view.getInt32(first + 4, true) & WORD_MASKS[length - 4];
        const slot = Math.imul(word0 ^ Math.imul(word1 ^ length, 0x85ebca6b), 0x9e3779b1) >>> (32 - SHORT_NAME_SLOTS_LOG2);
        if (this.shortWord0[slot] !== word0 || this.shortWord1[slot] !== word1 || this.shortLength[slot] !== length) {
          const name = utf8(bytes, first, close);
          this.shortWord0[slot] = word0;
          this.shortWord1[slot] = word1;
          this.shortLength[slot] = length;
          this.shortNames[slot] = name;
          this.shortNumbers[slot] = this.names.number(name);
        }
        this.string = this.shortNames[slot];
        this.stringNumber = this.shortNumbers[slot];
        return close + 1;
      }
    }
    const limit = Math.min(end, first + NAME_CACHE_MAX_BYTES + 1);
    let hash = 0;
    let close = -1;
    for (let k = first; k < limit; k++) {
      const c = bytes[k];
      if (c === QUOTE) {
        close = k;
        break;
      }
      // Escapes and control characters: leave them to the general path.
      if (c === BACKSLASH || c < 0x20) return this.scanUncachedName(bytes, p, end);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (close < 0) return this.scanUncachedName(bytes, p, end);
    const length = close - first;
    const slot = (hash ^ (hash >>> 8) ^ length) & (NAME_CACHE_SLOTS - 1);
    const cached = this.cachedBytes[slot];
    if (cached.length === length) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (bytes[first + k] !== cached[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.string = this.cachedNames[slot];
        this.stringNumber = this.cachedNumbers[slot];
        return close + 1;
      }
    }
    const name = utf8(bytes, first, close);
    this.cachedNames[slot] = name;
    this.cachedNumbers[slot] = this.stringNumber = this.names.number(name);
    // A copy: the caller's buffer changes under it.
    this.cachedBytes[slot] = new Uint8Array(bytes.subarray(first, close));
    this.string = name;
    return close + 1;
  }

  private scanUncachedName(bytes: Buffer, p: number, end: number): number {
    const after = this.scanString(bytes, p, end);
    if (after >= 0) this.stringNumber = this.names.number(this.string);
    return after;
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

/** ASCII bytes as a string (latin1 decoding is a plain copy, and equals UTF-8 decoding for them). */
function latin1(bytes: Buffer, from: number, to: number): string {
  return bytes.toString('latin1', from, to);
}

/** UTF-8 bytes as a string; invalid sequences become U+FFFD, as in every decoder of the trace. */
function utf8(bytes: Buffer, from: number, to: number): string {
  return bytes.toString('utf8', from, to);
}
