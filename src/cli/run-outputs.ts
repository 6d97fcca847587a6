/**
 * What a run writes: the log on stdout, the trace (streamed to a temporary file, renamed into place
 * at the end), the check of the run as it goes, and its diagram. Each is a sink of the run's events.
 */
import type { CheckSink } from '../check/sink.js';
import { partitionPeriods } from '../scenario/types.js';
import type { Simulation } from '../scenario/simulate.js';
import { scenarioWallClock } from '../scenario/wall-clock.js';
import type { TraceSink } from '../sim/record.js';
import { LogSink, type LogFormat } from '../trace/log.js';
import { readTrace } from '../trace/read.js';
import { failedLine, headerLine, interruptedLine, NdjsonTraceSink } from '../trace/write.js';
import { EXIT, InputError } from './errors.js';
import { AtomicStream, writeFileAtomic } from './io.js';
import { diagramFormatOf } from './diagram-format.js';
import { styleOf } from './protocol-style.js';
import type { PreparedRun } from './run-scenario.js';

interface OutputRequest {
  scenarioFile: string;
  traceFile?: string;
  logFormat: LogFormat;
  quiet: boolean;
  svgFile?: string;
  check: boolean;
  /** `--until`: the virtual time, ms, the run stops at. */
  untilMs?: number;
}

type DiagramModule = typeof import('../diagram/index.js');

export class RunOutputs {
  readonly sinks: TraceSink[] = [];
  /** A closed pipe (`| head`) ends the log, not the run's other outputs. */
  stdoutClosed = false;
  /** Set when the trace's writer holds more than it should: the run pauses until it drains. */
  traceBacklog = false;
  private log: LogSink | undefined;
  private trace: AtomicStream | undefined;
  private traceSink: NdjsonTraceSink | undefined;
  private checker: CheckSink | undefined;
  private diagram: DiagramModule | undefined;
  /** The diagram is drawn from the trace lines themselves, so `run --svg` draws what `render` would. */
  private diagramLines: string[] = [];
  private diagramSink: NdjsonTraceSink | undefined;
  private diagramTooLarge = false;

  private constructor(
    private readonly prepared: PreparedRun,
    private readonly request: OutputRequest,
  ) {}

  static async open(prepared: PreparedRun, request: OutputRequest): Promise<RunOutputs> {
    const outputs = new RunOutputs(prepared, request);
    await outputs.openSinks();
    return outputs;
  }

