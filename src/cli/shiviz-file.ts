/**
 * Loads a ShiViz (GoVector) log for a command: read whole, since its messages are matched by
 * vector clock, with format errors as `FILE:LINE: field: message` (exit 2). The options every
 * command that reads such logs shares (`--regex`, `--delimiter`, `--execution`) are here.
 */
import path from 'node:path';
import type { ShivizExecution, ShivizReadOptions } from '../import/shiviz.js';
import type { EventRef, Violation } from '../check/types.js';
import { InputError, lineError } from './errors.js';
import { readTextFile } from './io.js';

/** What the ShiViz options give a command. */
export interface ShivizArguments {
  regex?: string;
  delimiter?: string;
  execution?: string;
}

/** `--regex`, `--delimiter` and `--execution`, for every command that reads ShiViz logs. */
export function shivizOptions(executionHelp: string) {
  return {
    regex: {
      type: 'string',
      describe: "With --from shiviz: ShiViz's parsing regular expression (JavaScript syntax; named groups event, host and clock, any other named group becomes a field of the event). Default: the log's first line when it is one, else ShiViz's default",
    },
    delimiter: {
      type: 'string',
      describe: "With --from shiviz: ShiViz's delimiter of executions, e.g. '^=== (?<trace>.*) ===$' (the trace group names each execution). Default: the log's second line after a regex line, else none",
    },
    execution: { type: 'string', describe: `With --from shiviz: the execution to read, by name, of a log with several; ${executionHelp}` },
  } as const;
}

/** Refuses the ShiViz options on a command that reads a trace. */
export function refuseShivizOptions(argv: ShivizArguments, shiviz: boolean): void {
  if (shiviz) return;
  for (const option of ['regex', 'delimiter', 'execution'] as const) {
    if (argv[option] !== undefined) throw new InputError(`--${option}: only for a ShiViz log (--from shiviz)`);
  }
}

/** Reads every execution of a ShiViz log file. Throws InputError. */
export async function loadShivizExecutions(file: string, argv: ShivizArguments): Promise<ShivizExecution[]> {
  const [text, { readShivizExecutions, ShivizSyntaxError }, { TraceFormatError }] = await Promise.all([readTextFile(file), import('../import/shiviz.js'), import('../trace/read.js')]);
  const options: ShivizReadOptions = { name: path.basename(file), regex: argv.regex, delimiter: argv.delimiter };
  try {
    return readShivizExecutions(text, options);
  } catch (error) {
    if (error instanceof TraceFormatError) throw lineError(file, error);
    if (error instanceof ShivizSyntaxError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Reads the execution a command draws or exports: the only one, the one `--execution` names, or
 * with `all` (where `allowAll`), every one side by side. Throws InputError listing the executions
 * when the log has several and none is named.
 */
export async function loadShivizLog(file: string, argv: ShivizArguments, allowAll = false): Promise<ShivizExecution & { groups?: { name: string; nodes: string[] }[] }> {
  const executions = await loadShivizExecutions(file, argv);
  const names = executions.map((execution) => JSON.stringify(execution.name)).join(', ');
  if (argv.execution === undefined) {
    if (executions.length === 1) return executions[0];
    throw new InputError(`${file}: the log holds ${executions.length} executions (${names}); pick one with --execution NAME${allowAll ? ', or draw them side by side with --execution all' : ''}`);
  }
  if (argv.execution === 'all' && allowAll && !executions.some((execution) => execution.name === 'all')) {
    const { mergeExecutions } = await import('../import/shiviz.js');
    return mergeExecutions(executions, path.basename(file));
  }
  const chosen = executions.find((execution) => execution.name === argv.execution);
  if (chosen === undefined) {
    throw new InputError(`--execution: ${file} has no execution ${JSON.stringify(argv.execution)}; ${executions.length === 1 && executions[0].name === '' ? 'it has one, unnamed (leave out --execution)' : `its executions: ${names}`}`);
  }
  return chosen;
}

/** The violations with the log's line of each event they name (`line`), for a report the user can find in the log. */
export function withLogLines(violations: readonly Violation[], lines: readonly number[]): Violation[] {
  return violations.map((violation) => ({ ...violation, events: violation.events.map((event): EventRef => (lines[event.i] === undefined ? event : { ...event, line: lines[event.i] })) }));
}
