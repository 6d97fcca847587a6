/**
 * Where each event goes down the page: a row per step of the chosen axis (causal order, Lamport
 * time or virtual time), process names repeated in bands on tall diagrams, and extra room where
 * a label found none (rows grown by the layout).
 */
import type { TraceEvent } from '../trace/format.js';
import { countBelow, distinctSorted, median } from './geometry.js';
import { lineHeightPx } from './text.js';
import type { Pairing } from './pairs.js';
import type { Fonts, Settings } from './settings.js';

/** A stretch of virtual time with no event, cut short (time axis). Raw y, before bands and growth. */
export interface SkipBreak {
  y1: number;
  y2: number;
  skippedMs: number;
}

export interface Rows {
  /** Each drawn event's y before bands and growth. */
  rawY: Float64Array;
  skips: SkipBreak[];
  /** Raw y of the rows after which the names are repeated. */
  bandsAfter: number[];
  bandPx: number;
  /** Raw y to the y in the picture, below the body's top. */
  shift: (raw: number) => number;
}

/**
 * @param rowGrowth - extra px before the row of a drawn event (by its position), where a label found no room.
 */
export function layoutRows(drawn: readonly TraceEvent[], laneOf: ReadonlyMap<string, number>, pairing: Pairing, settings: Settings, fonts: Fonts, rowGrowth: ReadonlyMap<number, number>): Rows {
  const { rowPx, axis } = settings;
  const { messages, messageOf } = pairing;
  const n = drawn.length;
  const rawY = new Float64Array(n);
  const laneLast = new Float64Array(laneOf.size).fill(-Infinity);
  const skips: SkipBreak[] = [];
  let minLamport = Infinity;
  let maxLamport = -Infinity;
  for (const event of drawn) {
    if (event.kind === 'drop') continue;
    if (event.lamport < minLamport) minLamport = event.lamport;
    if (event.lamport > maxLamport) maxLamport = event.lamport;
  }
  const lamportSpan = Number.isFinite(maxLamport) ? maxLamport - minLamport : 0;
  // One row per Lamport unit, unless a wild clock would make the picture absurdly tall.
  const pxPerLamport = rowPx * Math.min(1, (40 * Math.max(n, 1)) / Math.max(lamportSpan, 1));
  let pxPerMs = settings.pxPerMs;
  if (axis === 'time' && pxPerMs === undefined) {
    const delays: number[] = [];
    for (const pair of messages) {
      if (pair.send >= 0 && pair.receive > pair.send) {
        const delayMs = drawn[pair.receive].t - drawn[pair.send].t;
        if (delayMs > 0) delays.push(delayMs);
      }
    }
    const typicalMs = median(delays);
    pxPerMs = Number.isFinite(typicalMs) ? (2.5 * rowPx) / typicalMs : rowPx;
  }
  const maxGapPx = 8 * rowPx;
  const skipPx = 3 * rowPx;
  let floorY = 0;
  let groupTimeMs = NaN;
  let groupY = 0;
  let lowestY = -Infinity;
  for (let p = 0; p < n; p++) {
    const event = drawn[p];
    const pair = messageOf[p] >= 0 ? messages[messageOf[p]] : undefined;
    const sendP = pair && event.kind !== 'send' && pair.send >= 0 && pair.send < p ? pair.send : -1;
    const afterSend = sendP >= 0 ? rawY[sendP] + rowPx : -Infinity;
    let base: number;
    if (axis === 'lamport') {
      base = (event.lamport - minLamport) * pxPerLamport;
      if (!Number.isFinite(base)) base = 0;
    } else if (axis === 'time') {
      if (event.t !== groupTimeMs) {
        if (Number.isNaN(groupTimeMs)) {
          groupY = 0;
        } else {
          const gapPx = (event.t - groupTimeMs) * pxPerMs!;
          const start = Math.max(lowestY, groupY);
          if (gapPx > maxGapPx && Number.isFinite(start)) {
            skips.push({ y1: start + rowPx * 0.6, y2: start + skipPx - rowPx * 0.6, skippedMs: event.t - groupTimeMs });
            groupY = start + skipPx;
          } else {
            // A new instant starts below everything before it, so y order is time order.
            groupY = Math.max(groupY + gapPx, lowestY + rowPx);
          }
        }
        groupTimeMs = event.t;
      }
      base = groupY;
    } else {
      base = floorY;
    }
    const lane = laneOf.get(event.node);
    if (event.kind === 'drop' || lane === undefined) {
      rawY[p] = Math.max(base, afterSend);
      continue;
    }
    const y = Math.max(base, laneLast[lane] + rowPx, afterSend);
    rawY[p] = y;
    laneLast[lane] = y;
    floorY = y;
    if (y > lowestY) lowestY = y;
  }

  // Names repeated on tall diagrams, in bands between rows: where the fewest arrows cross.
  const bandPx = Math.ceil(lineHeightPx(fonts.name) + 10);
  const dotYs: number[] = [];
  for (let p = 0; p < n; p++) if (drawn[p].kind !== 'drop' && laneOf.has(drawn[p].node)) dotYs.push(rawY[p]);
  const rows = distinctSorted(dotYs);
  // crossing[k + 1]: how many arrows pass the gap after row k.
  const crossing = new Int32Array(rows.length + 2);
  for (const pair of messages) {
    if (pair.send < 0) continue;
    const end = pair.receive >= 0 ? pair.receive : pair.drop;
    if (end < 0) continue;
    const from = countBelow(rows, rawY[pair.send] + 0.5);
    const to = countBelow(rows, rawY[end]);
    if (to >= from) {
      crossing[from]++;
      crossing[to + 1]--;
    }
  }
  for (let k = 1; k < crossing.length; k++) crossing[k] += crossing[k - 1];
  const bandsAfter: number[] = [];
  let lastBandY = 0;
  const lookAheadPx = settings.repeatNamesEveryPx / 3;
  for (let k = 0; k + 1 < rows.length; k++) {
    if (rows[k + 1] <= lastBandY + settings.repeatNamesEveryPx) continue;
    // The gap after row k is due; a later one nearby that fewer arrows cross is better.
    let best = k;
    for (let j = k + 1; j + 1 < rows.length && rows[j] <= rows[k] + lookAheadPx; j++) {
      if (crossing[j + 1] < crossing[best + 1]) best = j;
    }
    // Not just above the end: the names would stand among the last rows, repeating nothing.
    if (rows[rows.length - 1] - rows[best] < lookAheadPx) break;
    bandsAfter.push(rows[best]);
    lastBandY = rows[best];
    k = best;
  }

  const grown: [number, number][] = [...rowGrowth].map(([p, px]) => [rawY[p], px]);
  grown.sort((a, b) => a[0] - b[0]);
  const grownAt = grown.map(([y]) => y);
  const grownSum: number[] = [];
  let sum = 0;
  for (const [, px] of grown) grownSum.push((sum += px));
  const shift = (raw: number) => {
    // Rows at or below a grown row move down by its growth.
    const k = countBelow(grownAt, raw + 1e-9);
    return raw + bandPx * countBelow(bandsAfter, raw) + (k > 0 ? grownSum[k - 1] : 0);
  };
  return { rawY, skips, bandsAfter, bandPx, shift };
}
