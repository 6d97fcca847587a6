/**
 * Reads a ShiViz log (from `chitty-sim export --format shiviz`, or from a program instrumented with
 * GoVector and the like) into traces, one per execution: a header and events in a causally
 * consistent order, so that the diagram and the checker read them as they read a simulator's
 * trace. Pure: the caller reads the file.
 *
 * As ShiViz reads it: the parsing regular expression and the delimiter of executions are the
 * user's or the file's first two lines (src/import/shiviz-syntax.ts); entries are what the regex
 * matches (src/import/shiviz-entries.ts); messages are ShiViz's edges (src/import/shiviz-graph.ts),
 * kept whole in the trace (src/import/shiviz-events.ts). Logs that chitty-sim exported come back
 * exactly (src/import/shiviz-restore.ts).
 */
import { NO_PROTOCOL, type TraceEvent, type TraceHeader } from '../trace/format.js';
import { TraceFormatError } from '../trace/read.js';
import { LineIndex, readEntries, splitExecutions } from './shiviz-entries.js';
import { eventsFromGraph } from './shiviz-events.js';
import { buildGraph } from './shiviz-graph.js';
import { exportNotes, restoredEvents } from './shiviz-restore.js';
import { logSyntax } from './shiviz-syntax.js';

export { ShivizSyntaxError } from './shiviz-syntax.js';

/** How to read a log. */
export interface ShivizReadOptions {
  /** The trace header's `scenario` (default "ShiViz log"); an execution's name is added to it. */
  name?: string;
  /** ShiViz's parsing regular expression (JavaScript syntax, named groups); default: the file's own, or ShiViz's default. */
  regex?: string;
  /** ShiViz's delimiter of executions; default: the file's own, or none. */
  delimiter?: string;
}

/** One execution of a log, as `readTrace` returns a trace, and how it was read. */
export interface ShivizExecution {
  /** The execution's name (the delimiter's `trace` group); '' in a log of one execution. */
  name: string;
  header: TraceHeader;
  events: TraceEvent[];
  /** A ShiViz log is never an interrupted run. */
  interrupted: false;
  /** The hosts, in order of first appearance in the execution. */
  hosts: string[];
  /**
   * True when the log is a chitty-sim export whose event lines were restored exactly (kinds,
   * message ids, Lamport and virtual times, lost messages); false when the events come from the
   * vector clocks alone.
   */
  restored: boolean;
  /** The file's line of each event's clock, by event index (a lost message: its send's). */
  lines: number[];
  /** What the clocks say that no single event shows (a cycle), in sentences; empty when nothing. */
  notes: string[];
}

/** A log with several executions read without naming one, or naming one it does not have. */
export class ShivizExecutionChoiceError extends Error {
  constructor(
    readonly names: string[],
    readonly asked: string | undefined,
  ) {
    super(
      asked === undefined
        ? `the log holds ${names.length} executions (${names.map((name) => JSON.stringify(name)).join(', ')}): pick one`
        : `the log has no execution ${JSON.stringify(asked)}; its executions: ${names.map((name) => JSON.stringify(name)).join(', ')}`,
    );
    this.name = 'ShivizExecutionChoiceError';
  }
}

/**
 * Reads every execution of a ShiViz log.
 *
 * Lamport times: the event line's `L<n>` for chitty-sim exports; otherwise computed from the
 * model (1 + the largest of the host's previous event and the events it received from), the clocks
 * a correct Lamport implementation would have logged. Virtual times: the event line's `@<t>ms` for
 * chitty-sim exports, otherwise 0 (a ShiViz log has no physical time).
 *
 * @throws TraceFormatError naming the file's line of the first problem ShiViz refuses too (see
 *   the modules above); ShivizSyntaxError for an unusable `regex` or `delimiter`. Clocks that
 *   ShiViz opens but that no correct vector clocks give are read: the checker reports them.
 */
