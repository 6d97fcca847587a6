/**
 * Tests of a text held as UTF-8 bytes against a string, without decoding the text: the checker
 * asks such questions of most events ("is it the round's start?"), and decoding each text to ask
 * cost more than the rest of its work. For an ASCII string, comparing bytes gives the same answer
 * as comparing the decoded text; a string with other characters is compared after decoding.
 */

function isAscii(value: string): boolean {
  for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) >= 0x80) return false;
  return true;
}

/** Whether the bytes at [start, end) hold `value` from `at` on (ASCII `value`, `at + value.length <= end`). */
function holds(bytes: Uint8Array, at: number, value: string): boolean {
  for (let k = 0; k < value.length; k++) if (bytes[at + k] !== value.charCodeAt(k)) return false;
  return true;
}

/** `text === value`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesEqual(bytes: Buffer, start: number, end: number, value: string): boolean {
  if (!isAscii(value)) return bytes.toString('utf8', start, end) === value;
  return end - start === value.length && holds(bytes, start, value);
}

/** `text.startsWith(prefix)`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesStartWith(bytes: Buffer, start: number, end: number, prefix: string): boolean {
  if (!isAscii(prefix)) return bytes.toString('utf8', start, end).startsWith(prefix);
  return end - start >= prefix.length && holds(bytes, start, prefix);
}

/** `text.includes(part)`, where `text` is the UTF-8 decoding of `bytes` at [start, end). */
export function bytesInclude(bytes: Buffer, start: number, end: number, part: string): boolean {
  if (!isAscii(part)) return bytes.toString('utf8', start, end).includes(part);
  if (part.length === 0) return true;
  const first = part.charCodeAt(0);
  for (let at = start; at + part.length <= end; at++) if (bytes[at] === first && holds(bytes, at, part)) return true;
  return false;
}