  private async openSinks(): Promise<void> {
    const { scenario, header, loaded } = this.prepared;
    const request = this.request;
    const nodeNames = scenario.nodes;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.stdoutClosed = true;
      else throw error;
    });
    if (!request.quiet) {
      this.log = new LogSink(request.logFormat, nodeNames, scenarioWallClock(scenario, nodeNames), (chunk) => {
        if (!this.stdoutClosed) process.stdout.write(chunk);
      });
      this.sinks.push(this.log);
    }
    if (request.traceFile) {
      const stream = (this.trace = await AtomicStream.open(request.traceFile));
      stream.write(headerLine(header) + '\n');
      this.traceSink = new NdjsonTraceSink(nodeNames, (chunk) => {
        if (!stream.write(chunk)) this.traceBacklog = true;
      });
      this.sinks.push(this.traceSink);
    }
    if (request.svgFile) {
      const diagram = (this.diagram = await import('../diagram/index.js'));
      this.diagramLines.push(headerLine(header) + '\n');
      let events = 0;
      this.diagramSink = new NdjsonTraceSink(nodeNames, (chunk) => {
        if (!this.diagramTooLarge) this.diagramLines.push(chunk.toString('utf8'));
      });
      const sink = this.diagramSink;
      this.sinks.push({
        record: (event) => {
          // Keep memory bounded: past the renderer's limit, stop collecting and report it at the end.
          if (++events > diagram.DEFAULT_OPTIONS.maxEvents) this.diagramTooLarge = true;
          else sink.record(event);
        },
      });
    }
    if (request.check) {
      const [{ CheckSink }, { checkOptionsFor }] = await Promise.all([import('../check/sink.js'), import('../protocols/checking.js')]);
      this.checker = new CheckSink(nodeNames, checkOptionsFor(loaded.protocol));
      this.sinks.push(this.checker);
    }
  }

  /** Waits for the trace's writer to drain, when it asked the run to pause. */
  async drain(): Promise<void> {
    if (this.traceBacklog && this.trace) {
      await this.trace.drained();
      this.traceBacklog = false;
    }
  }

  private flushSinks(): void {
    this.log?.flush();
    this.traceSink?.flush();
  }

  /** After a complete run: commits the trace, reports the check, draws the diagram; returns the exit code. */
  async finish(simulation: Simulation): Promise<number> {
    this.flushSinks();
    // Stopped by --until with work left: the trace says the run is not over, as after Ctrl-C.
    const stoppedEarly = simulation.stoppedEarly;
    if (stoppedEarly) this.trace?.write(interruptedLine(simulation.world.eventCount, simulation.nowMs) + '\n');
    await this.trace?.commit();
    let exitCode: number = EXIT.ok;
    let violations;
    if (this.checker) {
      const result = this.checker.finish({ interrupted: stoppedEarly });
      violations = result.violations;
      const { formatCheckResult } = await import('../check/format.js');
      process.stderr.write(formatCheckResult(result, this.request.scenarioFile));
      if (stoppedEarly) process.stderr.write(`Note: --until ${this.request.untilMs} stopped the run with work left; work still in progress was not judged.\n`);
      if (result.status === 'fail') exitCode = EXIT.failed;
    }
    const diagram = this.diagram;
    if (diagram && this.request.svgFile) {
      if (this.diagramTooLarge) {
        throw new InputError(
          `--svg: the run has more than ${diagram.DEFAULT_OPTIONS.maxEvents} events, more than one diagram can show; ` +
            `write the trace (--trace FILE) and draw a window of it: chitty-sim render FILE --from 0 --to 5000`,
        );
      }
      this.diagramSink!.flush();
      const { header, events } = readTrace(this.diagramLines.join(''));
      const svg = await diagram.renderSvg(header, events, {
        ...styleOf(this.prepared.loaded.protocol, header),
        violations,
        interrupted: stoppedEarly,
        allNodes: this.prepared.scenario.nodes,
        partitions: partitionPeriods(this.prepared.scenario, simulation.nowMs),
      });
      let content: string | Uint8Array = svg;
      if (diagramFormatOf(this.request.svgFile, '--svg') === 'png') {
        const { svgToPng, PngTooLargeError } = await import('../diagram/png.js');
        try {
          content = await svgToPng(svg);
        } catch (error) {
          if (error instanceof PngTooLargeError) throw new InputError(`--svg: ${this.request.svgFile}: ${error.message}`);
          throw error;
        }
      }
      await writeFileAtomic(this.request.svgFile, content);
      process.stderr.write(`diagram: ${this.request.svgFile}\n`);
    }
    return exitCode;
  }

  /** After Ctrl-C: the trace keeps every complete event and ends with the "interrupted" line. */
  async endInterrupted(simulation: Simulation): Promise<void> {
    this.flushSinks();
    this.trace?.write(interruptedLine(simulation.world.eventCount, simulation.nowMs) + '\n');
    await this.trace?.commit();
  }

  /** After an error in the protocol's code: the trace so far, ending with an error line. */
  async endFailed(simulation: Simulation, message: string): Promise<void> {
    this.flushSinks();
    this.trace?.write(failedLine(message, simulation.world.eventCount, simulation.nowMs) + '\n');
    await this.trace?.commit();
  }

  /** After any other failure: no trace is left behind. */
  async abort(): Promise<void> {
    await this.trace?.abort();
  }
}
