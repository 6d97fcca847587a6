/**
 * `chitty-sim view`: the Lamport diagram of a trace as one self-contained interactive HTML page
 * (pan, zoom, causal past and future of an event, process lines on and off, search). The trace is
 * read line by line and only the window is kept, as for `render`.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Violation } from '../../check/types.js';
import type { TraceEvent } from '../../trace/format.js';
import { InputError } from '../errors.js';
import { refuseWrongKind } from '../input-kind.js';
import { writeOutput } from '../io.js';
import { refuseShivizOptions, type ShivizArguments } from '../shiviz-file.js';
import { diagramOptions, emptyWindowMessage, isShivizInput, readTraceWindow, readViolations, traceChecker, traceDiagramOptions } from './render.js';

interface ViewArguments extends ShivizArguments {
  trace: string;
  output?: string;
  axis: 'order' | 'lamport' | 'time';
  from?: string;
  to?: string;
  nodes?: string;
  violations?: string;
  check: boolean;
  maxEvents: number;
}

export const viewCommand: CommandModule<object, ViewArguments> = {
  command: 'view <trace>',
  describe: "Write a trace's interactive diagram (one HTML file)",
  builder: (yargs: Argv) =>
    yargs
      .positional('trace', { type: 'string', describe: 'Trace file (NDJSON, from `run --trace`)', demandOption: true })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the HTML to FILE (default: standard output)' })
      .options(diagramOptions('shown'))
      .example('$0 view out/run.ndjson -o out/run.html', 'A page to open in a browser')
      .example('$0 view out/run.ndjson -o out/part.html --from L10 --to L40 --axis time', 'Lamport times 10 to 40, virtual time downwards') as unknown as Argv<ViewArguments>,
  handler: async (argv: ArgumentsCamelCase<ViewArguments>) => {
    if (!Number.isSafeInteger(argv.maxEvents) || argv.maxEvents < 1) throw new InputError('--max-events: must be a whole number from 1');
    // Checked before the work: a whole HTML page (hundreds of KB) would flood a terminal.
    if (argv.output === undefined && process.stdout.isTTY) throw new InputError('view writes a whole HTML page: give -o FILE.html and open that in a browser, or redirect standard output to a file');
    refuseWrongKind(argv.trace, isShivizInput(argv.from) ? 'shiviz' : 'trace', 'view');
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
    const violations: Violation[] = argv.violations ? await readViolations(argv.violations) : [];
    const checker = argv.check ? await traceChecker(argv.trace, shiviz) : undefined;
    // A trace written with --no-vc has no vector clocks: they are computed from every event (the
    // window's need the ones before it), exactly as the engine would have.
    const { VectorClockTracker, isProcessEvent } = await import('../../trace/vector-clocks.js');
    // The first process event decides: a trace has clocks on all of them or on none.
    let tracker: InstanceType<typeof VectorClockTracker> | undefined = new VectorClockTracker();
    let decided = false;
    let vcComputed = false;
    const each = (event: TraceEvent) => {
      checker?.push(event);
      if (!decided && isProcessEvent(event)) {
        decided = true;
        vcComputed = event.vc === undefined;
        if (!vcComputed) tracker = undefined;
      }
      if (tracker === undefined) return;
      const computed = tracker.next(event);
      if (computed !== undefined && event.vc === undefined) event.vc = computed;
    };
    const trace = await readTraceWindow(argv.trace, diagram.windowFilter(window), argv.maxEvents, each, shiviz ? 'shiviz' : 'trace', argv);
    if (checker) violations.push(...checker.finish({ interrupted: trace.interrupted }).violations);
    const unknown = (window.nodes ?? []).filter((node) => !trace.allNodes.includes(node));
    if (unknown.length > 0) {
      throw new InputError(`--nodes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in ${argv.trace} (its nodes: ${trace.allNodes.join(', ')})`);
    }
    if (trace.events.length === 0 && !diagram.isWholeTrace(window)) throw new InputError(emptyWindowMessage(argv.trace, trace));
    const { renderViewerHtml } = await import('../../view/index.js');
    const { emojiFontFace } = await import('../../view/emoji-font.js');
    let html: string;
    try {
      html = await renderViewerHtml(trace.header, trace.events, {
        ...(await traceDiagramOptions(argv, trace, window, violations)),
        vcComputed,
        emojiFont: emojiFontFace,
      });
    } catch (error) {
      if (error instanceof diagram.DiagramTooLargeError) throw new InputError(`${argv.trace}: ${error.message}`);
      throw error;
    }
    await writeOutput(argv.output, html);
  },
};
