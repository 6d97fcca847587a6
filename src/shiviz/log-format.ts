/**
 * ShiViz's log format, as its parser (js/model/parser.js) reads it: a regular expression with the
 * named groups `event`, `host` and `clock` (and any others, which become fields of the event),
 * applied with the flags `g` and `m` to the text of each execution; the executions are the parts
 * of the log between the matches of a delimiter regular expression, named by its `trace` group.
 * Shared by the exporter and the importer. Pure.
 */

/** ShiViz's default parsing regular expression, written as ShiViz shows it (the first line of an exported file). */
export const SHIVIZ_DEFAULT_REGEX = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** GoVector's layout: the clock line first. */
export const GOVECTOR_REGEX = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

/** The delimiter of ShiViz's multiple-execution example logs: `=== NAME ===` lines. */
export const SHIVIZ_EXECUTION_DELIMITER = '^=== (?<trace>.*) ===$';

/** The groups a parsing regular expression must have. */
export const REQUIRED_GROUPS = ['event', 'host', 'clock'] as const;

/** The named groups of a regular expression's source, in order (lookbehinds `(?<=`, `(?<!` are no names). */
export function groupNames(source: string): string[] {
  const names: string[] = [];
  const pattern = /\\.|\(\?<([A-Za-z_$][\w$]*)>/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null) if (match[1] !== undefined) names.push(match[1]);
  return names;
}
