/**
 * A hand-written scanner for event lines in exactly the layout `NdjsonTraceSink` (write.ts) writes:
 *
 *     {"i":N,"t":N,"node":S,"kind":S,"lamport":N[,"vc":{S:N,...}][,"msg":N,"peer":S][,"type":S],"text":S[,"shows":S][,"reason":S]}
 *
 * no spaces, fields in this order. It only reads the fields; it never judges them: the reader
 * (read.ts) applies the same rules to what it finds as to what JSON.parse finds. Any line that
 * departs from the layout, however slightly, is declined, and the reader falls back to JSON.parse.
 * So the scanner must accept only lines that are valid JSON, and give for each field exactly the
 * value JSON.parse gives: strings without a backslash are substrings of the line, strings with
 * escapes go through JSON.parse of just that string, and numbers are read exactly (see
 * {@link EventLineScanner.scanNumber}).
 *
 * It reads the line's UTF-8 bytes rather than its characters: in V8 a byte from a Uint8Array costs
 * a fraction of a `charCodeAt`, and `"`, `\`, digits and the keys are single bytes that never occur
 * inside a multi-byte character.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE_BRACE = 0x7d;
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

/** An ASCII text as bytes. */
type Bytes = readonly number[];

function ascii(text: string): Bytes {
  const bytes: number[] = [];
  for (let k = 0; k < text.length; k++) bytes.push(text.charCodeAt(k));
  return bytes;
}

/** Whether `bytes` hold `expected` at `p`, before `end`. */
function matches(bytes: Uint8Array, p: number, end: number, expected: Bytes): boolean {
  const length = expected.length;
  if (p + length > end) return false;
  for (let k = 0; k < length; k++) if (bytes[p + k] !== expected[k]) return false;
  return true;
}

const OPEN_I = ascii('{"i":');
const KEY_T = ascii(',"t":');
const KEY_NODE = ascii(',"node":');
const KEY_KIND = ascii(',"kind":');
const KEY_LAMPORT = ascii(',"lamport":');
const KEY_VC = ascii(',"vc":{');
const KEY_MSG = ascii(',"msg":');
const KEY_PEER = ascii(',"peer":');
const KEY_TYPE = ascii(',"type":');
const KEY_TEXT = ascii(',"text":');
const KEY_SHOWS = ascii(',"shows":');
const KEY_REASON = ascii(',"reason":');

/**
 * The known values of `kind`, `type` and `reason`, each with its closing quote. A value that is
 * one of them is returned as the constant rather than a new substring: no allocation, and the Set
 * lookups that validate it and the checker's comparisons then work on an internalized string.
 */
interface Constants {
  values: readonly string[];
  quoted: readonly Bytes[];
  /** Indices of the values that start with each ASCII byte: at most two candidates to compare. */
  byFirstByte: readonly (readonly number[])[];
}

function constants(values: readonly string[]): Constants {
  const byFirstByte: number[][] = Array.from({ length: 128 }, () => []);
  values.forEach((value, k) => byFirstByte[value.charCodeAt(0)].push(k));
  return { values, quoted: values.map((value) => ascii(value + '"')), byFirstByte };
}

const KINDS = constants(['send', 'receive', 'local', 'drop', 'crash', 'restart']);
const TYPES = constants(['BroadcastRequest', 'BroadcastReply', 'PublishRequest', 'PublishReply', 'JoinRequest', 'JoinReply', 'LeaveRequest', 'LeaveReply']);
const REASONS = constants(['loss', 'partition', 'crashed']);

/** Slots of the cache of node names: a power of two. */
const NAME_CACHE_SLOTS = 256;
/** Names of more bytes than this are not cached (a node name is short; a long one is rare). */
const NAME_CACHE_MAX_BYTES = 32;

/** Vectors of up to this many entries are built by assignment; longer ones by JSON.parse. */
const VC_BY_ASSIGNMENT = 12;
/** Vectors longer than this (in bytes) are not scanned but handed to JSON.parse at once. */
const VC_SCAN_MAX_BYTES = 256;

/**
 * Reads event lines in the writer's layout. One instance per trace: it remembers recent node names
 * so that the same name on many lines is one string. Call {@link EventLineScanner.scan}; when it
 * returns true the fields hold the line's values (absent optional fields are undefined).
 */
