/**
 * The work behind `chitty-sim run`, loaded only when a run starts.
 */
import { scenarioWallClock, Simulation } from '../scenario/simulate.js';
import { nodeNamesOf, partitionPeriods, type Scenario } from '../scenario/types.js';
import type { DelayModel } from '../sim/delay.js';
import type { TraceSink } from '../sim/record.js';
import { LogSink, type LogFormat } from '../trace/log.js';
import { headerLine, interruptedLine, NdjsonTraceSink } from '../trace/write.js';
import { EXIT, InputError } from './errors.js';
import { AtomicStream, writeFileAtomic } from './io.js';
import { readTrace } from '../trace/read.js';
import { diagramFormatOf } from './diagram-format.js';
import { protocolStyle } from './protocol-style.js';
import { loadScenario } from './scenario-file.js';

export interface RunRequest {
  scenarioFile: string;
  seed?: number;
  clock?: string;
  traceFile?: string;
  vectorClocks: boolean;
  logFormat: LogFormat;
  quiet: boolean;
  svgFile?: string;
  check: boolean;
  /** Stop at this virtual time, ms. */
  untilMs?: number;
  /** Overrides of the scenario's network defaults (`--loss`, `--duplicate`, `--delay`). */
  network?: { loss?: number; duplicate?: number; delay?: DelayModel };
}

/** The scenario with the command line's network overrides applied. */
function withNetworkOverrides(scenario: Scenario, overrides: RunRequest['network']): Scenario {
  if (!overrides) return scenario;
  const network = { ...scenario.network };
  if (overrides.loss !== undefined) network.loss = overrides.loss;
  if (overrides.duplicate !== undefined) network.duplicate = overrides.duplicate;
  if (overrides.delay !== undefined) network.delay = overrides.delay;
  return { ...scenario, network };
}

/** Bytes a writer may hold before the run pauses for it to drain. */
const BACKLOG_BYTES = 4 << 20;

/** Runs a scenario as the CLI does; returns the exit code. */
export async function runScenario(request: RunRequest): Promise<number> {
  const scenario = withNetworkOverrides(await loadScenario(request.scenarioFile), request.network);
  const nodeNames = nodeNamesOf(scenario);
  const header = { scenario: scenario.name, seed: request.seed ?? scenario.seed, clock: request.clock ?? scenario.clock };

  const sinks: TraceSink[] = [];
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // A closed pipe (`| head`) ends the log, not the run's other outputs.
    if (error.code === 'EPIPE') stdoutClosed = true;
    else throw error;
  });
  const log = request.quiet
    ? undefined
    : new LogSink(request.logFormat, nodeNames, scenarioWallClock(scenario, nodeNames), (chunk) => {
        if (!stdoutClosed) process.stdout.write(chunk);
      });
  if (log) sinks.push(log);

  let trace: AtomicStream | undefined;
  let traceSink: NdjsonTraceSink | undefined;
  let traceBacklog = false;
  if (request.traceFile) {
    trace = await AtomicStream.open(request.traceFile);
    const stream = trace;
    stream.write(headerLine(header) + '\n');
    traceSink = new NdjsonTraceSink(nodeNames, (chunk) => {
      if (!stream.write(chunk)) traceBacklog = true;
    });
    sinks.push(traceSink);
  }
  // The diagram is drawn from the trace lines themselves, so `run --svg` draws what `render` would.
  let diagramLines: string[] | undefined;
  let diagramSink: NdjsonTraceSink | undefined;
  let diagramTooLarge = false;
  const diagram = request.svgFile ? await import('../diagram/index.js') : undefined;
  if (diagram) {
    const lines: string[] = [headerLine(header) + '\n'];
    diagramLines = lines;
    let events = 0;
    diagramSink = new NdjsonTraceSink(nodeNames, (chunk) => {
      if (!diagramTooLarge) lines.push(chunk.toString('utf8'));
    });
    sinks.push({
      record(event) {
        // Keep memory bounded: past the renderer's limit, stop collecting and report it at the end.
        if (++events > diagram.DEFAULT_OPTIONS.maxEvents) diagramTooLarge = true;
        else diagramSink!.record(event);
      },
    });
  }
  const checker = request.check ? new (await import('../check/sink.js')).CheckSink(nodeNames) : undefined;
  if (checker) sinks.push(checker);

  // Vector clocks cost an entry per node per event: compute them only for an output that uses them.
  const vectorClocks = request.vectorClocks && (request.traceFile !== undefined || request.svgFile !== undefined || request.check);
  const simulation = new Simulation(scenario, { seed: request.seed, clock: request.clock, vectorClocks, sinks, untilMs: request.untilMs });
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    const shouldPause = () => interrupted || traceBacklog || (!stdoutClosed && process.stdout.writableLength > BACKLOG_BYTES);
    while (!simulation.run(shouldPause)) {
      if (interrupted) break;
      if (traceBacklog && trace) {
        await trace.drained();
        traceBacklog = false;
      }
      if (!stdoutClosed && process.stdout.writableLength > BACKLOG_BYTES) {
        await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
      }
      // Let a pending SIGINT be delivered between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    log?.flush();
    traceSink?.flush();
    if (interrupted) {
      trace?.write(interruptedLine(simulation.world.eventCount, simulation.nowMs) + '\n');
      await trace?.commit();
      process.stderr.write(
        `chitty-sim: interrupted at virtual time ${simulation.nowMs} ms after ${simulation.world.eventCount} events` +
          (trace ? `; the trace up to there is in ${trace.target}` : '') +
          '\n',
      );
      return EXIT.interrupted;
    }
    await trace?.commit();
    let exitCode: number = EXIT.ok;
    let violations;
    if (checker) {
      const result = checker.finish();
      violations = result.violations;
      const { formatCheckResult } = await import('../check/format.js');
      process.stderr.write(formatCheckResult(result, request.scenarioFile));
      if (result.status === 'fail') exitCode = EXIT.failed;
    }
    if (diagram && request.svgFile) {
      if (diagramTooLarge) {
        throw new InputError(
          `--svg: the run has more than ${diagram.DEFAULT_OPTIONS.maxEvents} events, more than one diagram can show; ` +
            `write the trace (--trace FILE) and draw a window of it: chitty-sim render FILE --from 0 --to 5000`,
        );
      }
      diagramSink!.flush();
      const { header: traceHeader, events } = readTrace(diagramLines!.join(''));
      const svg = await diagram.renderSvg(traceHeader, events, {
        ...protocolStyle(traceHeader),
        violations,
        allNodes: nodeNames,
        partitions: partitionPeriods(scenario, simulation.nowMs),
      });
      let content: string | Uint8Array = svg;
      if (diagramFormatOf(request.svgFile, '--svg') === 'png') {
        const { svgToPng, PngTooLargeError } = await import('../diagram/png.js');
        try {
          content = await svgToPng(svg);
        } catch (error) {
          if (error instanceof PngTooLargeError) throw new InputError(`--svg: ${request.svgFile}: ${error.message}`);
          throw error;
        }
      }
      await writeFileAtomic(request.svgFile, content);
      process.stderr.write(`diagram: ${request.svgFile}\n`);
    }
    return exitCode;
  } catch (error) {
    await trace?.abort();
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
