/**
 * Export to ShiViz (https://bestchai.bitbucket.io/shiviz/): its default log format, two lines per
 * event, read by ShiViz's default regular expression `(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`:
 *
 * ```
 * send JoinRequest to server #0 L1 @0ms: "Join Request sent, lamport time: 1"
 * alice {"alice":1}
 * ```
 *
 * The file starts with that regular expression and an empty line (no multiple-execution
 * delimiter), the layout ShiViz expects of an uploaded file; pasted into ShiViz's text box, the
 * two lines match nothing and are ignored.
 *
 * ShiViz's rules, which this output obeys: every event's clock has its host's own entry; each
 * host's own entries are 1, 2, 3, ... in its events' order; a host's entries for other hosts never
 * go down. `drop` events are not events of any process (they tick no clock), so they get no entry
 * of their own: a lost message is noted on its send (`lost:crashed@1610.552ms/L58`), where the
 * importer finds it again. An event with several message ends (`also`) and an imported event's
 * fields are noted on its line too (src/shiviz/event-note.ts). Pure: no I/O.
 */
import { formatShivizEventLine, type ShivizDropNote, type ShivizEventNote } from '../shiviz/event-note.js';
import { SHIVIZ_DEFAULT_REGEX } from '../shiviz/log-format.js';
import type { TraceEvent } from '../trace/format.js';
import { clockEntry, isProcessEvent, withVectorClocks, type VectorClock } from '../trace/vector-clocks.js';
import { ExportError, traceMessages, traceNodeOrder } from './nodes.js';

/** Options of {@link exportShiviz}. */
export interface ShivizExportOptions {
  /**
   * Start with the regular-expression line and the empty delimiter line that an uploaded ShiViz
   * file has. Default true.
   */
  header?: boolean;
}

/** A vector clock as ShiViz's JSON, entries in `order` (an object would put "1111" before "server"). */
function clockJson(vc: VectorClock, order: readonly string[]): string {
  const entries: string[] = [];
  const listed = new Set<string>();
  for (const name of order) {
    listed.add(name);
    const count = clockEntry(vc, name);
    if (count !== 0) entries.push(`${JSON.stringify(name)}:${count}`);
  }
  for (const [name, count] of Object.entries(vc)) if (!listed.has(name) && count !== 0) entries.push(`${JSON.stringify(name)}:${count}`);
  return `{${entries.join(',')}}`;
}

/**
 * Exports a trace as a ShiViz log. Vector clocks are the trace's own when every process event has
 * one, otherwise computed from the events (see `src/trace/vector-clocks.ts`), which gives the same.
 *
 * @param events - the trace's events, in trace order.
 * @param options - see {@link ShivizExportOptions}; by default the file starts with the regex line.
 * @returns the log, ending in a newline.
 * @throws ExportError when a node's name cannot be a ShiViz host (empty or with white space), or
 *   the trace's own vector clocks break ShiViz's rules (a hand-edited trace).
 */
export function exportShiviz(events: readonly TraceEvent[], options: ShivizExportOptions = {}): string {
  const order = traceNodeOrder(events);
  for (const name of order) {
    if (name === '' || /\s/.test(name)) throw new ExportError(`node ${JSON.stringify(name)}: a ShiViz host name cannot be empty or contain white space`);
  }
  const clocked = withVectorClocks(events, order);
  const dropsOf = new Map<number, ShivizDropNote[]>();
  for (const message of traceMessages(events)) {
    if (message.send < 0 || message.drops.length === 0) continue;
    dropsOf.set(
      message.send,
      message.drops.map((position) => ({ reason: events[position].reason ?? 'loss', tMs: events[position].t, lamport: events[position].lamport })),
    );
  }
  const lines: string[] = options.header === false ? [] : [SHIVIZ_DEFAULT_REGEX, ''];
  const last = new Map<string, VectorClock>();
  clocked.forEach((event, position) => {
    if (!isProcessEvent(event)) return;
    const vc = event.vc!;
    checkShivizClock(event, vc, last.get(event.node));
    last.set(event.node, vc);
    const note: ShivizEventNote = {
      kind: event.kind as ShivizEventNote['kind'],
      type: event.type,
      peer: event.peer,
      msg: event.msg,
      also: event.also ?? [],
      lamport: event.lamport,
      tMs: event.t,
      drops: dropsOf.get(position) ?? [],
      text: event.text,
      shows: event.shows,
      mark: event.mark,
      fields: event.fields,
    };
    lines.push(formatShivizEventLine(note), `${event.node} ${clockJson(vc, order)}`);
  });
  return lines.join('\n') + '\n';
}

/** ShiViz refuses a log whose own entries do not count 1, 2, 3, ... or whose other entries go down. */
function checkShivizClock(event: TraceEvent, vc: VectorClock, previous: VectorClock | undefined): void {
  const own = clockEntry(vc, event.node);
  const expected = (previous === undefined ? 0 : clockEntry(previous, event.node)) + 1;
  if (own !== expected) {
    throw new ExportError(`event ${event.i}: the vector clock's own entry for ${event.node} is ${own}, ShiViz needs ${expected}: the trace's vector clocks are not the engine's (remove its "vc" fields and they are computed)`);
  }
  for (const [name, count] of Object.entries(previous ?? {})) {
    if (clockEntry(vc, name) < count) throw new ExportError(`event ${event.i}: the vector clock's entry for ${name} goes down from ${count} to ${clockEntry(vc, name)}; ShiViz refuses that`);
  }
}
