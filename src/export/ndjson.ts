/**
 * Trace events back to NDJSON trace lines, for traces that were not written by a run (a ShiViz
 * log converted with `chitty-sim export --from shiviz --format trace`). Pure.
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { headerLine } from '../trace/write.js';

/** Fields in the order the simulator writes them (see src/trace/write.ts), then version 2's. */
const FIELDS = ['i', 't', 'node', 'kind', 'lamport', 'vc', 'msg', 'peer', 'also', 'type', 'text', 'shows', 'reason', 'mark', 'fields'] as const;

/** Whether an event needs version 2 of the format (a field version 1 readers never saw). */
function isVersion2(event: TraceEvent): boolean {
  return event.mark !== undefined || event.also !== undefined || event.fields !== undefined;
}

/**
 * A whole trace as NDJSON: the header line, then one line per event, fields in the simulator's
 * order; `readTrace` reads it back to the same header and events. The header is version 1 unless
 * the header or an event has something only version 2 says.
 *
 * @param header - the header line's fields.
 * @param events - the events, with `i` counting from 0.
 * @returns the trace, ending in a newline.
 */
export function traceToNdjson(header: TraceHeader, events: readonly TraceEvent[]): string {
  const lines = [headerLine(header, events.some(isVersion2) ? 2 : 1)];
  for (const event of events) {
    const ordered: Record<string, unknown> = {};
    for (const field of FIELDS) if (event[field] !== undefined) ordered[field] = event[field];
    lines.push(JSON.stringify(ordered));
  }
  return lines.join('\n') + '\n';
}
