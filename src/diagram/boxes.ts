/**
 * Axis-aligned boxes and a spatial index over them, so that placing each of thousands of labels
 * only looks at its neighbourhood.
 */

/** A rectangle: top-left corner and size, px. */
export interface Box {
  x: number;
  y: number;
  widthPx: number;
  heightPx: number;
}

/** Whether two boxes share some area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.widthPx && b.x < a.x + a.widthPx && a.y < b.y + b.heightPx && b.y < a.y + a.heightPx;
}

/** The box of a circle (or any mark) of half-size `halfPx` centred on (x, y). */
export function boxAround(x: number, y: number, halfPx: number): Box {
  return { x: x - halfPx, y: y - halfPx, widthPx: 2 * halfPx, heightPx: 2 * halfPx };
}

/** A uniform grid of buckets; a box is listed in every cell it touches. */
export class BoxIndex {
  private readonly cells = new Map<number, Box[]>();

  /** @param cellPx - the grid's cell size; about the size of a typical label. Default 64. */
  constructor(private readonly cellPx = 64) {}

  private cellRange(box: Box): [number, number, number, number] {
    const size = this.cellPx;
    return [Math.floor(box.x / size), Math.floor((box.x + box.widthPx) / size), Math.floor(box.y / size), Math.floor((box.y + box.heightPx) / size)];
  }

  /** Cell coordinates stay far below 2^20 for any drawable diagram, so one number is a key. */
  private static key(column: number, row: number): number {
    return (row + 1024) * 2097152 + (column + 1024);
  }

  add(box: Box): void {
    const [x0, x1, y0, y1] = this.cellRange(box);
    for (let row = y0; row <= y1; row++) {
      for (let column = x0; column <= x1; column++) {
        const key = BoxIndex.key(column, row);
        const bucket = this.cells.get(key);
        if (bucket) bucket.push(box);
        else this.cells.set(key, [box]);
      }
    }
  }

  /** Whether `box` overlaps any box added so far. */
  hits(box: Box): boolean {
    const [x0, x1, y0, y1] = this.cellRange(box);
    for (let row = y0; row <= y1; row++) {
      for (let column = x0; column <= x1; column++) {
        const bucket = this.cells.get(BoxIndex.key(column, row));
        if (bucket === undefined) continue;
        for (const other of bucket) if (overlaps(box, other)) return true;
      }
    }
    return false;
  }
}
