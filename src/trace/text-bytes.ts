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
