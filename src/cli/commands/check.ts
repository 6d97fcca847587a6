/**
 * `chitty-sim check <trace.ndjson> [--json]`: checks a trace file in one streaming pass, so a trace
 * of any length is checked without being loaded. Exit 0 when every rule holds, 1 on a violation,
 * 2 when the trace cannot be read (the message names the line).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CheckOptions } from '../../check/checker.js';
import type { CheckResult } from '../../check/types.js';
import type { TraceHeader } from '../../trace/format.js';
import { EXIT, InputError, lineError } from '../errors.js';
import { closeSync, openSync, readSync } from 'node:fs';
import type { BatchBuffers } from '../../trace/batch.js';
import type { ParserMessage, ParserRequest } from '../check-parser.js';
import { describeFsError, fileSize, forEachChunk } from '../io.js';
import { refuseWrongKind } from '../input-kind.js';
import { loadShivizExecutions, loadShivizLog, refuseShivizOptions, shivizOptions, withLogLines, type ShivizArguments } from '../shiviz-file.js';

interface CheckArguments extends ShivizArguments {
  trace: string;
  protocol?: string;
  json: boolean;
  maxViolations: number;
  from: 'trace' | 'shiviz';
  threads: number | undefined;
}

/** What {@link checkTraceFile} returns. */
export interface CheckedTrace {
  header: TraceHeader;
  result: CheckResult;
  /** Whether the trace ends early: with the "interrupted" line, or an error line. */
  interrupted: boolean;
  /** The error that stopped the run, when the trace ends with an error line. */
  failure?: string;
}

/** Checker options for a trace file: its protocol's rules (from its header, or `protocolFile`), and a note when they were left out. */
export async function checkOptionsForFile(file: string, options: CheckOptions = {}, protocolFile?: string): Promise<{ options: CheckOptions; note: string | undefined }> {
  const [{ peekTraceHeader, traceProtocol }, { checkOptionsFor }] = await Promise.all([import('../trace-protocol.js'), import('../../protocols/checking.js')]);
  const header = await peekTraceHeader(file);
  const { protocol, note } = await traceProtocol(header, file, protocolFile);
  return { options: { ...checkOptionsFor(protocol, header), ...options }, note };
}

/** Traces from this size (bytes) are parsed in a second thread by default: below it, starting the thread costs more than it saves. */
export const PARSER_THREAD_FROM_BYTES = 64 << 20;
/** Chunks out at once when parsing in a second thread. */
const CHUNKS_OUT = 3;

/** How {@link checkTraceFile} reads. */
export interface ReadOptions {
  /** 1 or 2; default: 2 for a file of {@link PARSER_THREAD_FROM_BYTES} or more, else 1. */
  threads?: 1 | 2;
  /** Bytes per read; default 4 MiB. */
  chunkBytes?: number;
}

/**
 * Checks a trace file in one streaming pass: in this thread, or with the parsing in a second
 * thread while this one checks, which is faster on a machine with two cores or more.
 * Both give the same result and the same errors.
 * @param options - checker options; defaults as in {@link CheckOptions}.
 * @param read - see {@link ReadOptions}.
 * @throws InputError when the file cannot be read or a line is not a valid trace line (`FILE:LINE: field: message`).
 */
export async function checkTraceFile(file: string, options: CheckOptions = {}, read: ReadOptions = {}): Promise<CheckedTrace> {
  if (options.rules === undefined) options = (await checkOptionsForFile(file, options)).options;
  const threads = read.threads ?? ((await fileSize(file).catch(() => 0)) >= PARSER_THREAD_FROM_BYTES ? 2 : 1);
  const chunkBytes = read.chunkBytes ?? 1 << 22;
  return threads === 2 ? checkInTwoThreads(file, options, chunkBytes) : checkInOneThread(file, options, chunkBytes);
}

/** Reads and checks in this thread. */
async function checkInOneThread(file: string, options: CheckOptions, chunkBytes: number): Promise<CheckedTrace> {
  const [{ TraceLineReader, TraceFormatError }, { LineSplitter }, { createChecker }] = await Promise.all([
    import('../../trace/read.js'),
    import('../../trace/lines.js'),
    import('../../check/checker.js'),
  ]);
  const reader = new TraceLineReader();
  const checker = createChecker(options);
  const asInputError = (error: unknown): unknown =>
    error instanceof TraceFormatError ? lineError(file, error) : error;
  // Lines are split from raw chunks by LineSplitter (node:readline cost as much as parsing them)
  // and read as bytes: names come as numbers and texts are decoded only where a rule reads them.
  const splitter = new LineSplitter(
    (bytes, start, end) => {
      const event = reader.read(bytes, start, end);
      if (event !== undefined) checker.pushRead(event);
    },
    (bytes, start, limit) => {
      const event = reader.readLine(bytes, start, limit);
      if (event === undefined) return -1;
      checker.pushRead(event);
      return reader.lineEnd;
    },
  );
  try {
    await forEachChunk(file, (chunk) => splitter.push(chunk), chunkBytes);
    splitter.end();
  } catch (error) {
    throw asInputError(error);
  }
  let header: TraceHeader;
  try {
    header = reader.finish();
  } catch (error) {
    throw asInputError(error);
  }
  return { header, result: checker.finish({ interrupted: reader.ended }), interrupted: reader.ended, failure: reader.failure };
}

