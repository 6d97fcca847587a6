/**
 * Points, lines and sorted numbers: the small geometry the layout steps share.
 */
import type { Box } from './boxes.js';
import type { Point } from './model.js';

export function lerp(a: Point, b: Point, fraction: number): Point {
  return { x: a.x + (b.x - a.x) * fraction, y: a.y + (b.y - a.y) * fraction };
}

/** `from` moved towards `to` by `distancePx` (unchanged when they coincide; at most half-way). */
export function towards(from: Point, to: Point, distancePx: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length === 0 || distancePx <= 0) return { x: from.x, y: from.y };
  const step = Math.min(distancePx, length / 2);
  return { x: from.x + (dx / length) * step, y: from.y + (dy / length) * step };
}

export function quadraticAt(a: Point, control: Point, b: Point, t: number): Point {
  const u = 1 - t;
  return { x: u * u * a.x + 2 * u * t * control.x + t * t * b.x, y: u * u * a.y + 2 * u * t * control.y + t * t * b.y };
}

/** Whether the segment from `a` to `b` passes through `box` (Liang–Barsky clipping). */
export function segmentHitsBox(a: Point, b: Point, box: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q > 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return (
    clip(-dx, a.x - box.x) &&
    clip(dx, box.x + box.widthPx - a.x) &&
    clip(-dy, a.y - box.y) &&
    clip(dy, box.y + box.heightPx - a.y) &&
    t1 > t0
  );
}

/** Sorted distinct values. */
export function distinctSorted(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The number of sorted values strictly below `value`. */
export function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
