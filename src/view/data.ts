/**
 * What the viewer's page script gets as JSON: the drawn events with their vector clocks (dense
 * arrays, for fast comparison), the process lines and where each event's mark is. Pure.
 */
import type { Layout } from '../diagram/layout.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';

/** One drawn event, as the page script sees it. */
export interface ViewerEvent {
  i: number;
  node: string;
  kind: TraceEvent['kind'];
  lamport: number;
  /** Virtual time, ms. */
  t: number;
  /**
   * The vector clock, one entry per {@link ViewerData.clockNodes}; null for a `drop` (a lost message
   * is no event of any process, so it has none).
   */
  vc: number[] | null;
  text: string;
  shows?: string;
  type?: string;
  peer?: string;
  msg?: number;
  reason?: string;
  /** Where its mark is drawn, px (the dot, or a lost message's cross); absent when not drawn. */
  x?: number;
  y?: number;
}

/** Everything the page script reads. */
export interface ViewerData {
  header: Pick<TraceHeader, 'scenario' | 'seed' | 'clock'>;
  /** Node names per process line (lane number), left to right. */
  lanes: string[];
  /** The node of each vector clock entry, in trace order. */
  clockNodes: string[];
  /** True when the vector clocks were computed from the trace (it was written with `--no-vc`). */
  vcComputed: boolean;
  /** The window's events, in trace order. */
  events: ViewerEvent[];
  /** The window, as the subtitle says it ('' for the whole trace). */
  window: string;
}

/**
 * Builds the viewer's data.
 *
 * @param events - the drawn events (the window), each process event with a `vc`.
 * @param allNodes - every node of the trace, in order of first appearance: the clock entries' order.
 */
export function viewerData(
  header: TraceHeader,
  events: readonly TraceEvent[],
  layout: Layout,
  options: { allNodes: readonly string[]; vcComputed: boolean; window: string },
): ViewerData {
  const clockNodes = [...options.allNodes];
  const column = new Map(clockNodes.map((node, k) => [node, k]));
  for (const event of events) {
    for (const node of Object.keys(event.vc ?? {})) {
      if (!column.has(node)) {
        column.set(node, clockNodes.length);
        clockNodes.push(node);
      }
    }
  }
  const at = new Map<number, { x: number; y: number }>();
  for (const dot of layout.dots) at.set(dot.i, { x: Math.round(dot.x * 10) / 10, y: Math.round(dot.y * 10) / 10 });
  for (const mark of layout.lost) at.set(mark.i, { x: Math.round(mark.x * 10) / 10, y: Math.round(mark.y * 10) / 10 });
  const viewerEvents = events.map((event): ViewerEvent => {
    let vc: number[] | null = null;
    if (event.vc !== undefined && event.kind !== 'drop') {
      vc = new Array<number>(clockNodes.length).fill(0);
      for (const [node, count] of Object.entries(event.vc)) vc[column.get(node)!] = count;
    }
    const out: ViewerEvent = { i: event.i, node: event.node, kind: event.kind, lamport: event.lamport, t: event.t, vc, text: event.text };
    if (event.shows !== undefined) out.shows = event.shows;
    if (event.type !== undefined) out.type = event.type;
    if (event.peer !== undefined) out.peer = event.peer;
    if (event.msg !== undefined) out.msg = event.msg;
    if (event.reason !== undefined) out.reason = event.reason;
    const where = at.get(event.i);
    if (where) Object.assign(out, where);
    return out;
  });
  return {
    header: { scenario: header.scenario, seed: header.seed, clock: header.clock },
    lanes: layout.lanes.map((lane) => lane.node),
    clockNodes,
    vcComputed: options.vcComputed,
    events: viewerEvents,
    window: options.window,
  };
}

/**
 * JSON that can stand inside a `<script>` element: `<`, `>` and `&` are written as `\u003c`,
 * `\u003e`, `\u0026` (so no `</script>` or `<!--` can end or change it), and the line separators
 * U+2028 and U+2029 as escapes too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