/**
 * Parses in a second thread (check-parser.ts): this thread reads the file and posts each chunk
 * there, and checks the events of each chunk as they come back in a batch. A few chunks are out
 * at once, so the next ones are being parsed while this thread checks.
 */
async function checkInTwoThreads(file: string, options: CheckOptions, chunkBytes: number): Promise<CheckedTrace> {
  const [{ Worker }, { BatchEvent, transferList }, { createChecker }] = await Promise.all([
    import('node:worker_threads'),
    import('../../trace/batch.js'),
    import('../../check/checker.js'),
  ]);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw describeFsError(error, file, 'read');
  }
  const checker = createChecker(options);
  const event = new BatchEvent();
  const worker = new Worker(new URL('../check-parser.js', import.meta.url));
  const spareChunks = Array.from({ length: CHUNKS_OUT }, () => new ArrayBuffer(chunkBytes));
  let reachedEnd = false;
  /** Reads the next chunk into a spare buffer and posts it; at the end of the file, says so. */
  const readNext = (buffers: BatchBuffers | undefined) => {
    if (reachedEnd) return;
    const bytes = spareChunks.pop()!;
    const length = readSync(fd, new Uint8Array(bytes), 0, bytes.byteLength, null);
    if (length === 0) {
      reachedEnd = true;
      worker.postMessage({ kind: 'end' } satisfies ParserRequest);
      return;
    }
    const transfer = [bytes];
    if (buffers !== undefined) transfer.push(...transferList({ bytes: undefined, ...buffers }));
    worker.postMessage({ kind: 'chunk', bytes, length, buffers } satisfies ParserRequest, transfer);
  };
  try {
    return await new Promise<CheckedTrace>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
        void worker.terminate();
      };
      const readOrFail = (buffers: BatchBuffers | undefined) => {
        try {
          readNext(buffers);
        } catch (error) {
          settle(() => reject(describeFsError(error, file, 'read')));
        }
      };
      worker.on('message', (message: ParserMessage) => {
        if (settled) return;
        try {
          switch (message.kind) {
            case 'batch': {
              const batch = message.batch;
              event.load(batch);
              for (let k = 0; k < batch.count; k++) {
                event.at(k);
                checker.pushRead(event);
              }
              if (batch.bytes !== undefined) spareChunks.push(batch.bytes);
              readOrFail({ numbers: batch.numbers, fields: batch.fields, vcEntries: batch.vcEntries });
              return;
            }
            case 'end':
              settle(() => resolve({ header: message.header, result: checker.finish({ interrupted: message.interrupted }), interrupted: message.interrupted, failure: message.failure }));
              return;
            case 'format-error':
              settle(() => reject(lineError(file, message)));
              return;
          }
        } catch (error) {
          settle(() => reject(error));
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`the thread parsing ${file} stopped early (exit code ${code})`))));
      // Two chunks to start: one to parse, one waiting, and a third read while the first is checked.
      for (let k = 0; k < CHUNKS_OUT - 1 && !settled; k++) readOrFail(undefined);
    });
  } finally {
    closeSync(fd);
  }
}

/** One execution of a ShiViz log, checked. */
export interface CheckedExecution {
  /** Its name ('' in a log of one execution). */
  name: string;
  header: TraceHeader;
  result: CheckResult;
}

/**
 * Checks a ShiViz log (read whole: its messages are matched by vector clock), each execution on
 * its own (or the one `--execution` names). Its Lamport times are computed from the clocks, so the
 * Lamport rules hold by construction; the vector-clock and message rules are what such a check
 * tests. Violations name each event's line in the log.
 */
export async function checkShivizFile(file: string, options: CheckOptions = {}, argv: ShivizArguments = {}): Promise<CheckedExecution[]> {
  const [executions, { checkEvents }] = await Promise.all([argv.execution === undefined ? loadShivizExecutions(file, argv) : loadShivizLog(file, argv).then((one) => [one]), import('../../check/checker.js')]);
  return executions.map((execution) => {
    const result = checkEvents(execution.events, { rules: [], ...options });
    result.violations = withLogLines(result.violations, execution.lines);
    if (execution.notes.length > 0) result.notes = [...(result.notes ?? []), ...execution.notes];
    return { name: execution.name, header: execution.header, result };
  });
}

