/**
 * Words of the trace's JSON, for scanners that compare four bytes at a time: texts as
 * little-endian 32-bit words, and tables of known string values.
 */

/**
 * An ASCII text to compare four bytes at a time: the little-endian 32-bit words at `offsets`
 * cover it (the last word may overlap the one before). Texts shorter than four bytes have none.
 */
export interface Pattern {
  length: number;
  offsets: Int32Array;
  words: Int32Array;
  /** The bytes, for texts shorter than a word. */
  bytes: Uint8Array;
}

export function pattern(text: string): Pattern {
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
export function word(text: string): number {
  return text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) | (text.charCodeAt(3) << 24);
}

/**
 * The known values of `kind` and `reason`, each with its closing quote, as words. A value
 * that is one of them is returned as the constant rather than a new string: no allocation, and the
 * checks and comparisons that follow work on an internalized string. Each value is at least four
 * bytes long, so its first word picks the candidates.
 */
export interface Constants {
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
export function bucketOf(word: number): number {
  return Math.imul(word, 0x9e3779b1) >>> (32 - BUCKET_BITS);
}

export function constants(values: readonly string[]): Constants {
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
