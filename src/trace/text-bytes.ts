/**
 * A text held as UTF-8 bytes that answers the few String methods the checker asks of logged texts
 * and of what participants show ("is it the round's start?", "is it the round's content?")
 * without decoding it: the checker asks such questions of most events, and decoding each text to
 * ask cost more than the rest of its work. While the bytes are all ASCII a byte is a character;
 * otherwise the text is decoded once and the string answers.
 */

/** What a view holds before its first text. A browser has no Buffer: a plain empty array there (never read). */
const NO_BYTES: Buffer = typeof Buffer === 'undefined' ? (new Uint8Array(0) as Buffer) : Buffer.alloc(0);

/**
 * Reused: point it at the next text with {@link BytesText.setBytes} or {@link BytesText.setString};
 * it reads the bytes, so they must stay unchanged while it is asked.
 */
export class BytesText {
  private bytes: Buffer = NO_BYTES;
  private start = 0;
  private end = 0;
  /** Whether the bytes are all ASCII; when not, the text is decoded the first time it is asked. */
  private ascii = true;
  /** When set, the text is this string and the bytes are not used. */
  private decoded: string | undefined = undefined;

  /** The text is the UTF-8 decoding of `bytes` at [start, end); `ascii` says they are all below 0x80. */
  setBytes(bytes: Buffer, start: number, end: number, ascii: boolean): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.ascii = ascii;
    this.decoded = undefined;
  }

  /** The text is `value`. */
  setString(value: string): void {
    this.decoded = value;
  }

  /** Whether the string answers (the text was given as one, or its bytes are not all ASCII). */
  private get asString(): boolean {
    if (this.decoded !== undefined) return true;
    if (this.ascii) return false;
    this.decoded = this.bytes.toString('utf8', this.start, this.end);
    return true;
  }

  get length(): number {
    return this.asString ? this.decoded!.length : this.end - this.start;
  }

  charCodeAt(index: number): number {
    if (this.asString) return this.decoded!.charCodeAt(index);
    return index >= 0 && index < this.end - this.start ? this.bytes[this.start + index] : NaN;
  }

  startsWith(prefix: string, position = 0): boolean {
    if (this.asString) return this.decoded!.startsWith(prefix, position);
    const at = this.start + Math.max(0, Math.min(position, this.end - this.start));
    return at + prefix.length <= this.end && this.holds(at, prefix);
  }

  includes(part: string): boolean {
    if (this.asString) return this.decoded!.includes(part);
    const last = this.end - part.length;
    for (let at = this.start; at <= last; at++) if (this.holds(at, part)) return true;
    return false;
  }

  lastIndexOf(part: string): number {
    if (this.asString) return this.decoded!.lastIndexOf(part);
    for (let at = this.end - part.length; at >= this.start; at--) if (this.holds(at, part)) return at - this.start;
    return -1;
  }

  /** Whether the bytes from `at` hold `part` (an ASCII text holds no other character). */
  private holds(at: number, part: string): boolean {
    for (let k = 0; k < part.length; k++) if (this.bytes[at + k] !== part.charCodeAt(k)) return false;
    return true;
  }

  slice(start = 0, end = this.length): string {
    if (this.asString) return this.decoded!.slice(start, end);
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