export class EventLineScanner {
  i = 0;
  t = 0;
  node = '';
  kind = '';
  lamport = 0;
  /** The `vc` object, built as JSON.parse would build it. */
  vc: Record<string, number> | undefined = undefined;
  /** Whether every entry of `vc` passed {@link isVectorCount} (so the reader need not look again). */
  vcValid = true;
  msg: number | undefined = undefined;
  peer: string | undefined = undefined;
  type: string | undefined = undefined;
  text = '';
  shows: string | undefined = undefined;
  reason: string | undefined = undefined;

  // The line being scanned: its text, and where its bytes start (strings are cut from the text
  // when every character is one byte, decoded from the bytes otherwise).
  private line = '';
  private bytes: Buffer = Buffer.alloc(0);
  private start = 0;
  private oneBytePerCharacter = true;
  /** The value of the last number or string scanned. */
  private number = 0;
  private string = '';
  private readonly names: string[] = new Array<string>(NAME_CACHE_SLOTS).fill('');
  private readonly nameBytes: Bytes[] = new Array<Bytes>(NAME_CACHE_SLOTS).fill([]);
  /** The names and counts of the `vc` being scanned; reused. */
  private readonly vcNames: string[] = [];
  private readonly vcCounts: number[] = [];

  /**
   * Reads one event line. Returns false, with the fields in no particular state, when the line is
   * not exactly in the writer's layout; the caller then reads it with JSON.parse.
   * @param line - the line's text.
   * @param bytes - holds the line's UTF-8 bytes, from which `line` was decoded, at [start, end).
   */
  scan(line: string, bytes: Buffer, start: number, end: number): boolean {
    this.line = line;
    this.bytes = bytes;
    this.start = start;
    // Decoding never gives more UTF-16 units than bytes, and as many only when all are ASCII.
    this.oneBytePerCharacter = line.length === end - start;
    if (!matches(bytes, start, end, OPEN_I)) return false;
    let p = this.scanNumber(bytes, start + OPEN_I.length, end);
    if (p < 0 || !matches(bytes, p, end, KEY_T)) return false;
    this.i = this.number;
    p = this.scanNumber(bytes, p + KEY_T.length, end);
    if (p < 0 || !matches(bytes, p, end, KEY_NODE)) return false;
    this.t = this.number;
    p = this.scanName(bytes, p + KEY_NODE.length, end);
    if (p < 0 || !matches(bytes, p, end, KEY_KIND)) return false;
    this.node = this.string;
    p = this.scanConstant(bytes, p + KEY_KIND.length, end, KINDS);
    if (p < 0 || !matches(bytes, p, end, KEY_LAMPORT)) return false;
    this.kind = this.string;
    p = this.scanNumber(bytes, p + KEY_LAMPORT.length, end);
    if (p < 0) return false;
    this.lamport = this.number;

    this.vc = undefined;
    this.vcValid = true;
    if (matches(bytes, p, end, KEY_VC)) {
      p = this.scanVector(bytes, p + KEY_VC.length, end);
      if (p < 0) return false;
    }
    this.msg = undefined;
    this.peer = undefined;
    if (matches(bytes, p, end, KEY_MSG)) {
      p = this.scanNumber(bytes, p + KEY_MSG.length, end);
      if (p < 0 || !matches(bytes, p, end, KEY_PEER)) return false;
      this.msg = this.number;
      p = this.scanName(bytes, p + KEY_PEER.length, end);
      if (p < 0) return false;
      this.peer = this.string;
    }
    this.type = undefined;
    if (matches(bytes, p, end, KEY_TYPE)) {
      p = this.scanConstant(bytes, p + KEY_TYPE.length, end, TYPES);
      if (p < 0) return false;
      this.type = this.string;
    }
    if (!matches(bytes, p, end, KEY_TEXT)) return false;
    p = this.scanString(bytes, p + KEY_TEXT.length, end);
    if (p < 0) return false;
    this.text = this.string;
    this.shows = undefined;
    if (matches(bytes, p, end, KEY_SHOWS)) {
      p = this.scanString(bytes, p + KEY_SHOWS.length, end);
      if (p < 0) return false;
      this.shows = this.string;
    }
    this.reason = undefined;
    if (matches(bytes, p, end, KEY_REASON)) {
      p = this.scanConstant(bytes, p + KEY_REASON.length, end, REASONS);
      if (p < 0) return false;
      this.reason = this.string;
    }
    return p === end - 1 && bytes[p] === CLOSE_BRACE;
  }

