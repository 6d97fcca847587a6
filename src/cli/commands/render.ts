/**
 * `chitty-sim render`: draws the Lamport diagram of a trace as SVG, or as PNG (`--png`, or an output
 * named `*.png`) with resvg and the fonts shipped as npm packages. The trace is read line by line
 * and only the window is kept, so a window of a trace of any length can be drawn.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Violation } from '../../check/types.js';
import type { Axis, DiagramOptions } from '../../diagram/options.js';
import type { TraceWindow } from '../../diagram/window.js';
import type { TraceEvent, TraceHeader } from '../../trace/format.js';
import { InputError, lineError } from '../errors.js';
import { describeFsError, readTextFile, writeOutput } from '../io.js';
import { refuseWrongKind } from '../input-kind.js';
import { loadShivizLog, refuseShivizOptions, shivizOptions, type ShivizArguments } from '../shiviz-file.js';
import { diagramFormatOf } from '../diagram-format.js';

interface RenderArguments extends ShivizArguments {
  trace: string;
  output?: string;
  axis: 'order' | 'lamport' | 'time';
  from?: string;
  to?: string;
  nodes?: string;
  violations?: string;
  check: boolean;
  maxEvents: number;
  png: boolean;
  scale?: number;
  page?: 'a4' | 'letter';
}

/** What reading a trace for a diagram keeps. */
export interface WindowedTrace {
  header: TraceHeader;
  events: TraceEvent[];
  /** Every node of the trace, in order of first appearance. */
  allNodes: string[];
  interrupted: boolean;
  /** The whole trace's event indices and Lamport times, for the message of an empty window. */
  range: TraceRange;
}

export interface TraceRange {
  events: number;
  firstI: number;
  lastI: number;
  minLamport: number;
  maxLamport: number;
}

function emptyRange(): TraceRange {
  return { events: 0, firstI: Infinity, lastI: -Infinity, minLamport: Infinity, maxLamport: -Infinity };
}

function widen(range: TraceRange, event: TraceEvent): void {
  range.events++;
  if (event.i < range.firstI) range.firstI = event.i;
  if (event.i > range.lastI) range.lastI = event.i;
  if (event.lamport < range.minLamport) range.minLamport = event.lamport;
  if (event.lamport > range.maxLamport) range.maxLamport = event.lamport;
}

/** An empty window's message: what the trace holds, so that the user can pick a window that draws something. */
export function emptyWindowMessage(file: string, trace: WindowedTrace): string {
  const { range } = trace;
  if (range.events === 0) return `${file}: the trace has no events, so no window of it has any`;
  return (
    `${file}: the window holds no events; the trace has events ${range.firstI}–${range.lastI} (--from/--to ${range.firstI}…${range.lastI}), ` +
    `Lamport times ${range.minLamport}–${range.maxLamport} (L${range.minLamport}…L${range.maxLamport}) and nodes ${trace.allNodes.join(', ')}`
  );
}

/**
 * Streams a trace file, keeping the events `keep` accepts and handing every event to `each` (the
 * checker). Stops with an error as soon as more than `maxEvents` are kept (the window is too large
 * to draw), and on the first malformed line.
 */
