/**
 * The entries of a ShiViz log, as ShiViz's parser (js/model/parser.js) finds them: the log split
 * into executions by the delimiter, and in each, every match of the parsing regular expression an
 * entry (an event text, a host, a vector clock and any further named groups as fields). Line
 * numbers are the file's. Pure.
 */
import { TraceFormatError } from '../trace/read.js';
import type { LogSyntax } from './shiviz-syntax.js';

/** One entry of the log: an event as its host logged it. */
export interface LogEntry {
  host: string;
  /** The clock's entries above 0, in the log's order (zero entries say nothing; ShiViz drops them too). */
  vc: Map<string, number>;
  /** The host's own entry. */
  own: number;
  event: string;
  /** Named groups beyond event, host and clock that matched. */
  fields: Record<string, string> | undefined;
  /** The file's line of the clock (where ShiViz reports clock errors), from 1. */
  line: number;
}

/** One execution's part of the log. */
export interface ExecutionText {
  /** Its name: the delimiter's `trace` group; '' for a log of one execution. */
  name: string;
  /** Where its text lies in the log. */
  start: number;
  end: number;
}

/** Clocks from 2^53 up cannot be counted exactly. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;
const CLOCK_LINE = /^(\S*) (\{.*\})\s*$/;

/** The file's line of each offset of the text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.starts.push(k + 1);
  }

  /** The line (from 1) that holds offset `at`. */
  lineAt(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/**
 * The executions of the log from `syntax.start`: the parts between the delimiter's matches, the
 * first one unnamed, each after a match named by its `trace` group (or numbered from 1 when the
 * delimiter has none). Parts that are blank are no execution, as in ShiViz.
 * @throws TraceFormatError when two executions have one name.
 */
export function splitExecutions(text: string, syntax: LogSyntax, lines: LineIndex): ExecutionText[] {
  const parts: ExecutionText[] = [];
  const delimiter = syntax.delimiter;
  if (delimiter === undefined) return text.slice(syntax.start).trim() === '' ? [] : [{ name: '', start: syntax.start, end: text.length }];
  let name = '';
  let from = syntax.start;
  let count = 0;
  const seen = new Map<string, number>();
  const add = (end: number, at: number) => {
    if (text.slice(from, end).trim() === '') return;
    const line = lines.lineAt(at);
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new TraceFormatError(line, 'delimiter', `two executions are called ${JSON.stringify(name)} (lines ${earlier} and ${line}); ShiViz needs execution names to be unique`);
    seen.set(name, line);
    parts.push({ name, start: from, end });
  };
  delimiter.lastIndex = syntax.start;
  let match: RegExpExecArray | null;
  let at = syntax.start;
  while ((match = delimiter.exec(text)) !== null) {
    if (match[0] === '') delimiter.lastIndex++;
    add(match.index, at);
    count++;
    name = syntax.namedExecutions ? (match.groups?.trace ?? '') : String(count);
    from = match.index + match[0].length;
    at = match.index;
  }
  add(text.length, at);
  return parts;
}

/**
 * The entries of one execution.
 * @throws TraceFormatError naming the file's line: a clock that is not a JSON object of whole
 *   numbers or lacks its own host, an entry without its host; in the line layouts, a line out of
 *   place; no entry at all.
 */
export function readEntries(text: string, part: ExecutionText, syntax: LogSyntax, lines: LineIndex): LogEntry[] {
  const entries = syntax.layout instanceof RegExp ? matchEntries(text, part, syntax.layout, lines) : lineEntries(text, part, syntax.layout, lines);
  if (entries.length === 0) {
    const where = part.name === '' ? 'the log' : `execution ${JSON.stringify(part.name)}`;
    const line = lines.lineAt(Math.max(part.start, Math.min(part.end, text.length) - 1));
    throw new TraceFormatError(line, syntax.layout instanceof RegExp ? 'regex' : '', syntax.layout instanceof RegExp ? `the parsing regular expression matches no event in ${where}` : `no events in ${where}: expected an event line and a \`host {vector clock}\` line`);
  }
  return entries;
}

/** Entries as a regular expression finds them (flags g, m, d): text it does not match is skipped. */
function matchEntries(text: string, part: ExecutionText, regex: RegExp, lines: LineIndex): LogEntry[] {
  // The execution's text alone, as ShiViz matches it: `^` and `$` also match at its ends.
  const body = text.slice(part.start, part.end);
  const entries: LogEntry[] = [];
  regex.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(body)) !== null) {
    if (match[0] === '') {
      regex.lastIndex++;
      continue;
    }
    const groups = match.groups ?? {};
    const clockAt = part.start + (match.indices?.groups?.clock?.[0] ?? match.index);
    const line = lines.lineAt(clockAt);
    if (groups.host === undefined) throw new TraceFormatError(lines.lineAt(part.start + match.index), 'host', 'the host group matched nothing in this entry');
    if (groups.clock === undefined) throw new TraceFormatError(line, 'clock', 'the clock group matched nothing in this entry');
    let fields: Record<string, string> | undefined;
    for (const [name, value] of Object.entries(groups)) {
      if (name === 'event' || name === 'host' || name === 'clock' || value === undefined) continue;
      (fields ??= {})[name] = value;
    }
    entries.push({ ...parseClock(groups.host, groups.clock, line), event: groups.event ?? '', fields });
  }
  return entries;
}

