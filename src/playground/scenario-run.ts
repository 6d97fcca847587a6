/**
 * A scenario's text run as `chitty-sim run --trace --check` runs it, in memory: the problems of a
 * bad file (the command line's words, with line and column), or the run's trace (the NDJSON the
 * command line writes, byte for byte), its events read back from those lines as `view` reads them,
 * and its check. Pure and browser-safe: no Buffer, no files.
 */
import type { CheckResult } from '../check/types.js';
import { DEFAULT_OPTIONS } from '../diagram/options.js';
import { checkTrace } from '../protocols/checking.js';
import { variantOf, type BuiltinProtocol } from '../protocols/protocol.js';
import { builtinProtocol, BUILTIN_PROTOCOL_NAMES } from '../protocols/registry.js';
import { parseScenario, type ScenarioProblem } from '../scenario/parse.js';
import { runHeader } from '../scenario/run-header.js';
import { Simulation } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/types.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import type { EventRecord, TraceSink } from '../sim/record.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { readTrace } from '../trace/read.js';
import { TraceTextSink } from '../trace/text-sink.js';
import { failedLine, headerLine, interruptedLine, type HeaderFields } from '../trace/write.js';

/** What the page's controls override, as `--seed`, `--variant` and `--check` do. */
export interface RunSettings {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's variant (clock mode); '' or undefined keeps the scenario's. */
  variant?: string;
  check: boolean;
}

/** A run that happened. */
export interface ScenarioRun {
  scenario: Scenario;
  protocol: BuiltinProtocol;
  /** The variant and seed in force. */
  variant: string;
  seed: number;
  /** The trace file `run --trace` writes, header and every line. */
  traceText: string;
  header: TraceHeader;
  events: TraceEvent[];
  /** Every node, in the order `view` takes them: the header's, or by first appearance. */
  allNodes: string[];
  /** The trace ended early: the protocol's code threw. */
  interrupted: boolean;
  /** What the protocol's code threw, in the command line's words. */
  failure?: string;
  /** The check, when asked for. */
  check?: CheckResult;
}

export type RunOutcome =
  | { kind: 'invalid'; problems: ScenarioProblem[] }
  /** More events than one diagram shows: the run was stopped. */
  | { kind: 'too-large'; scenario: Scenario; events: number }
  /** `newest`: the events the last choice made happen, `command`: what gives the same run (step mode's own). */
  | { kind: 'ran'; run: ScenarioRun; newest?: readonly number[]; command?: string };

/** Events a run may have here: what one diagram can show. */
export const MAX_RUN_EVENTS = DEFAULT_OPTIONS.maxEvents;

/**
 * Parses and runs a scenario's text.
 * @param name - the scenario's name when the text gives none (the command line uses the file's).
 */
export function runScenarioText(text: string, name: string, settings: RunSettings): RunOutcome {
  const prepared = prepareScenario(text, name, settings);
  if (prepared.kind === 'invalid') return prepared;
  const { scenario, protocol, variant, seed, header } = prepared;
  const trace = new TraceTextSink(scenario.nodes);
  const counter = new EventCounter();
  const simulation = new Simulation(scenario, { protocol, seed, variant, sinks: [trace, counter] });
  let failure: string | undefined;
  try {
    simulation.run(() => counter.count > MAX_RUN_EVENTS);
  } catch (error) {
    if (!(error instanceof NodeHandlerError)) throw error;
    failure = error.message;
  }
  if (counter.count > MAX_RUN_EVENTS) return { kind: 'too-large', scenario, events: counter.count };
  const run = traceRun({ scenario, protocol, variant, seed, header, lines: trace.lines, failure, eventCount: simulation.world.eventCount, nowMs: simulation.nowMs, check: settings.check });
  return { kind: 'ran', run };
}

/** A scenario ready to run: parsed, its built-in protocol, the variant and seed in force, the trace's header. */
export interface PreparedScenario {
  kind: 'ready';
  scenario: Scenario;
  protocol: BuiltinProtocol;
  variant: string;
  seed: number;
  header: HeaderFields;
}

/** Parses a scenario's text for a run with `settings`, or says what is wrong with it. */
export function prepareScenario(text: string, name: string, settings: Omit<RunSettings, 'check'>): PreparedScenario | { kind: 'invalid'; problems: ScenarioProblem[] } {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
  const scenario = parsed.scenario;
  const protocol = builtinProtocol(scenario.protocol);
  if (protocol === undefined) return { kind: 'invalid', problems: [moduleProblem(text, scenario.protocol)] };
  const variant = variantOf(protocol, settings.variant || scenario.variant);
  const seed = settings.seed ?? scenario.seed;
  return { kind: 'ready', scenario, protocol, variant, seed, header: runHeader({ scenario, protocol, variant, seed }) };
}

/** A run's trace lines (and how it ended), made into what the page shows. */
export interface TraceLines {
  scenario: Scenario;
  protocol: BuiltinProtocol;
  variant: string;
  seed: number;
  header: HeaderFields;
  /** The event lines, without newlines. */
  lines: readonly string[];
  /** What the protocol's code threw, when it stopped the run. */
  failure?: string;
  /** The run stopped with work left (step mode part way): the trace ends with the `interrupted` line, as `run --until` writes it. */
  stoppedEarly?: boolean;
  /** Events recorded, and virtual time reached (ms): the error and interrupted lines say them. */
  eventCount: number;
  nowMs: number;
  /** Check the run. */
  check: boolean;
}

/**
 * The trace file of a run (as `run --trace` writes it), its events read back from it as `view`
 * reads the file, the nodes in `view`'s order, and its check.
 */
export function traceRun(input: TraceLines): ScenarioRun {
  const { scenario, protocol, variant, seed, failure } = input;
  const lines = [headerLine(input.header), ...input.lines];
  if (failure !== undefined) lines.push(failedLine(failure, input.eventCount, input.nowMs));
  else if (input.stoppedEarly === true) lines.push(interruptedLine(input.eventCount, input.nowMs));
  const traceText = lines.join('\n') + '\n';
  const read = readTrace(traceText, { fastPath: false });
  const seen = new Set<string>();
  for (const event of read.events) seen.add(event.node);
  const allNodes = read.header.nodes ?? [...seen];
  const interrupted = read.interrupted || read.failure !== undefined;
  const check = input.check ? checkTrace(read.header, read.events, { protocol, interrupted }) : undefined;
  return { scenario, protocol, variant, seed, traceText, header: read.header, events: read.events, allNodes, interrupted, failure, check };
}

/** Counts events, so that a run too large to draw stops early. */
class EventCounter implements TraceSink {
  count = 0;

  record(_event: EventRecord): void {
    this.count++;
  }
}

/** A protocol module cannot be loaded in a page: said at the `protocol:` line. */
function moduleProblem(text: string, protocol: string): ScenarioProblem {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /^protocol\s*:/.test(line));
  let line = 1;
  let col = 1;
  if (index >= 0) {
    const written = lines[index];
    const value = written.slice(written.indexOf(':') + 1);
    line = index + 1;
    col = written.length - value.trimStart().length + 1;
  }
  return {
    line,
    col,
    path: 'protocol',
    message: `${protocol} is a module, which only the command line loads (chitty-sim run FILE); the playground runs the built-ins: ${BUILTIN_PROTOCOL_NAMES.join(', ')}`,
  };
}