export function readShivizExecutions(text: string, options: ShivizReadOptions = {}): ShivizExecution[] {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n/g, '\n');
  const syntax = logSyntax(body, options);
  const lines = new LineIndex(body);
  const parts = splitExecutions(body, syntax, lines);
  if (parts.length === 0) throw new TraceFormatError(Math.max(1, lines.lineAt(body.length)), '', 'no events: expected an event line and a `host {vector clock}` line');
  const name = options.name ?? 'ShiViz log';
  return parts.map((part) => {
    const graph = buildGraph(readEntries(body, part, syntax, lines));
    const notes = exportNotes(graph);
    const { events, positions } = notes !== undefined ? restoredEvents(graph, notes) : eventsFromGraph(graph);
    const scenario = part.name === '' ? name : `${name}: ${part.name}`;
    return {
      name: part.name,
      // A log chitty-sim exported comes back as the trace it was; any other is of no protocol of ours.
      header: notes !== undefined
        ? { format: 'chitty-sim-trace', version: events.some((event) => event.also !== undefined || event.fields !== undefined) ? 2 : 1, scenario, seed: 0, clock: 'unknown' }
        : { format: 'chitty-sim-trace', version: 2, scenario, seed: 0, clock: 'unknown', protocol: NO_PROTOCOL },
      events,
      interrupted: false,
      hosts: [...graph.hosts.keys()],
      restored: notes !== undefined,
      lines: positions.map((position) => graph.entries[position].line),
      notes: graph.cycles.map((position) => {
        const entry = graph.entries[position];
        return `the vector clocks make a cycle: the event of ${entry.host} on line ${entry.line} would happen before itself (ShiViz: the log is intransitive); it is placed before the events it names that follow it`;
      }),
    } satisfies ShivizExecution;
  });
}

/**
 * Reads one execution of a ShiViz log: the only one, or the one named `execution`.
 * @throws ShivizExecutionChoiceError when the log has several and none is named, or not the one named.
 */
export function readShivizLog(text: string, options: ShivizReadOptions & { execution?: string } = {}): ShivizExecution {
  const executions = readShivizExecutions(text, options);
  if (options.execution === undefined) {
    if (executions.length === 1) return executions[0];
    throw new ShivizExecutionChoiceError(executions.map((execution) => execution.name), undefined);
  }
  const chosen = executions.find((execution) => execution.name === options.execution);
  if (chosen === undefined) throw new ShivizExecutionChoiceError(executions.map((execution) => execution.name), options.execution);
  return chosen;
}

/**
 * Every execution in one trace, side by side: each host becomes the node `EXECUTION/host`, message
 * ids are kept apart, and the executions' events are interleaved, each execution's in its own
 * order. `groups` lists each execution's nodes.
 */
export function mergeExecutions(executions: readonly ShivizExecution[], name = 'ShiViz log'): ShivizExecution & { groups: { name: string; nodes: string[] }[] } {
  const events: TraceEvent[] = [];
  const lines: number[] = [];
  /** Each event's place in its own execution. */
  const places: number[] = [];
  const groups: { name: string; nodes: string[] }[] = [];
  let msgBase = 0;
  for (const execution of executions) {
    const rename = (host: string) => `${execution.name}/${host}`;
    let msgs = 0;
    execution.events.forEach((event, k) => {
      const copy: TraceEvent = { ...event, i: events.length, node: rename(event.node) };
      if (event.peer !== undefined) copy.peer = rename(event.peer);
      if (event.msg !== undefined) {
        copy.msg = event.msg + msgBase;
        msgs = Math.max(msgs, event.msg + 1);
      }
      if (event.also !== undefined) {
        copy.also = event.also.map((end) => ({ ...end, msg: end.msg + msgBase, peer: rename(end.peer) }));
        msgs = Math.max(msgs, ...event.also.map((end) => end.msg + 1));
      }
      if (event.vc !== undefined) copy.vc = Object.fromEntries(Object.entries(event.vc).map(([host, count]) => [rename(host), count]));
      events.push(copy);
      lines.push(execution.lines[k]);
      places.push(k);
    });
    msgBase += msgs;
    groups.push({ name: execution.name, nodes: execution.hosts.map(rename) });
  }
  // By virtual time (it never goes back in a trace), then side by side: each execution's k-th event
  // next to the others' k-th, so that every execution starts at the top; each keeps its own order.
  const order = events.map((_, k) => k).sort((a, b) => events[a].t - events[b].t || places[a] - places[b] || a - b);
  const sorted = order.map((k, i) => ({ ...events[k], i }));
  const sortedLines = order.map((k) => lines[k]);
  const version = executions.some((execution) => execution.header.version === 2) ? 2 : 1;
  return {
    name: '',
    header: { format: 'chitty-sim-trace', version, scenario: name, seed: 0, clock: 'unknown', ...(executions[0]?.header.protocol !== undefined ? { protocol: executions[0].header.protocol } : {}) },
    events: sorted,
    interrupted: false,
    hosts: groups.flatMap((group) => group.nodes),
    restored: executions.every((execution) => execution.restored),
    lines: sortedLines,
    notes: executions.flatMap((execution) => execution.notes.map((note) => `${execution.name}: ${note}`)),
    groups,
  };
}
