/**
 * `chitty-sim check <trace.ndjson> [--json]`: checks a trace file in one streaming pass, so a trace
 * of any length is checked without being loaded. Exit 0 when every rule holds, 1 on a violation,
 * 2 when the trace cannot be read (the message names the line).
 */
import { createReadStream } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CheckOptions } from '../../check/checker.js';
import type { CheckResult } from '../../check/types.js';
import type { TraceHeader } from '../../trace/format.js';
import { EXIT, InputError, lineError } from '../errors.js';
import { describeFsError } from '../io.js';
import { loadShivizLog } from '../shiviz-file.js';

interface CheckArguments {
  trace: string;
  json: boolean;
  maxViolations: number;
  from: 'trace' | 'shiviz';
}

/** What {@link checkTraceFile} returns. */
export interface CheckedTrace {
  header: TraceHeader;
  result: CheckResult;
  /** Whether the trace ends with the "interrupted" line. */
  interrupted: boolean;
}

/**
 * Streams a trace file through the reader and the checker.
 * @param options - checker options; defaults as in {@link CheckOptions}.
 * @throws InputError when the file cannot be read or a line is not a valid trace line (`FILE:LINE: field: message`).
 */
export async function checkTraceFile(file: string, options: CheckOptions = {}): Promise<CheckedTrace> {
  const [{ TraceLineReader, TraceFormatError }, { LineSplitter }, { createChecker }] = await Promise.all([
    import('../../trace/read.js'),
    import('../../trace/lines.js'),
    import('../../check/checker.js'),
  ]);
  const reader = new TraceLineReader();
  const checker = createChecker(options);
  const asInputError = (error: unknown): unknown =>
    error instanceof TraceFormatError ? lineError(file, error) : error;
  // Lines are split from raw 1 MiB chunks by LineSplitter (node:readline cost as much as parsing
  // them), which also hands the reader each line's bytes for its fast path.
  const splitter = new LineSplitter((line, bytes, start, end) => {
    const event = reader.push(line, bytes, start, end);
    if (event !== undefined) checker.push(event);
  });
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    stream.on('error', (error) => fail(describeFsError(error, file, 'read')));
    stream.on('data', (chunk) => {
      if (failed) return;
      try {
        splitter.push(chunk as Buffer);
      } catch (error) {
        fail(asInputError(error));
      }
    });
    stream.on('end', () => {
      if (failed) return;
      try {
        splitter.end();
        resolve();
      } catch (error) {
        fail(asInputError(error));
      }
    });
  });
  let header: TraceHeader;
  try {
    header = reader.finish();
  } catch (error) {
    throw asInputError(error);
  }
  return { header, result: checker.finish({ interrupted: reader.interrupted }), interrupted: reader.interrupted };
}

/**
 * Checks a ShiViz log (read whole: its messages are matched by vector clock). Its Lamport times are
 * computed from the clocks, so the clock rules hold by construction; the vector-clock and message
 * rules are what such a check tests.
 */
export async function checkShivizFile(file: string, options: CheckOptions = {}): Promise<CheckedTrace> {
  const [log, { checkEvents }] = await Promise.all([loadShivizLog(file), import('../../check/checker.js')]);
  return { header: log.header, result: checkEvents(log.header, log.events, options), interrupted: false };
}

export const checkCommand: CommandModule<object, CheckArguments> = {
  command: 'check <trace>',
  describe: 'Check the clock ordering and Chitty-Chat promises of a trace',
  builder: (yargs: Argv) =>
    yargs
      .positional('trace', { type: 'string', describe: 'Trace file (NDJSON, as `run --trace` writes it)', demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON (violations, counts) instead of text' })
      .option('max-violations', { type: 'number', default: 1000, describe: 'List at most N violations; the rest are counted' })
      .option('from', { type: 'string', choices: ['trace', 'shiviz'], default: 'trace', describe: 'What the input is: a chitty-sim trace or a ShiViz (GoVector) log' })
      .example('$0 check out/diagram-log.ndjson', 'Check a trace; exit 1 if a rule fails')
      .example('$0 check out/run.ndjson --json > out/violations.json', 'Keep the violations for `render --violations`')
      .example('$0 check --from shiviz app.log', "Check a ShiViz log's clocks")
      .epilogue(
        'Rules: process-order, receive-after-send, message-match, vector-clock, broadcast-once, broadcast-order, own-announcement, announcement-time, message-length (see docs/checker.md).',
      ) as unknown as Argv<CheckArguments>,
  handler: async (argv: ArgumentsCamelCase<CheckArguments>) => {
    const maxViolations = argv.maxViolations;
    if (!Number.isSafeInteger(maxViolations) || maxViolations < 0) throw new InputError('--max-violations: must be a whole number from 0');
    const { header, result, interrupted } = argv.from === 'shiviz' ? await checkShivizFile(argv.trace, { maxViolations }) : await checkTraceFile(argv.trace, { maxViolations });
    if (argv.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      const { formatCheckResult } = await import('../../check/format.js');
      let text = formatCheckResult(result, argv.trace);
      if (interrupted) text += `Note: the run "${header.scenario}" was interrupted; broadcasts still in progress were not judged.\n`;
      process.stdout.write(text);
    }
    process.exitCode = result.status === 'pass' ? EXIT.ok : EXIT.failed;
  },
};