/**
 * Entries in ShiViz's default layout (an event line, then `host {clock}`) or GoVector's (the clock
 * line first), read line by line: blank lines between entries are skipped, and a line out of place
 * is an error rather than skipped text.
 */
function lineEntries(text: string, part: ExecutionText, layout: 'events-first' | 'clocks-first', lines: LineIndex): LogEntry[] {
  const entries: LogEntry[] = [];
  const firstLine = lines.lineAt(part.start);
  const rows = text.slice(part.start, part.end).split('\n');
  let pendingEvent: { text: string; line: number } | undefined;
  let pendingClock: Omit<LogEntry, 'event' | 'fields'> | undefined;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const n = firstLine + k;
    if (layout === 'events-first') {
      if (pendingEvent === undefined) {
        if (row.trim() === '') continue;
        // A clock line where an event was due is an entry with an empty event, as for ShiViz.
        if (CLOCK_LINE.test(row)) entries.push({ ...parseClockLine(row, n), event: '', fields: undefined });
        else pendingEvent = { text: row, line: n };
      } else {
        if (!CLOCK_LINE.test(row)) throw new TraceFormatError(n, 'clock', `expected \`host {vector clock}\` after the event on line ${pendingEvent.line}, found ${preview(row)}`);
        entries.push({ ...parseClockLine(row, n), event: pendingEvent.text, fields: undefined });
        pendingEvent = undefined;
      }
    } else if (pendingClock === undefined) {
      if (row.trim() === '') continue;
      if (!CLOCK_LINE.test(row)) throw new TraceFormatError(n, 'clock', `expected \`host {vector clock}\` (the layout of this log puts the clock line first), found ${preview(row)}`);
      pendingClock = parseClockLine(row, n);
    } else {
      entries.push({ ...pendingClock, event: row, fields: undefined });
      pendingClock = undefined;
    }
  }
  if (pendingEvent !== undefined) throw new TraceFormatError(pendingEvent.line + 1, 'clock', `the log ends after the event on line ${pendingEvent.line}; expected \`host {vector clock}\``);
  // GoVector's clock line may end the file with the event line missing: an empty event.
  if (pendingClock !== undefined) entries.push({ ...pendingClock, event: '', fields: undefined });
  return entries;
}

function preview(line: string): string {
  return line.trim() === '' ? 'an empty line' : JSON.stringify(line.length > 60 ? line.slice(0, 60) + '…' : line);
}

function parseClockLine(line: string, n: number): Omit<LogEntry, 'event' | 'fields'> {
  const [, host, clock] = CLOCK_LINE.exec(line)!;
  return parseClock(host, clock, n);
}

/**
 * A vector clock as ShiViz reads it: JSON, or JSON whose quotes are escaped (`{\"w1\":1}`, as a
 * TLA+ trace writes it). Its host must have an entry.
 */
function parseClock(host: string, clock: string, n: number): Omit<LogEntry, 'event' | 'fields'> {
  if (host === '') throw new TraceFormatError(n, 'host', 'missing: a clock line is `host {vector clock}`');
  let value: unknown;
  try {
    value = JSON.parse(clock);
  } catch (error) {
    try {
      value = JSON.parse(clock.replace(/\\"/g, '"'));
    } catch {
      throw new TraceFormatError(n, 'clock', `not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(n, 'clock', 'must be a JSON object of host to count');
  const vc = new Map<string, number>();
  for (const [key, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
      throw new TraceFormatError(n, `clock.${key}`, `must be a whole number from 0, found ${JSON.stringify(count)}`);
    }
    if (count > 0) vc.set(key, count);
  }
  const own = vc.get(host);
  if (own === undefined) {
    const why = Object.hasOwn(value, host) ? `is 0; ShiViz needs each host to count from 1` : `is missing (ShiViz: the local host is missing from the timestamp)`;
    throw new TraceFormatError(n, `clock.${host}`, `the entry of its own host ${JSON.stringify(host)} ${why}`);
  }
  return { host, vc, own, line: n };
}
