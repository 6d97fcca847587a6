/**
 * Which characters a font has: read from its `cmap` table, kept as sorted code point ranges, and
 * looked up by binary search. Pure: it reads the bytes it is given.
 */

/** Sorted, disjoint, inclusive code point ranges. */
export type Coverage = readonly (readonly [number, number])[];

/**
 * The characters a TrueType/OpenType font maps to a glyph, from its `cmap` table (a Unicode
 * subtable of format 12, else format 4).
 */
export function cmapCoverage(data: Uint8Array): Coverage {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tables = view.getUint16(4);
  let cmap = -1;
  for (let k = 0; k < tables; k++) {
    const record = 12 + 16 * k;
    if (String.fromCharCode(data[record], data[record + 1], data[record + 2], data[record + 3]) === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) return [];
  let format4 = -1;
  let format12 = -1;
  const subtables = view.getUint16(cmap + 2);
  for (let k = 0; k < subtables; k++) {
    const record = cmap + 4 + 8 * k;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const offset = cmap + view.getUint32(record + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = view.getUint16(offset);
    if (format === 12) format12 = offset;
    else if (format === 4) format4 = offset;
  }
  const ranges: [number, number][] = [];
  const add = (low: number, high: number) => {
    const last = ranges[ranges.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else ranges.push([low, high]);
  };
  if (format12 >= 0) {
    const groups = view.getUint32(format12 + 12);
    for (let k = 0; k < groups; k++) {
      const group = format12 + 16 + 12 * k;
      const start = view.getUint32(group);
      const end = view.getUint32(group + 4);
      // A group whose first glyph is .notdef maps its first character to nothing.
      const first = view.getUint32(group + 8) === 0 ? start + 1 : start;
      if (first <= end) add(first, end);
    }
  } else if (format4 >= 0) {
    const segments = view.getUint16(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + 2 * segments + 2;
    const deltas = starts + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    for (let s = 0; s < segments; s++) {
      const start = view.getUint16(starts + 2 * s);
      const end = view.getUint16(ends + 2 * s);
      const delta = view.getUint16(deltas + 2 * s);
      const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          glyph = view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) add(c, c);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return ranges;
}

/** Whether `coverage` holds `codePoint` (binary search). */
export function covers(coverage: Coverage, codePoint: number): boolean {
  let low = 0;
  let high = coverage.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < coverage[mid][0]) high = mid - 1;
    else if (codePoint > coverage[mid][1]) low = mid + 1;
    else return true;
  }
  return false;
}
