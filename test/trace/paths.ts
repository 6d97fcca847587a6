/**
 * Helpers for comparing the reader's two paths: the scanner (event-line-scanner.ts) and JSON.parse. Each
 * line's outcome (its event, or the error it raises) is turned into a string that shows every
 * difference that matters: key order, -0, lone surrogates, an own `__proto__` key.
 */
import { TraceFormatError, TraceLineReader } from '../../src/trace/read.js';

/** How lines reach the reader. */
export type Path =
  /** JSON.parse for every line. */
  | 'json'
  /** The fast path, given text only (the reader encodes the line itself). */
  | 'text'
  /** The fast path, given the line's bytes inside a larger buffer, as the line splitter does. */
  | 'bytes'
  /**
   * The line offered to `readLine` first, with its `\n` and more lines after it, as the line
   * splitter offers it (a line that holds a line break cannot reach a reader so: it goes as 'bytes').
   */
  | 'line';

export const PATHS: readonly Path[] = ['json', 'text', 'bytes', 'line'];

/** A value as a string: own keys in order, -0 apart from 0, strings quoted (lone surrogates escaped). */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return `${typeof value}:${String(value)}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const prototype = Object.getPrototypeOf(value) === Object.prototype ? '' : '(prototype?)';
  const record = value as Record<string, unknown>;
  return `${prototype}{${Object.getOwnPropertyNames(record)
    .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
    .join(',')}}`;
}

function describeError(error: unknown): string {
  if (error instanceof TraceFormatError) return `TraceFormatError line=${error.line} field=${JSON.stringify(error.field)} detail=${JSON.stringify(error.detail)} message=${JSON.stringify(error.message)}`;
  return `OTHER ${String(error)}`;
}

/** Garbage around a line's bytes, so a scanner that reads past its end is caught. */
const BEFORE = Buffer.from('{"i":0,"t":0,"node":"x"');
const AFTER = Buffer.from(',"shows":"x"}}\n{"i":1,');

/**
 * Feeds lines to a fresh reader along one path; returns one outcome per line, then the outcome of
 * `finish()`. A line that throws does not stop the reading (the reader's state is unchanged by a
 * rejected line, on either path), so later lines are compared too.
 */
export function outcomes(lines: readonly string[], path: Path): string[] {
  const reader = new TraceLineReader({ fastPath: path !== 'json' });
  const results: string[] = [];
  for (const line of lines) {
    try {
      if (path === 'line' && !/[\r\n]/.test(line)) {
        const lineBytes = Buffer.from(line, 'utf8');
        const bytes = Buffer.concat([BEFORE, lineBytes, Buffer.from('\n'), AFTER]);
        const taken = reader.readLine(bytes, BEFORE.length, bytes.length);
        if (taken !== undefined && reader.lineEnd !== BEFORE.length + lineBytes.length) throw new Error(`readLine ended the line at ${reader.lineEnd}`);
        results.push(canonical(taken !== undefined ? taken.toTraceEvent() : reader.pushBytes(bytes, BEFORE.length, BEFORE.length + lineBytes.length)));
      } else if (path === 'bytes' || path === 'line') {
        const bytes = Buffer.concat([BEFORE, Buffer.from(line, 'utf8'), AFTER]);
        results.push(canonical(reader.pushBytes(bytes, BEFORE.length, bytes.length - AFTER.length)));
      } else {
        results.push(canonical(reader.push(line)));
      }
    } catch (error) {
      results.push(describeError(error));
    }
  }
  try {
    reader.finish();
    results.push(`finish interrupted=${reader.interrupted}`);
  } catch (error) {
    results.push(describeError(error));
  }
  return results;
}

/**
 * Lines as a decoder gives them: a lone surrogate becomes U+FFFD, as when the text was read from
 * UTF-8 bytes. The 'bytes' path needs this: its line must be the decoding of its bytes.
 */
export function decodable(line: string): string {
  return Buffer.from(line, 'utf8').toString('utf8');
}
