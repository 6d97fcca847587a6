/**
 * The JSON tokens of a trace line, read from its UTF-8 bytes: numbers exactly as JSON.parse reads
 * them, strings located or decoded, known values (`kind`, `reason`) as constants, and node names
 * through a cache that hands back the same string and number. {@link EventLineScanner}
 * (event-line-scanner.ts) reads a whole line with them. Each scan returns the index after the
 * token, or -1 when the bytes there are not that token; its value is left in `number` or `string`.
 */

import { bucketOf, type Constants } from './byte-words.js';
import { NameTable } from './name-table.js';

// The bytes looked for, declared in the file that compares them: V8 folds a module's own constants
// into the code, while an imported one is loaded at every use (10 % more instructions in `check`).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
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

/**
 * Names of up to this many bytes are cached by their four words, 2^SHORT_NAME_SLOTS_LOG2 of them:
 * node names and message types (`BroadcastRequest` is 16 bytes), which are on nearly every line.
 */
const SHORT_NAME_BYTES = 16;
const SHORT_NAME_SLOTS_LOG2 = 9;
/** The low `k` bytes of a word, for k = 0..4. */
const WORD_MASKS = Int32Array.from([0, 0xff, 0xffff, 0xffffff, -1]);
/** Slots of the cache of longer node names: a power of two. */
const NAME_CACHE_SLOTS = 256;
/** Names of more bytes than this are not cached (a node name is short; a long one is rare). */
const NAME_CACHE_MAX_BYTES = 32;

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

/** Scans tokens of one trace's lines; the value of the last one is in `number` or `string`. */
export class JsonTokenScanner {
  // The line being scanned.
  protected bytes: Buffer = Buffer.alloc(0);
  protected view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** The value of the last number or string scanned. */
  protected number = 0;
  protected string = '';
  protected stringNumber = -1;
  /** The index of the last constant scanned in its table, or -1 when it was none of them. */
  protected constantCode = -1;
  private readonly shortWord0 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly shortWord1 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly shortWord2 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly shortWord3 = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  /** -1: an empty slot. */
  private readonly shortLength = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2).fill(-1);
  private readonly shortNames: string[] = new Array<string>(1 << SHORT_NAME_SLOTS_LOG2).fill('');
  private readonly shortNumbers = new Int32Array(1 << SHORT_NAME_SLOTS_LOG2);
  private readonly cachedNames: string[] = new Array<string>(NAME_CACHE_SLOTS).fill('');
  private readonly cachedNumbers = new Int32Array(NAME_CACHE_SLOTS).fill(-1);
  private readonly cachedBytes: Uint8Array[] = Array.from({ length: NAME_CACHE_SLOTS }, () => new Uint8Array(0));

  /** @param names - numbers the node names read; the reader's, shared with its JSON.parse path. */
  constructor(private readonly names: NameTable = new NameTable()) {}

  /** Starts on `bytes`, the buffer the next line is read from. */
  protected use(bytes: Buffer): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }

  /**
   * A number that is usually a whole number of at most 15 digits (an index, a Lamport time, a
   * message id), read here with a short loop; anything else is left to {@link scanNumber}.
   */
  protected scanInteger(bytes: Buffer, p: number, end: number): number {
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

  protected decode(field: StringField): string {
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
  protected scanNumber(bytes: Buffer, p: number, end: number): number {
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
  protected locateString(bytes: Buffer, view: DataView<ArrayBufferLike>, p: number, end: number, field: StringField): number {
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
  protected scanString(bytes: Buffer, p: number, end: number): number {
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
  protected scanEscapedString(bytes: Buffer, p: number, k: number, end: number): number {
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
  protected scanConstant(bytes: Buffer, p: number, end: number, table: Constants): number {
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
  protected scanName(bytes: Buffer, p: number, end: number): number {
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
        const word1 = length <= 4 ? 0 : view.getInt32(first + 4, true) & WORD_MASKS[length < 8 ? length - 4 : 4];
        const word2 = length <= 8 ? 0 : view.getInt32(first + 8, true) & WORD_MASKS[length < 12 ? length - 8 : 4];
        const word3 = length <= 12 ? 0 : view.getInt32(first + 12, true) & WORD_MASKS[length - 12];
        const slot = Math.imul(word0 ^ Math.imul(word1 ^ Math.imul(word2 ^ Math.imul(word3 ^ length, 0x85ebca6b), 0xc2b2ae35), 0x85ebca6b), 0x9e3779b1) >>> (32 - SHORT_NAME_SLOTS_LOG2);
        if (this.shortWord0[slot] !== word0 || this.shortWord1[slot] !== word1 || this.shortWord2[slot] !== word2 || this.shortWord3[slot] !== word3 || this.shortLength[slot] !== length) {
          const name = utf8(bytes, first, close);
          this.shortWord0[slot] = word0;
          this.shortWord1[slot] = word1;
          this.shortWord2[slot] = word2;
          this.shortWord3[slot] = word3;
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

  protected scanUncachedName(bytes: Buffer, p: number, end: number): number {
    const after = this.scanString(bytes, p, end);
    if (after >= 0) this.stringNumber = this.names.number(this.string);
    return after;
  }
}

/** ASCII bytes as a string (latin1 decoding is a plain copy, and equals UTF-8 decoding for them). */
export function latin1(bytes: Buffer, from: number, to: number): string {
  return bytes.toString('latin1', from, to);
}

/** UTF-8 bytes as a string; invalid sequences become U+FFFD, as in every decoder of the trace. */
export function utf8(bytes: Buffer, from: number, to: number): string {
  return bytes.toString('utf8', from, to);
}
