/**
 * How a ShiViz log is to be read: its parsing regular expression and its delimiter of executions,
 * given by the user or found at the top of the file (an uploaded ShiViz file starts with the regex
 * line and the delimiter line, as ShiViz's upload reads them). Pure.
 */
import { GOVECTOR_REGEX, groupNames, REQUIRED_GROUPS, SHIVIZ_DEFAULT_REGEX } from '../shiviz/log-format.js';
import { TraceFormatError } from '../trace/read.js';
import { parseShivizEventLine } from '../shiviz/event-note.js';

/** A regular expression the user gave (`--regex`, `--delimiter`) that cannot be used. */
export class ShivizSyntaxError extends Error {
  constructor(
    readonly option: 'regex' | 'delimiter',
    readonly detail: string,
  ) {
    super(`--${option} ${detail}`);
    this.name = 'ShivizSyntaxError';
  }
}

/** How the log is read. */
export interface LogSyntax {
  /**
   * `events-first` or `clocks-first`: ShiViz's default layout or GoVector's, read line by line
   * (the same events as their regular expressions find, with an error for a line out of place);
   * otherwise a regular expression applied as ShiViz applies it (text it does not match is skipped).
   */
  layout: 'events-first' | 'clocks-first' | RegExp;
  /** The regular expression as written (for messages). */
  regex: string;
  delimiter: RegExp | undefined;
  /** Whether the delimiter names executions (has a `trace` group). */
  namedExecutions: boolean;
  /** Index in the text where the log starts (after a regex line and a delimiter line), and its line. */
  start: number;
  startLine: number;
}

const REGEX_LINE = /\(\?<(?:event|host|clock)>/;
const CLOCK_LINE = /^(\S*) (\{.*\})\s*$/;

/**
 * The syntax of a log. A first line holding a regular expression with ShiViz's groups (and that is
 * no event or clock line itself) is the parsing regex, and a non-blank second line the delimiter,
 * both anchored with `^...$` as ShiViz's upload does; `regex` and `delimiter` given here win (and
 * are used as given, as ShiViz's text fields are). Without any regex, the layout is ShiViz's
 * default unless the first non-blank line is a clock line (GoVector's).
 * @throws ShivizSyntaxError for a given regex or delimiter that cannot be used, TraceFormatError
 *   for the file's own.
 */
export function logSyntax(text: string, options: { regex?: string; delimiter?: string }): LogSyntax {
  let regexSource = options.regex;
  let delimiterSource = options.delimiter;
  let start = 0;
  let startLine = 1;
  let fromFile = false;
  let fileDelimiter = false;
  if (regexSource === undefined) {
    const firstEnd = lineEnd(text, 0);
    const first = text.slice(0, firstEnd);
    if (REGEX_LINE.test(first) && !CLOCK_LINE.test(first) && parseShivizEventLine(first) === undefined) {
      fromFile = true;
      regexSource = first.trim();
      start = Math.min(text.length, firstEnd + 1);
      startLine = 2;
      if (start < text.length || text.endsWith('\n')) {
        const secondEnd = lineEnd(text, start);
        const second = text.slice(start, secondEnd).trim();
        if (second !== '' && delimiterSource === undefined) {
          delimiterSource = `^${second}$`;
          fileDelimiter = true;
        }
        start = Math.min(text.length, secondEnd + 1);
        startLine = 3;
      }
    }
  }
  const delimiter = delimiterSource === undefined || delimiterSource.trim() === '' ? undefined : compile(delimiterSource.trim(), 'delimiter', fileDelimiter ? 2 : 0);
  const namedExecutions = delimiter !== undefined && groupNames(delimiterSource!).includes('trace');
  if (regexSource === undefined) {
    const firstLine = text.slice(start).split('\n').find((line) => line.trim() !== '');
    return { layout: firstLine !== undefined && CLOCK_LINE.test(firstLine) ? 'clocks-first' : 'events-first', regex: SHIVIZ_DEFAULT_REGEX, delimiter, namedExecutions, start, startLine };
  }
  if (fromFile && (regexSource === SHIVIZ_DEFAULT_REGEX || regexSource === GOVECTOR_REGEX)) {
    return { layout: regexSource === SHIVIZ_DEFAULT_REGEX ? 'events-first' : 'clocks-first', regex: regexSource, delimiter, namedExecutions, start, startLine };
  }
  const source = fromFile ? `^${regexSource}$` : regexSource.trim();
  const names = groupNames(source);
  for (const group of REQUIRED_GROUPS) {
    if (!names.includes(group)) fail('regex', fromFile ? 1 : 0, `has no (?<${group}>...) group; ShiViz needs the groups event, host and clock`);
  }
  return { layout: compile(source, 'regex', fromFile ? 1 : 0), regex: source, delimiter, namedExecutions, start, startLine };
}

/** Where the line starting at `from` ends (its `\n`, or the end of the text). */
function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** A regular expression with ShiViz's flags (`g`, `m`), and `d` for where its groups are. */
function compile(source: string, option: 'regex' | 'delimiter', line: number): RegExp {
  try {
    return new RegExp(source, 'gmd');
  } catch (error) {
    return fail(option, line, `is not a valid regular expression (${(error as Error).message})`);
  }
}

/** A problem of the regex or delimiter: the file's (on its line), or the user's. */
function fail(option: 'regex' | 'delimiter', line: number, detail: string): never {
  if (line > 0) throw new TraceFormatError(line, option, `the ${line === 1 ? 'first line is the parsing regular expression' : 'second line is the delimiter of executions'}, but it ${detail}`);
  throw new ShivizSyntaxError(option, detail);
}