export const checkCommand: CommandModule<object, CheckArguments> = {
  command: 'check <trace>',
  describe: "Check a trace's clocks and its protocol's own rules",
  builder: (yargs: Argv) =>
    yargs
      .positional('trace', { type: 'string', describe: 'Trace file (NDJSON, as `run --trace` writes it)', demandOption: true })
      .option('protocol', { type: 'string', describe: "The protocol module, when the trace's header names one that is not where it says" })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON (violations, counts) instead of text' })
      .option('max-violations', { type: 'number', default: 1000, describe: 'List at most N violations; the rest are counted' })
      .option('from', { type: 'string', choices: ['trace', 'shiviz'], default: 'trace', describe: 'What the input is: a chitty-sim trace or a ShiViz (GoVector) log' })
      .option('threads', { type: 'number', choices: [1, 2], describe: 'Parse the trace in a second thread while this one checks (2), or parse and check in one (1); default 2 for traces of 64 MiB or more' })
      .options(shivizOptions('default: every execution, each reported on its own'))
      .example('$0 check out/diagram-log.ndjson', 'Check a trace; exit 1 if a rule fails')
      .example('$0 check out/run.ndjson --json > out/violations.json', 'Keep the violations for `render --violations`')
      .example('$0 check --from shiviz app.log', "Check a ShiViz log's clocks")
      .example("$0 check --from shiviz runs.log --regex '(?<date>\\S+) (?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})' --delimiter '^=== (?<trace>.*) ===$'", 'Check each execution of a log in a layout of its own')
      .epilogue(
        'Rules: process-order, receive-after-send, message-match, vector-clock for every trace; mutual-exclusion where the protocol declares exclusive regions; and the protocol\'s own (Chitty-Chat: broadcast-once, broadcast-order, own-announcement, announcement-time, message-length). See docs/checker.md.',
      ) as unknown as Argv<CheckArguments>,
  handler: async (argv: ArgumentsCamelCase<CheckArguments>) => {
    const maxViolations = argv.maxViolations;
    if (!Number.isSafeInteger(maxViolations) || maxViolations < 0) throw new InputError('--max-violations: must be a whole number from 0');
    refuseWrongKind(argv.trace, argv.from, 'check');
    refuseShivizOptions(argv, argv.from === 'shiviz');
    if (argv.from === 'shiviz') {
      await reportExecutions(argv.trace, await checkShivizFile(argv.trace, { maxViolations }, argv), argv.json);
      return;
    }
    const resolved = await checkOptionsForFile(argv.trace, { maxViolations }, argv.protocol);
    const note = resolved.note;
    const checked = await checkTraceFile(argv.trace, resolved.options, { threads: argv.threads as 1 | 2 | undefined });
    const { header, result, interrupted, failure } = checked;
    if (note !== undefined) result.notes = [...(result.notes ?? []), note];
    if (argv.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      const { formatCheckResult } = await import('../../check/format.js');
      let text = formatCheckResult(result, argv.trace);
      if (failure !== undefined) text += `Note: the run "${header.scenario}" stopped on an error in its protocol's code (${failure}); work still in progress was not judged.\n`;
      else if (interrupted) text += `Note: the run "${header.scenario}" was interrupted; work still in progress was not judged.\n`;
      process.stdout.write(text);
    }
    process.exitCode = result.status === 'pass' ? EXIT.ok : EXIT.failed;
  },
};

/**
 * Prints the results of a ShiViz log's executions: one report each (the file, and the execution's
 * name when it has one); with `--json`, the result, or `{status, executions: [{name, ...result}]}`
 * for several. Exit 1 when any execution breaks a rule.
 */
async function reportExecutions(file: string, executions: CheckedExecution[], json: boolean): Promise<void> {
  const failed = executions.some((execution) => execution.result.status === 'fail');
  if (json) {
    const value = executions.length === 1 ? executions[0].result : { status: failed ? 'fail' : 'pass', executions: executions.map((execution) => ({ name: execution.name, ...execution.result })) };
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  } else {
    const { formatCheckResult } = await import('../../check/format.js');
    const reports = executions.map((execution) => formatCheckResult(execution.result, execution.name === '' ? file : `${file}, execution ${JSON.stringify(execution.name)}`));
    process.stdout.write(reports.join('\n'));
  }
  process.exitCode = failed ? EXIT.failed : EXIT.ok;
}
