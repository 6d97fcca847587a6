/**
 * The labels of messages: the message type on its arrow (between two lines where it can, where no
 * other arrow crosses it), a stub's type and far end, and why a lost message was lost, beside its cross.
 */
import type { Frame } from './frame.js';
import { lerp, quadraticAt } from './geometry.js';
import type { Arrow, Label, Point } from './model.js';
import type { Marks } from './marks.js';
import type { LabelPlacer } from './placement.js';
import { labelWidthPx, makeLabel } from './settings.js';
import { labelText, lineHeightPx } from './text.js';

/** Fractions along the line from x0 to x1 that fall half-way between two lanes, nearest the middle first. */
function gapFractions(gapMids: readonly number[], x0: number, x1: number): number[] {
  const out: number[] = [];
  if (Math.abs(x1 - x0) < 1) return out;
  const low = Math.min(x0, x1);
  const high = Math.max(x0, x1);
  for (const mid of gapMids) if (mid > low + 1 && mid < high - 1) out.push((mid - x0) / (x1 - x0));
  return out.sort((a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5) || a - b);
}

const ALONG = [0.5, 0.35, 0.65, 0.2, 0.8, 0.12, 0.88];

/** Points on an arrow to centre its label on, best first. */
function arrowPoints(arrow: Arrow, gapMids: readonly number[]): Point[] {
  const at = (fraction: number) => (arrow.control ? quadraticAt(arrow.from, arrow.control, arrow.to, fraction) : lerp(arrow.from, arrow.to, fraction));
  const fractions = arrow.control ? [0.5] : [...gapFractions(gapMids, arrow.from.x, arrow.to.x), ...ALONG];
  const seen = new Set<number>();
  const points: Point[] = [];
  for (const fraction of fractions) {
    const key = Math.round(fraction * 1000);
    if (seen.has(key)) continue;
    seen.add(key);
    points.push(at(fraction));
  }
  return points;
}

export function placeArrowLabels(frame: Frame, marks: Marks, placer: LabelPlacer): number {
  const { fonts, laneOf, columns } = frame;
  const line = lineHeightPx(fonts.small);
  // Why a message was lost matters more than its type: placed first.
  let omitted = placeDropLabels(frame, marks, placer);
  marks.arrows.forEach((arrow, a) => {
    const own = new Set([a]);
    let text = arrow.text;
    if (arrow.duplicate) text += ' (again)';
    const stub = arrow.ending === 'stub-out' || arrow.ending === 'stub-in';
    const candidates: Point[] = [];
    if (stub) {
      const outer = arrow.ending === 'stub-out' ? arrow.to : arrow.from;
      const inner = arrow.ending === 'stub-out' ? arrow.from : arrow.to;
      const peer = arrow.ending === 'stub-out' ? arrow.receiver : arrow.sender;
      if (!laneOf.has(peer)) text += arrow.ending === 'stub-out' ? ` → ${labelText(peer)}` : ` ← ${labelText(peer)}`;
      const outward = Math.sign(outer.x - inner.x) || 1;
      const width = labelWidthPx('stub', text, fonts);
      // Beyond the stub's free end, level with it or a line off; then beside its middle.
      const away = arrow.ending === 'stub-out' ? 1 : -1;
      for (const dy of [0, away * line, -away * line]) candidates.push({ x: outer.x + outward * (width / 2 + 3), y: outer.y + dy });
      candidates.push({ x: outer.x, y: outer.y + away * (line / 2 + 3) });
      const middle = lerp(inner, outer, 0.5);
      candidates.push({ x: middle.x + outward * (width / 2 + 6), y: middle.y - away * line * 0.6 });
    } else {
      const points = arrowPoints(arrow, columns.gapMids);
      candidates.push(...points);
      // Just above or below the arrow, where it is crowded on the line itself.
      for (const point of points.slice(0, 3)) candidates.push({ x: point.x, y: point.y - line / 2 - 2 }, { x: point.x, y: point.y + line / 2 + 2 });
    }
    const labels = function* (): Generator<Label> {
      for (const at of candidates) {
        const label = makeLabel(stub ? 'stub' : 'message', text, at.x, at.y, 'middle', fonts);
        label.family = arrow.family;
        label.violation = arrow.violation;
        label.lanes = arrow.lanes;
        label.arrow = a;
        if (arrow.refused) label.refused = true;
        yield label;
      }
    };
    if (!placer.placeBest(labels(), own)) omitted++;
  });

  return omitted;
}

/** Why each lost message was lost, beside its cross: below or above it, or away from the receiver's line. */
function placeDropLabels(frame: Frame, marks: Marks, placer: LabelPlacer): number {
  const { fonts } = frame;
  const line = lineHeightPx(fonts.small);
  let omitted = 0;
  // Why a message was lost, beside its cross: away from the receiver's line, or above or below.
  const arrowOf = new Map<number, number>();
  marks.arrows.forEach((arrow, a) => {
    if (arrow.ending === 'drop' && arrow.toI !== undefined) arrowOf.set(arrow.toI, a);
  });
  for (const mark of marks.lost) {
    const text = mark.reason === 'crashed' ? 'receiver down' : mark.reason === 'partition' ? 'partition' : 'lost';
    const a = arrowOf.get(mark.i);
    const own = a === undefined ? undefined : new Set([a]);
    const back = a === undefined ? -1 : Math.sign(marks.arrows[a].from.x - mark.x) || -1;
    const gap = mark.halfPx + 3;
    const below = mark.y + mark.halfPx + line / 2 + 1;
    const above = mark.y - mark.halfPx - line / 2 - 1;
    const candidates: [number, Label['anchor'], number][] = [
      [mark.x, 'middle', below],
      [mark.x + back * gap, back < 0 ? 'end' : 'start', below - line / 2],
      [mark.x, 'middle', above],
      [mark.x + back * gap, back < 0 ? 'end' : 'start', above + line / 2],
      [mark.x + back * gap, back < 0 ? 'end' : 'start', mark.y],
      [mark.x - back * gap, back < 0 ? 'start' : 'end', mark.y],
      [mark.x + back * gap, back < 0 ? 'end' : 'start', below + line / 2],
      [mark.x + back * gap, back < 0 ? 'end' : 'start', above - line / 2],
    ];
    const labels = function* (): Generator<Label> {
      for (const [x, anchor, y] of candidates) {
        const label = makeLabel('drop', text, x, y, anchor, fonts);
        label.i = mark.i;
        label.lanes = mark.lanes;
        if (a !== undefined) label.arrow = a;
        yield label;
      }
    };
    if (!placer.placeBest(labels(), own)) omitted++;
  }
  return omitted;
}
