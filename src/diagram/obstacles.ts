/**
 * What a label must keep clear of, indexed by place so that each of thousands of labels only looks
 * at its neighbourhood: other labels and marks (boxes), arrows (segments, each with its arrow's
 * number, so that a label may sit on its own arrow) and process lines (a label may cross one, at a
 * cost, never its own dot).
 */
import { overlaps, type Box } from './boxes.js';
import { segmentHitsBox } from './geometry.js';
import type { Point } from './model.js';

interface Segment {
  a: Point;
  b: Point;
  arrow: number;
  /** The query that tested it last (a segment lies in several cells; it is tested once per query). */
  stamp: number;
}

const CELL_PX = 64;

/** Cell coordinates stay far below 2^20 for any drawable diagram, so one number is a key. */
function key(column: number, row: number): number {
  return (row + 1024) * 2097152 + (column + 1024);
}

function cellRange(box: Box): [number, number, number, number] {
  return [Math.floor(box.x / CELL_PX), Math.floor((box.x + box.widthPx) / CELL_PX), Math.floor(box.y / CELL_PX), Math.floor((box.y + box.heightPx) / CELL_PX)];
}

export class Obstacles {
  private readonly boxes = new Map<number, Box[]>();
  private readonly segments = new Map<number, Segment[]>();
  private laneXs: number[] = [];
  private stamp = 0;

  /** A box nothing may overlap (a label placed, a dot, a cross). */
  addBox(box: Box): void {
    const [x0, x1, y0, y1] = cellRange(box);
    for (let row = y0; row <= y1; row++) {
      for (let column = x0; column <= x1; column++) {
        const bucket = this.boxes.get(key(column, row));
        if (bucket) bucket.push(box);
        else this.boxes.set(key(column, row), [box]);
      }
    }
  }

  /** An arrow's straight piece; labels other than the arrow's own must not cross it. */
  addSegment(a: Point, b: Point, arrow: number): void {
    const segment: Segment = { a, b, arrow, stamp: 0 };
    const box = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), widthPx: Math.abs(b.x - a.x), heightPx: Math.abs(b.y - a.y) };
    const [x0, x1, y0, y1] = cellRange(box);
    const dx = b.x - a.x;
    for (let column = x0; column <= x1; column++) {
      // Only the rows the segment passes through within this column.
      let rowLow = y0;
      let rowHigh = y1;
      if (dx !== 0) {
        const left = Math.max(column * CELL_PX, box.x);
        const right = Math.min((column + 1) * CELL_PX, box.x + box.widthPx);
        const yAt = (x: number) => a.y + ((x - a.x) / dx) * (b.y - a.y);
        rowLow = Math.floor(Math.min(yAt(left), yAt(right)) / CELL_PX);
        rowHigh = Math.floor(Math.max(yAt(left), yAt(right)) / CELL_PX);
      }
      for (let row = rowLow; row <= rowHigh; row++) {
        const bucket = this.segments.get(key(column, row));
        if (bucket) bucket.push(segment);
        else this.segments.set(key(column, row), [segment]);
      }
    }
  }

  /** The x of every process line (vertical, the whole height). */
  setLanes(xs: readonly number[]): void {
    this.laneXs = [...xs];
  }

  /** Whether `box` overlaps a box added so far. */
  hitsBox(box: Box): boolean {
    const [x0, x1, y0, y1] = cellRange(box);
    for (let row = y0; row <= y1; row++) {
      for (let column = x0; column <= x1; column++) {
        const bucket = this.boxes.get(key(column, row));
        if (bucket === undefined) continue;
        for (const other of bucket) if (overlaps(box, other)) return true;
      }
    }
    return false;
  }

  /** Whether an arrow other than `own` (a set of arrow numbers, or none) passes through `box`. */
  hitsArrow(box: Box, own?: ReadonlySet<number>): boolean {
    const stamp = ++this.stamp;
    const [x0, x1, y0, y1] = cellRange(box);
    for (let row = y0; row <= y1; row++) {
      for (let column = x0; column <= x1; column++) {
        const bucket = this.segments.get(key(column, row));
        if (bucket === undefined) continue;
        for (const segment of bucket) {
          if (segment.stamp === stamp) continue;
          segment.stamp = stamp;
          if (own?.has(segment.arrow)) continue;
          if (segmentHitsBox(segment.a, segment.b, box)) return true;
        }
      }
    }
    return false;
  }

  /** How many process lines cross `box` (a label over a line reads worse, but may be needed). */
  lanesCrossed(box: Box): number {
    let count = 0;
    for (const x of this.laneXs) if (x > box.x && x < box.x + box.widthPx) count++;
    return count;
  }
}
