/**
 * Splits a byte stream (a file read in large chunks) into lines, as node:readline with
 * `crlfDelay: Infinity` does, at a fraction of its cost: a line ends at `\n`, `\r\n` or a lone
 * `\r`; a last line without a line break counts when it is not empty.
 *
 * Lines are found in the bytes and handed out as bytes: `\n` and `\r` never occur inside a
 * multi-byte UTF-8 sequence, so each line's bytes decode on their own exactly as the whole file
 * would (invalid sequences become U+FFFD), and a character split across two chunks comes whole.
 * Nothing is decoded here: the trace reader decodes only the fields it needs, each into its own
 * string (a substring of a decoded chunk would keep the whole chunk alive as long as the string).
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * Feed it chunks with {@link LineSplitter.push}, then call {@link LineSplitter.end}; each line
 * goes to the handler, in order, without its line break. It keeps only a copy of the bytes of the
 * line in progress. If the handler throws, the exception propagates and the splitter must not be
 * used again.
 */
export class LineSplitter {
  /**
   * Bytes of the line in progress that came in earlier chunks. Emptied, never replaced: a new
   * array would not have the element kind the optimized code expects, and it would deoptimize.
   */
  private readonly carried: Buffer[] = [];
  /** The last chunk ended with `\r`: a `\n` that starts the next one completes that line break. */
  private skipLineFeed = false;

  /**
   * @param onLine - receives each line, without its line break, as where its UTF-8 bytes are:
   *   `bytes` holds them at [start, end), valid only during the call (`TraceLineReader.read` takes them so).
   * @param takeLine - optional: offered each line that starts in a chunk without `\r`, before its
   *   end is searched for; it may take the line whole, returning the index of the `\n` that ends
   *   it (the line then does not go to `onLine`), or return -1 to leave it to `onLine`.
   *   `TraceLineReader.readLine` is such a reader: it finds a line's end as it reads it.
   */
  constructor(
    private readonly onLine: (bytes: Buffer, start: number, end: number) => void,
    private readonly takeLine?: (bytes: Buffer, start: number, limit: number) => number,
  ) {}

  /** Splits one chunk, handing each line it completes to the handler. */
  push(bytes: Uint8Array): void {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = chunk.length;
    if (length === 0) return;
    let start = 0;
    if (this.skipLineFeed) {
      this.skipLineFeed = false;
      if (chunk[0] === LF) start = 1;
    }
    if (chunk.indexOf(CR, start) < 0) {
      // The usual case: only `\n`, found by the native search (or by the line's reader).
      const takeLine = this.takeLine;
      for (;;) {
        if (takeLine !== undefined && this.carried.length === 0 && start < length) {
          const taken = takeLine(chunk, start, length);
          if (taken >= 0) {
            start = taken + 1;
            continue;
          }
        }
        const end = chunk.indexOf(LF, start);
        if (end < 0) break;
        this.emit(chunk, start, end);
        start = end + 1;
      }
    } else {
      for (let p = start; p < length; p++) {
        const byte = chunk[p];
        if (byte !== LF && byte !== CR) continue;
        this.emit(chunk, start, p);
        if (byte === CR) {
          if (p + 1 === length) this.skipLineFeed = true;
          else if (chunk[p + 1] === LF) p++;
        }
        start = p + 1;
      }
    }
    // A copy: the caller may reuse its buffer once push returns.
    if (start < length) this.carried.push(Buffer.from(chunk.subarray(start)));
  }

  /** Hands the last line to the handler when the input did not end with a line break. */
  end(): void {
    if (this.carried.length === 0) return;
    const bytes = Buffer.concat(this.carried);
    this.carried.length = 0;
    this.onLine(bytes, 0, bytes.length);
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    if (this.carried.length === 0) {
      this.onLine(chunk, start, end);
    } else {
      this.carried.push(chunk.subarray(start, end));
      const bytes = Buffer.concat(this.carried);
      this.carried.length = 0;
      this.onLine(bytes, 0, bytes.length);
    }
  }
}
