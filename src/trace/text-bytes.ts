/**
 * Tests of a text held as UTF-8 bytes against a string, without decoding the text: the checker
 * asks such questions of most events ("is it the round's start?"), and decoding each text to ask
 * cost more than the rest of its work. Up to the first non-ASCII character of the string, comparing
 * bytes gives the same answer as comparing the decoded text; from there on the text is decoded.
 */

/** Bytes and characters agree: the answer so far. */
const SAME = 1;
const DIFFERENT = 0;
/** The string has a non-ASCII character here: bytes cannot tell. */
const UNDECIDED = -1;

/** Compares `value` with the bytes from `at` (which must hold `value.length` bytes). */
function compare(bytes: Uint8Array, at: number, value: string): number {
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    if (code >= 0x80) return UNDECIDED;
    if (bytes[at + k] !== code) return DIFFERENT;
  }
  return SAME;
}

/** `text === value`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesEqual(bytes: Buffer, start: number, end: number, value: string): boolean {
  // A text has at most as many UTF-16 units as it has bytes.
  if (end - start < value.length) return false;
  const answer = compare(bytes, start, value);
  if (answer === UNDECIDED) return bytes.toString('utf8', start, end) === value;
  return answer === SAME && end - start === value.length;
}

/** `text.startsWith(prefix)`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesStartWith(bytes: Buffer, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  const answer = compare(bytes, start, prefix);
  if (answer === UNDECIDED) return bytes.toString('utf8', start, end).startsWith(prefix);
  return answer === SAME;
}

/** `text.includes(part)`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesInclude(bytes: Buffer, start: number, end: number, part: string): boolean {
  for (let k = 0; k < part.length; k++) if (part.charCodeAt(k) >= 0x80) return bytes.toString('utf8', start, end).includes(part);
  if (part.length === 0) return true;
  if (end - start < part.length) return false;
  const first = part.charCodeAt(0);
  for (let at = start; at + part.length <= end; at++) if (bytes[at] === first && compare(bytes, at, part) === SAME) return true;
  return false;
}

/**
 * A text held as UTF-8 bytes, with the few String methods the checker uses on what a participant
 * shows, answered from the bytes while they are all ASCII (then a byte is a character) and from
 * the decoded string otherwise. Reused: point it at the next text with {@link BytesText.setBytes}
 * or {@link BytesText.setString}; it reads the bytes, so they must stay unchanged meanwhile.
 */
export class BytesText {
  private bytes: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** When set, the text is this string and the bytes are not used. */
  private decoded: string | undefined = undefined;

  /** The text is the UTF-8 decoding of `bytes` at [start, end); `ascii` says they are all below 0x80. */
  setBytes(bytes: Buffer, start: number, end: number, ascii: boolean): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.decoded = ascii ? undefined : bytes.toString('utf8', start, end);
  }

  /** The text is `value`. */
  setString(value: string): void {
    this.decoded = value;
  }

  get length(): number {
    return this.decoded !== undefined ? this.decoded.length : this.end - this.start;
  }

  charCodeAt(index: number): number {
    if (this.decoded !== undefined) return this.decoded.charCodeAt(index);
    return index >= 0 && index < this.end - this.start ? this.bytes[this.start + index] : NaN;
  }

  startsWith(prefix: string, position = 0): boolean {
    if (this.decoded !== undefined) return this.decoded.startsWith(prefix, position);
    const at = this.start + Math.max(0, Math.min(position, this.end - this.start));
    if (at + prefix.length > this.end) return false;
    // An ASCII text holds no other character: such a prefix does not match.
    for (let k = 0; k < prefix.length; k++) if (this.bytes[at + k] !== prefix.charCodeAt(k)) return false;
    return true;
  }

  lastIndexOf(part: string): number {
    if (this.decoded !== undefined) return this.decoded.lastIndexOf(part);
    for (let at = this.end - part.length; at >= this.start; at--) {
      let k = 0;
      while (k < part.length && this.bytes[at + k] === part.charCodeAt(k)) k++;
      if (k === part.length) return at - this.start;
    }
    return -1;
  }

  slice(start = 0, end = this.length): string {
    if (this.decoded !== undefined) return this.decoded.slice(start, end);
    const length = this.end - this.start;
    const from = clampIndex(start, length);
    const to = clampIndex(end, length);
    return to <= from ? '' : this.bytes.toString('latin1', this.start + from, this.start + to);
  }
}

/** A slice index as String.prototype.slice reads it. */
function clampIndex(index: number, length: number): number {
  if (index < 0) return Math.max(0, length + index);
  return Math.min(index, length);
}
