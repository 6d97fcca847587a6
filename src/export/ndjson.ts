/**
 * Trace events back to NDJSON trace lines, for traces that were not written by a run (a ShiViz
 * log converted with `chitty-sim export --from shiviz --format trace`). Pure.
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';

/** Fields in the order the simulator writes them (see src/trace/write.ts). */
const FIELDS = ['i', 't', 'node', 'kind', 'lamport', 'vc', 'msg', 'peer', 'type', 'text', 'shows', 'reason', 'mark'] as const;

/**
 * A whole trace as NDJSON: the header line, then one line per event, fields in the simulator's
 * order; `readTrace` reads it back to the same header and events.
 *
 * @param header - the header line's fields.
 * @param events - the events, with `i` counting from 0.
 * @returns the trace, ending in a newline.
 */
export function traceToNdjson(header: TraceHeader, events: readonly TraceEvent[]): string {
  // Regions came with version 2; a trace without them stays version 1, which older readers read.
  const version = events.some((event) => event.mark !== undefined) ? 2 : 1;
  const lines = [JSON.stringify({ format: 'chitty-sim-trace', version, scenario: header.scenario, seed: header.seed, clock: header.clock })];
  for (const event of events) {
    const ordered: Record<string, unknown> = {};
    for (const field of FIELDS) if (event[field] !== undefined) ordered[field] = event[field];
    lines.push(JSON.stringify(ordered));
  }
  return lines.join('\n') + '\n';
}
