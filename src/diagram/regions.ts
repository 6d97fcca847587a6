/**
 * Regions of a process: a stretch of its line between an event marked `enter` and one marked
 * `exit` with the same name (a critical section, a lock held). Two regions of one name on two nodes
 * overlap when neither's exit happened before the other's enter (by the vector clocks): for a
 * critical section, the mutual exclusion the protocol promised did not hold.
 */
import type { TraceEvent } from '../trace/format.js';
import { computeVectorClocks, type VectorClock } from '../trace/vector-clocks.js';
import type { RegionBar } from './model.js';
import { xmlSafe } from './text.js';

/** `a` happened before or is `b`: every entry of a at most b's. */
function atMost(a: VectorClock, b: VectorClock): boolean {
  for (const node in a) if (a[node] > (b[node] ?? 0)) return false;
  return true;
}

interface OpenRegion {
  name: string;
  enterP: number;
}

/**
 * The regions among the drawn events, with their overlaps.
 *
 * @param yOf - an event's y; `endY(lane)` is where a region without an exit stops (the lane's crash, or the bottom).
 */
export function layoutRegions(
  drawn: readonly TraceEvent[],
  laneOf: ReadonlyMap<string, number>,
  laneX: (lane: number) => number,
  yOf: (p: number) => number,
  bottomPx: number,
): RegionBar[] {
  if (!drawn.some((event) => event.mark !== undefined)) return [];
  const open = new Map<string, OpenRegion[]>();
  const spans: { name: string; node: string; lane: number; enterP: number; exitP?: number; endY: number }[] = [];
  const close = (node: string, lane: number, entry: OpenRegion, exitP: number | undefined, endY: number) => spans.push({ name: entry.name, node, lane, enterP: entry.enterP, exitP, endY });
  drawn.forEach((event, p) => {
    const lane = laneOf.get(event.node);
    if (lane === undefined) return;
    const list = open.get(event.node) ?? [];
    open.set(event.node, list);
    if (event.kind === 'crash') {
      // A crash ends every region its node was in.
      for (const entry of list.splice(0)) close(event.node, lane, entry, undefined, yOf(p));
      return;
    }
    const mark = event.mark;
    if (mark === undefined) return;
    if (mark.exit !== undefined) {
      const at = list.map((entry) => entry.name).lastIndexOf(mark.exit);
      if (at >= 0) close(event.node, lane, list.splice(at, 1)[0], p, yOf(p));
    }
    if (mark.enter !== undefined) list.push({ name: mark.enter, enterP: p });
  });
  for (const [node, list] of open) for (const entry of list) close(node, laneOf.get(node)!, entry, undefined, bottomPx);

  // Vector clocks from the trace, or computed from the events drawn when it has none.
  const needed = spans.some((span) => drawn[span.enterP].vc === undefined);
  const computed = needed ? computeVectorClocks(drawn) : undefined;
  const clockOf = (p: number): VectorClock | undefined => drawn[p].vc ?? computed?.[p];
  const overlap = new Array<boolean>(spans.length).fill(false);
  const byName = new Map<string, number[]>();
  spans.forEach((span, k) => {
    const members = byName.get(span.name);
    if (members) members.push(k);
    else byName.set(span.name, [k]);
  });
  for (const members of byName.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const first = spans[members[a]];
        const second = spans[members[b]];
        if (first.node === second.node) continue;
        const before = (x: typeof first, y: typeof first) => {
          if (x.exitP === undefined) return false;
          const exit = clockOf(x.exitP);
          const enter = clockOf(y.enterP);
          return exit !== undefined && enter !== undefined && atMost(exit, enter);
        };
        if (!before(first, second) && !before(second, first)) overlap[members[a]] = overlap[members[b]] = true;
      }
    }
  }
  return spans.map((span, k) => {
    const enter = drawn[span.enterP];
    const exit = span.exitP !== undefined ? drawn[span.exitP] : undefined;
    const bar: RegionBar = {
      name: span.name,
      node: span.node,
      lane: span.lane,
      x: laneX(span.lane),
      y1: yOf(span.enterP),
      y2: Math.max(span.endY, yOf(span.enterP)),
      enterI: enter.i,
      overlap: overlap[k],
      tooltip: xmlSafe(
        `${span.name} on ${span.node}: entered at #${enter.i} (Lamport ${enter.lamport}), ` +
          (exit ? `left at #${exit.i} (Lamport ${exit.lamport})` : 'not left in the events drawn') +
          (overlap[k] ? `\n✗ overlaps ${span.name} on another node: neither left before the other entered` : ''),
      ),
    };
    if (exit) bar.exitI = exit.i;
    return bar;
  });
}