export async function readTraceWindow(
  file: string,
  keep: (event: TraceEvent) => boolean,
  maxEvents: number,
  each?: (event: TraceEvent) => void,
  format: 'trace' | 'shiviz' = 'trace',
  shiviz: ShivizArguments = {},
): Promise<WindowedTrace> {
  if (format === 'shiviz') return readShivizWindow(file, keep, maxEvents, each, shiviz);
  const { TraceFormatError, TraceLineReader } = await import('../../trace/read.js');
  const reader = new TraceLineReader();
  const events: TraceEvent[] = [];
  const allNodes: string[] = [];
  const seen = new Set<string>();
  const range = emptyRange();
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const event = reader.push(line);
      if (event === undefined) continue;
      each?.(event);
      widen(range, event);
      if (!seen.has(event.node)) {
        seen.add(event.node);
        allNodes.push(event.node);
      }
      if (!keep(event)) continue;
      events.push(event);
      if (events.length > maxEvents) {
        throw new InputError(
          `${file}: the window holds more than ${maxEvents} events (reached at line ${reader.lines}), more than the renderer draws at once; ` +
            `draw a window, e.g. --from ${events[0].i} --to ${events[0].i + maxEvents - 1}, or --from L${events[0].lamport} --to L${events[0].lamport + 500}, ` +
            'or fewer nodes with --nodes server,<participant> (or raise --max-events)',
        );
      }
    }
    return { header: reader.finish(), events, allNodes, interrupted: reader.ended, range };
  } catch (error) {
    if (error instanceof TraceFormatError) {
      throw lineError(file, error);
    }
    if (error instanceof InputError) throw error;
    throw describeFsError(error, file, 'read');
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * `--from shiviz` names the input format (a ShiViz or GoVector log), not the window's start:
 * a window starts at an event index or a Lamport time (`L40`), never at a word.
 */
export function isShivizInput(from: string | undefined): boolean {
  return from?.toLowerCase() === 'shiviz';
}

/**
 * Reads a ShiViz log (whole: its send/receive matching needs every clock) into a window: one
 * execution, or with `--execution all` every one side by side (nodes `EXECUTION/host`, in the
 * executions' order).
 */
async function readShivizWindow(file: string, keep: (event: TraceEvent) => boolean, maxEvents: number, each: ((event: TraceEvent) => void) | undefined, shiviz: ShivizArguments): Promise<WindowedTrace> {
  const log = await loadShivizLog(file, shiviz, true);
  const allNodes = [...log.hosts];
  const events: TraceEvent[] = [];
  const range = emptyRange();
  for (const event of log.events) {
    each?.(event);
    widen(range, event);
    if (keep(event)) events.push(event);
  }
  if (events.length > maxEvents) throw new InputError(`${file}: the window holds ${events.length} events, more than ${maxEvents}; draw a window with --to and --nodes`);
  return { header: log.header, events, allNodes, interrupted: false, range };
}

/**
 * The checker `--check` runs while a trace is read: the trace's protocol's rules; for a ShiViz log
 * (whose texts are no protocol's), the clock rules alone.
 */
/**
 * What `render` and `view` draw a read trace with: the protocol's style (a ShiViz log has none),
 * the axis, the window, every node, the violations and whether the run ended early.
 */
export async function traceDiagramOptions(
  argv: { from?: string; trace: string; axis: Axis; maxEvents: number },
  trace: WindowedTrace,
  window: TraceWindow,
  violations: Violation[],
): Promise<DiagramOptions> {
  return {
    ...(isShivizInput(argv.from) ? {} : await (await import('../protocol-style.js')).traceStyle(trace.header, argv.trace)),
    axis: argv.axis,
    window,
    allNodes: trace.header.nodes ?? trace.allNodes,
    violations,
    interrupted: trace.interrupted,
    maxEvents: argv.maxEvents,
  };
}

export async function traceChecker(file: string, shiviz: boolean) {
  const { createChecker } = await import('../../check/index.js');
  if (shiviz) return createChecker({ rules: [] });
  return createChecker((await (await import('./check.js')).checkOptionsForFile(file)).options);
}

/** Reads `chitty-sim check --json` output (a result with `violations`) or a bare list of violations. */
export async function readViolations(file: string): Promise<Violation[]> {
  const text = await readTextFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(value) ? value : (value as { violations?: unknown } | null)?.violations;
  if (!Array.isArray(list)) throw new InputError(`${file}: expected the output of \`chitty-sim check --json\` or a list of violations`);
  list.forEach((item, k) => {
    const violation = item as Partial<Violation> | null;
    const ok =
      violation !== null &&
      typeof violation === 'object' &&
      typeof violation.rule === 'string' &&
      typeof violation.message === 'string' &&
      Array.isArray(violation.events) &&
      violation.events.every((ref) => ref !== null && typeof ref === 'object' && Number.isInteger(ref.i) && typeof ref.node === 'string' && typeof ref.lamport === 'number');
    if (!ok) throw new InputError(`${file}: violations[${k}]: expected {rule, message, events: [{i, node, lamport}]}`);
  });
  return list as Violation[];
}

/**
 * The options `render` and `view` share: axis, window, violations, size limit.
 * @param verb - how the help text says what happens to events ("drawn", "shown").
 */
export function diagramOptions(verb: string) {
  return {
    axis: {
      type: 'string',
      choices: ['order', 'lamport', 'time'],
      default: 'order',
      describe: 'Vertical axis: causal order (compact), Lamport time (equal times line up), or virtual time (slopes show delays)',
    },
    from: { type: 'string', describe: `First event ${verb}: an event index (120) or a Lamport time (L40); or \`shiviz\`: the input is a ShiViz/GoVector log` },
    ...shivizOptions(`default: the only one; \`all\` ${verb === 'drawn' ? 'draws' : 'shows'} every execution side by side`),
    to: { type: 'string', describe: `Last event ${verb} (included): an event index or a Lamport time (L80)` },
    nodes: { type: 'string', describe: 'Only these nodes, comma-separated (server,1111)' },
    check: { type: 'boolean', default: false, describe: 'Check the whole trace and mark the clock violations in red' },
    violations: { type: 'string', describe: 'Mark the violations in FILE (`chitty-sim check --json` output) in red' },
    'max-events': { type: 'number', default: 20_000, describe: 'Refuse windows with more events than this' },
  } as const;
}

export const renderCommand: CommandModule<object, RenderArguments> = {
  command: 'render <trace>',
  describe: 'Draw a trace as a Lamport space-time diagram (SVG or PNG)',
  builder: (yargs: Argv) =>
    yargs
      .positional('trace', { type: 'string', describe: 'Trace file (NDJSON, from `run --trace`)', demandOption: true })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the diagram to FILE: FILE.svg or FILE.png (default: SVG on standard output)' })
      .options(diagramOptions('drawn'))
      .option('png', { type: 'boolean', default: false, describe: 'Write PNG instead of SVG (also chosen by an output named *.png)' })
      .option('scale', { type: 'number', describe: 'PNG only: pixels per SVG pixel (default 2)' })
      .option('page', { type: 'string', choices: ['a4', 'letter'], describe: 'Cut into portrait pages for print: -o NAME.svg writes NAME-1.svg, NAME-2.svg, ... (or .png)' })
      .example('$0 render out/run.ndjson -o out/run.svg', 'Draw a whole trace')
      .example('$0 render --from shiviz app.log -o app.svg', 'Draw a ShiViz (GoVector) log')
      .example("$0 render --from shiviz runs.log --delimiter '^=== (?<trace>.*) ===$' --execution 'Execution #2' -o run2.svg", 'Draw one execution of a log that holds several')
      .example('$0 render out/run.ndjson -o out/run.png', 'The same as PNG, twice the SVG size')
      .example('$0 render out/run.ndjson -o out/part.svg --from L10 --to L40 --nodes server,1111', 'Draw Lamport times 10 to 40 of two nodes')
      .example('$0 render out/run.ndjson --axis time > out/time.svg', 'Virtual time downwards, SVG on standard output')
      .example('$0 render out/run.ndjson -o out/run.svg --check', 'Mark the clock violations the checker finds')
      .example('$0 render out/run.ndjson -o out/run.png --page a4', 'A4 pages for a report: out/run-1.png, out/run-2.png, ...') as unknown as Argv<RenderArguments>,
  handler: async (argv: ArgumentsCamelCase<RenderArguments>) => {
    if (!Number.isSafeInteger(argv.maxEvents) || argv.maxEvents < 1) throw new InputError('--max-events: must be a whole number from 1');
    const format = argv.output === undefined ? undefined : diagramFormatOf(argv.output, '--output');
    const png = argv.png || format === 'png';
    if (png && format === 'svg') throw new InputError(`--png: the output ${argv.output} is named .svg; name it .png, or leave out --png`);
    if (!png && argv.scale !== undefined) throw new InputError('--scale: only for PNG output (--png, or -o FILE.png)');
    if (argv.scale !== undefined && !(Number.isFinite(argv.scale) && argv.scale > 0 && argv.scale <= 16)) throw new InputError('--scale: must be a number above 0, at most 16');
    if (argv.page !== undefined && argv.output === undefined) throw new InputError('--page: pages are files; give -o NAME.svg (or NAME.png) and they are written as NAME-1.svg, NAME-2.svg, ...');
    // Checked before the work: PNG bytes would garble a terminal.
    if (png && argv.output === undefined && process.stdout.isTTY) throw new InputError('--png: give -o FILE.png, or redirect standard output to a file');
    refuseWrongKind(argv.trace, isShivizInput(argv.from) ? 'shiviz' : 'trace', 'render');
    const diagram = await import('../../diagram/index.js');
    let window;
    try {
      window = diagram.parseWindow(isShivizInput(argv.from) ? undefined : argv.from, argv.to, argv.nodes);
    } catch (error) {
      if (error instanceof diagram.WindowSyntaxError) throw new InputError(error.message);
      throw error;
    }
    const shiviz = isShivizInput(argv.from);
    refuseShivizOptions(argv, shiviz);
    const violations = argv.violations ? await readViolations(argv.violations) : [];
    // The checker sees every event, in or out of the window: a rule broken inside the window may
    // need the events before it.
    const checker = argv.check ? await traceChecker(argv.trace, shiviz) : undefined;
    const trace = await readTraceWindow(argv.trace, diagram.windowFilter(window), argv.maxEvents, checker && ((event) => checker.push(event)), shiviz ? 'shiviz' : 'trace', argv);
    if (checker) violations.push(...checker.finish({ interrupted: trace.interrupted }).violations);
    const unknown = (window.nodes ?? []).filter((node) => !trace.allNodes.includes(node));
    if (unknown.length > 0) {
      throw new InputError(`--nodes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in ${argv.trace} (its nodes: ${[...trace.allNodes].sort((a, b) => Number(b === 'server') - Number(a === 'server')).join(', ')})`);
    }
    if (trace.events.length === 0 && !diagram.isWholeTrace(window)) throw new InputError(emptyWindowMessage(argv.trace, trace));
    const options = await traceDiagramOptions(argv, trace, window, violations);
    let svgs: string[];
    try {
      if (argv.page === undefined) svgs = [await diagram.renderSvg(trace.header, trace.events, options)];
      else {
        const printed = await diagram.renderPages(trace.header, trace.events, argv.page, options);
        svgs = printed.pages;
        if (printed.scale < diagram.MIN_PRINT_SCALE) {
          process.stderr.write(
            `chitty-sim: warning: the diagram is too wide for ${argv.page} paper at its own size; it prints at ${Math.round(printed.scale * 100)} %, its smallest text under 6 pt. ` +
              'Draw fewer process lines with --nodes for larger text.\n',
          );
        }
      }
    } catch (error) {
      if (error instanceof diagram.DiagramTooLargeError) throw new InputError(`${argv.trace}: ${error.message}`);
      throw error;
    }
    const files = argv.page === undefined || argv.output === undefined ? [argv.output] : svgs.map((_, k) => argv.output!.replace(/(\.[^./\\]+)$/, `-${k + 1}$1`));
    for (let k = 0; k < svgs.length; k++) {
      let content: string | Uint8Array = svgs[k];
      if (png) {
        const { svgToPng, PngTooLargeError, MissingFontError } = await import('../../diagram/png.js');
        try {
          content = await svgToPng(svgs[k], { scale: argv.scale });
        } catch (error) {
          if (error instanceof PngTooLargeError || error instanceof MissingFontError) throw new InputError(`${files[k] ?? 'PNG'}: ${error.message}`);
          throw error;
        }
      }
      await writeOutput(files[k], content);
    }
  },
};
