/**
 * The process lines and the bands across them: each line is up, down (crashed: dashed) or across
 * skipped time (dotted); shaded bands show skipped time and partitions.
 */
import type { TraceEvent } from '../trace/format.js';
import { distinctSorted } from './geometry.js';
import type { Dot, Lane, LaneSegment, Shade } from './model.js';
import type { PartitionSpan } from './options.js';
import { formatDurationMs, xmlSafe } from './text.js';
import { formatMs } from './tooltips.js';

/** Splits a process line into pieces: down while crashed, dotted across skipped time, else up. */
export function laneSegments(top: number, bottom: number, down: readonly [number, number][], skips: readonly [number, number][]): LaneSegment[] {
  const cuts = distinctSorted([top, bottom, ...down.flat(), ...skips.flat()].filter((y) => y >= top && y <= bottom));
  const inside = (ranges: readonly [number, number][], y: number) => ranges.some(([a, b]) => y > a && y < b);
  const segments: LaneSegment[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const y1 = cuts[k];
    const y2 = cuts[k + 1];
    const mid = (y1 + y2) / 2;
    const style: LaneSegment['style'] = inside(down, mid) ? 'down' : inside(skips, mid) ? 'skip' : 'up';
    const last = segments[segments.length - 1];
    if (last && last.style === style && last.y2 === y1) last.y2 = y2;
    else segments.push({ y1, y2, style });
  }
  return segments;
}

/** Every process line, from `topPx` to `bottomPx`. */
export function layoutLanes(nodes: readonly string[], laneX: (lane: number) => number, dots: readonly Dot[], topPx: number, bottomPx: number, skipBands: readonly { y1: number; y2: number }[]): Lane[] {
  const byLane = nodes.map(() => [] as Dot[]);
  for (const dot of dots) byLane[dot.lane].push(dot);
  return nodes.map((node, lane) => {
    const down: [number, number][] = [];
    let downSince: number | undefined;
    for (const dot of byLane[lane]) {
      if (dot.shape === 'crash' && downSince === undefined) downSince = dot.y;
      else if (dot.shape === 'restart') {
        down.push([downSince ?? topPx, dot.y]);
        downSince = undefined;
      }
    }
    if (downSince !== undefined) down.push([downSince, bottomPx]);
    return { node, x: laneX(lane), segments: laneSegments(topPx, bottomPx, down, skipBands.map((band) => [band.y1, band.y2])) };
  });
}

/** Bands across the picture: skipped time, and partitions (over the events within their span). */
export function layoutShades(
  skipBands: readonly { y1: number; y2: number; skippedMs: number }[],
  partitions: readonly PartitionSpan[],
  dots: readonly Dot[],
  drawn: readonly TraceEvent[],
  widthPx: number,
  rowPx: number,
): Shade[] {
  const shades: Shade[] = [];
  for (const band of skipBands) {
    shades.push({ kind: 'skip', x1: 0, x2: widthPx, y1: band.y1, y2: band.y2, tooltip: `${formatDurationMs(band.skippedMs)} of virtual time with no event, cut short` });
  }
  for (const span of partitions) {
    let y1 = Infinity;
    let y2 = -Infinity;
    for (const dot of dots) {
      const event = drawn[dot.event];
      if (event.t >= span.startMs && event.t <= span.endMs) {
        y1 = Math.min(y1, dot.y);
        y2 = Math.max(y2, dot.y);
      }
    }
    if (!Number.isFinite(y1)) continue;
    const groups = span.groups?.map((group) => group.join(', ')).join(' | ');
    shades.push({
      kind: 'partition',
      x1: 0,
      x2: widthPx,
      y1: y1 - rowPx / 2,
      y2: y2 + rowPx / 2,
      tooltip: xmlSafe(`partition${groups ? ` ${groups}` : ''} from ${formatMs(span.startMs)} to ${formatMs(span.endMs)}`),
    });
  }
  return shades;
}
