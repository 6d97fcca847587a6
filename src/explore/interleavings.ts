/**
 * How many interleavings one execution stands for: the orders of its events that keep every
 * node's events in their order and every event after the choice that enabled it (its linear
 * extensions). A search without reduction runs each of them; the reduction runs one. Counted by
 * dynamic programming over the prefixes (how far along each node's line), with a limit on their
 * number: the count is for the report's reduction ratio, not worth a slow search.
 */
import type { ExecutionLog } from './happens-before.js';

/** Most prefixes counted through before giving up. */
const MAX_PREFIXES = 100_000;

/** The number of interleavings of the logged execution, or undefined when counting it would take too long. */
export function countInterleavings(log: ExecutionLog): number | undefined {
  const length = log.length;
  const nodeLines = log.lines - 1;
  if (length === 0) return 1;
  // Each node's line, a change of the network on every line.
  const sequences: number[][] = Array.from({ length: nodeLines }, () => []);
  const indexOnLine = new Int32Array(length);
  const global = new Uint8Array(length);
  for (let position = 0; position < length; position++) {
    const line = log.lineOf[position];
    if (line === nodeLines) {
      global[position] = 1;
      indexOnLine[position] = sequences[0]?.length ?? 0;
      for (const sequence of sequences) sequence.push(position);
    } else {
      indexOnLine[position] = sequences[line].length;
      sequences[line].push(position);
    }
  }
  const lines = sequences.filter((sequence) => sequence.length > 0);
  const lineNumber = new Int32Array(length);
  lines.forEach((sequence, number) => sequence.forEach((position) => (lineNumber[position] = global[position] === 1 ? 0 : number)));
  const radix: number[] = [];
  let span = 1;
  for (const sequence of lines) {
    radix.push(span);
    span *= sequence.length + 1;
    if (span > 2 ** 52) return undefined;
  }
  const counts = new Int32Array(lines.length);
  const memo = new Map<number, number>();
  const preds = log.preds;
  let aborted = false;

  const done = (position: number): boolean => counts[lineNumber[position]] > indexOnLine[position];

  const count = (state: number): number => {
    const known = memo.get(state);
    if (known !== undefined) return known;
    if (memo.size >= MAX_PREFIXES) {
      aborted = true;
      return 0;
    }
    let total = 0;
    let finished = true;
    for (let line = 0; line < lines.length && !aborted; line++) {
      const sequence = lines[line];
      if (counts[line] >= sequence.length) continue;
      finished = false;
      const next = sequence[counts[line]];
      const pred = preds[next];
      if (pred >= 0 && !done(pred)) continue;
      if (global[next] === 1) {
        // Next on every line at once: take it from the first line only.
        if (line !== firstLineWithNext(next)) continue;
        if (!lines.every((other, k) => counts[k] < other.length && other[counts[k]] === next)) continue;
        let advanced = state;
        for (let k = 0; k < lines.length; k++) advanced += radix[k];
        for (let k = 0; k < lines.length; k++) counts[k]++;
        total += count(advanced);
        for (let k = 0; k < lines.length; k++) counts[k]--;
      } else {
        counts[line]++;
        total += count(state + radix[line]);
        counts[line]--;
      }
    }
    const result = finished ? 1 : total;
    memo.set(state, result);
    return result;
  };
  const firstLineWithNext = (position: number): number => lines.findIndex((sequence, k) => sequence[counts[k]] === position);

  const total = count(0);
  return aborted ? undefined : total;
}