  /**
   * A JSON number at `p` into `this.number`; returns the index after it, or -1 when the text there
   * is not a JSON number (`+1`, `01`, `.5`, `1.`, `Infinity`, `0x1`... are not; the byte after the
   * number is left to the caller). Up to 15 significant digits and no exponent, the value is
   * computed from the digits: an integer below 2^53 divided by an exact power of ten is one
   * correctly rounded operation, so it equals what JSON.parse returns. Anything else goes through
   * Number() of the exact token, which rounds correctly too.
   */
  private scanNumber(bytes: Uint8Array, p: number, end: number): number {
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
      this.number = Number(this.slice(first, p));
    } else {
      const value = scale === 0 ? mantissa : mantissa / EXACT_POWERS_OF_10[scale];
      this.number = negative ? -value : value;
    }
    return p;
  }

  /** The line's text between two byte offsets, which must lie on character boundaries. */
  private slice(from: number, to: number): string {
    if (this.oneBytePerCharacter) return this.line.slice(from - this.start, to - this.start);
    return this.bytes.toString('utf8', from, to);
  }

  /**
   * A JSON string at `p` (its opening quote) into `this.string`; returns the index after its
   * closing quote, or -1 when there is no valid string there. One pass finds the end and the bytes
   * JSON treats specially: below 0x20 (a control character, invalid in a JSON string: the line
   * goes to JSON.parse to be rejected) and a backslash (an escape).
   */
  private scanString(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    for (let k = p + 1; k < end; k++) {
      const c = bytes[k];
      if (c === QUOTE) {
        this.string = this.slice(p + 1, k);
        return k + 1;
      }
      if (c === BACKSLASH) return this.scanEscapedString(bytes, p, k, end);
      if (c < 0x20) return -1;
    }
    return -1;
  }

  /** The rare string with escapes: find its real end, then let JSON.parse decode (and judge) just it. */
  private scanEscapedString(bytes: Uint8Array, p: number, k: number, end: number): number {
    while (k < end) {
      const c = bytes[k];
      if (c === QUOTE) {
        try {
          this.string = JSON.parse(this.slice(p, k + 1)) as string;
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
   * A string that is usually one of the `table`'s values (kind, type, reason): returned as that
   * constant when it is one, read as any string otherwise (the reader then reports an unknown value).
   */
  private scanConstant(bytes: Buffer, p: number, end: number, table: Constants): number {
    if (p + 1 >= end || bytes[p] !== QUOTE) return -1;
    const first = bytes[p + 1];
    if (first < 0x80) {
      const candidates = table.byFirstByte[first];
      for (let k = 0; k < candidates.length; k++) {
        const quoted = table.quoted[candidates[k]];
        // A match holds no backslash or control character: the constants have none.
        if (matches(bytes, p + 1, end, quoted)) {
          this.string = table.values[candidates[k]];
          return p + 1 + quoted.length;
        }
      }
    }
    return this.scanString(bytes, p, end);
  }

  /**
   * A string that is usually a node name. Names repeat on almost every line, so a small cache
   * keyed by a hash of the name hands back the same string object: no allocation, and the
   * checker's name lookups hit its last-name shortcut or a Map whose key hash is already computed.
   */
  private scanName(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    const first = p + 1;
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
      if (c === BACKSLASH || c < 0x20) return this.scanString(bytes, p, end);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (close < 0) return this.scanString(bytes, p, end);
    const length = close - first;
    const slot = (hash ^ (hash >>> 8) ^ length) & (NAME_CACHE_SLOTS - 1);
    const cached = this.nameBytes[slot];
    if (cached.length === length && matches(bytes, first, end, cached)) {
      this.string = this.names[slot];
      return close + 1;
    }
    const name = this.slice(first, close);
    this.names[slot] = name;
    this.nameBytes[slot] = Array.from(bytes.subarray(first, close));
    this.string = name;
    return close + 1;
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
      try {
        this.vc = JSON.parse(this.slice(open, close + 1)) as Record<string, number>;
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
      this.vc = JSON.parse(this.slice(open, p)) as Record<string, number>;
    } else {
      const vc: Record<string, number> = {};
      for (let k = 0; k < names.length; k++) vc[names[k]] = counts[k];
      this.vc = vc;
    }
    return p;
  }
}
