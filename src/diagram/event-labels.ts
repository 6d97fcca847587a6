/**
 * The labels beside events: each event's Lamport time (never shortened, always placed), then what a
 * node printed, clock-violation notes, refusals, crash and restart, region names. Each goes to the
 * side of its dot away from its message's other end, or the other side, level with its dot or a
 * little above or below; a long text wraps onto two lines (then wider, then more lines) before it is
 * ever shortened. What finds no room is reported, so that the layout grows its row.
 */
import type { Frame } from './frame.js';
import type { Label, LabelRole, RegionBar } from './model.js';
import type { Marks } from './marks.js';
import type { LabelPlacer } from './placement.js';
import { CRASH_HALF_PX, LABEL_GAP_PX, SHOWS_LINES, makeLabel, styleOf, type Fonts } from './settings.js';
import type { Side } from './columns.js';
import { ellipsize, labelText, lineHeightPx, textWidthPx, wrapText } from './text.js';

/** A label that found no free place: the event (drawn position) whose row should grow, and by how much. */
export interface Unplaced {
  p: number;
  heightPx: number;
  /** Its lane, the side it wanted, and its width there: the column to grow when a taller row did not help. */
  lane: number;
  side: Side;
  widthPx: number;
}

/** A text as it may be set: its lines, and whether it had to be shortened. */
export interface TextVersion {
  lines: string[];
  shortened: boolean;
}

/**
 * The ways to set a long text, best first: one line; two to six lines; fewer, wider ones; only
 * then shortened in the middle (which keeps its end: an announcement's Lamport time).
 */
export function* textVersions(full: string, maxWidthPx: number, role: LabelRole, fonts: Fonts, maxLines = SHOWS_LINES + 4): Generator<TextVersion> {
  const { fontSizePx, weight } = styleOf(role, fonts);
  if (textWidthPx(full, fontSizePx, weight) <= maxWidthPx) {
    yield { lines: [full], shortened: false };
    return;
  }
  const letters = full.replace(/\s/g, '');
  const seen = new Set<string>();
  // Narrow first (a picture that fits the page), then wider.
  for (const [lines, widthFactor] of [
    [2, 1],
    [3, 1],
    [4, 1],
    [5, 1],
    [6, 1],
    [3, 1.5],
    [4, 1.5],
    [4, 2],
  ] as const) {
    if (lines > maxLines) break;
    const wrapped = wrapText(full, maxWidthPx * widthFactor, fontSizePx, lines, weight);
    const key = wrapped.join('\n');
    // Only a wrapping that keeps every character; shortening comes last.
    if (wrapped.join('').replace(/\s/g, '') !== letters || seen.has(key)) continue;
    seen.add(key);
    yield { lines: wrapped, shortened: false };
  }
  const budget = maxWidthPx * 2 * Math.min(maxLines, 4) * 0.9;
  const short = ellipsize(full, budget, fontSizePx, 'middle', weight);
  yield { lines: wrapText(short, maxWidthPx * 2, fontSizePx, Math.min(maxLines, 4), weight), shortened: true };
}

function noteText(rules: readonly string[]): string {
  return `✗ ${rules.join(', ')}`;
}

/** Places the labels beside events. Returns those that found no room. */
export function placeEventLabels(frame: Frame, marks: Marks, regions: readonly RegionBar[], placer: LabelPlacer, lastTry: boolean): { unplaced: Unplaced[]; omitted: number } {
  const { drawn, fonts, columns, settings } = frame;
  const { dots } = marks;
  const unplaced: Unplaced[] = [];
  let omitted = 0;
  const edges = dots.map((dot) => ({ left: dot.x - dot.radiusPx - LABEL_GAP_PX, right: dot.x + dot.radiusPx + LABEL_GAP_PX }));
  const firstSide: Side[] = [];
  const lamportLine = lineHeightPx(fonts.lamport);
  const keep = (d: number, side: Side, label: Label) => {
    if (side === 'right') edges[d].right = Math.max(edges[d].right, label.box.x + label.box.widthPx + 4);
    else edges[d].left = Math.min(edges[d].left, label.box.x - 4);
  };

  // Lamport times (crash and restart: the word instead; the engine's time there is no clock's).
  for (let d = 0; d < dots.length; d++) {
    const dot = dots[d];
    const event = drawn[dot.event];
    const preferred = columns.preferredSide(event, dot.lane);
    const fault = dot.shape === 'crash' || dot.shape === 'restart';
    const text = fault ? dot.shape : labelText(String(event.lamport));
    const role: LabelRole = fault ? 'fault' : 'lamport';
    const candidates = function* (): Generator<Label> {
      for (const dy of [0, -0.45 * lamportLine, 0.45 * lamportLine, -0.9 * lamportLine, 0.9 * lamportLine]) {
        for (const side of [preferred, preferred === 'left' ? 'right' : 'left'] as const) {
          const label = makeLabel(role, text, side === 'right' ? edges[d].right : edges[d].left, dot.y + dy, side === 'right' ? 'start' : 'end', fonts);
          label.violation = dot.violation;
          label.i = dot.i;
          label.lanes = [dot.lane];
          yield label;
        }
      }
    };
    let label = placer.placeBest(candidates());
    if (!label) {
      unplaced.push({ p: dot.event, heightPx: lamportLine, lane: dot.lane, side: preferred, widthPx: makeLabel(role, text, 0, 0, 'start', fonts).box.widthPx });
      // Never left out: on the last try, it goes where no other label is, even over an arrow.
      if (lastTry) label = placer.placeBest(candidates(), undefined, true);
      if (!label) omitted++;
    }
    const side: Side = label ? (label.anchor === 'start' ? 'right' : 'left') : preferred;
    firstSide.push(side);
    if (label) keep(d, side, label);
  }
  for (const tip of marks.arrowTips) placer.obstacles.addBox({ x: tip.x - 4, y: tip.y - 4, widthPx: 8, heightPx: 8 });

  /**
   * Places a text beside a dot: after its Lamport time (at least at the lane's column, so that the
   * labels of a lane line up), or on the other side; level, or a little lower or higher.
   */
  const placeBeside = (d: number, role: LabelRole, full: string, maxWidthPx: number, extras: Partial<Label>, firstTry?: string[]): boolean => {
    const dot = dots[d];
    const first = firstSide[d];
    const column = CRASH_HALF_PX + LABEL_GAP_PX + columns.lamportWidth[dot.lane] + 4;
    const line = lineHeightPx(styleOf(role, fonts).fontSizePx);
    const versions = function* (): Generator<TextVersion> {
      if (firstTry) yield { lines: firstTry, shortened: false };
      yield* textVersions(full, maxWidthPx, role, fonts);
    };
    const candidates = function* (): Generator<Label> {
      for (const version of versions()) {
        const heightPx = version.lines.length * line;
        // Level with the dot; hanging from it (first line level); rising to it (last line level).
        const offsets = version.lines.length === 1 ? [0, 0.6 * line, -0.6 * line] : [0, (heightPx - line) / 2, -(heightPx - line) / 2];
        for (const dy of offsets) {
          for (const side of [first, first === 'left' ? 'right' : 'left'] as const) {
            const x = side === 'right' ? Math.max(edges[d].right, dot.x + column) : Math.min(edges[d].left, dot.x - column);
            const label = makeLabel(role, version.lines, x, dot.y + dy, side === 'right' ? 'start' : 'end', fonts);
            Object.assign(label, extras);
            label.i = dot.i;
            label.lanes = [dot.lane];
            if (version.shortened) label.shortened = true;
            yield label;
          }
        }
      }
    };
    const label = placer.placeBest(candidates());
    if (label) {
      keep(d, label.anchor === 'start' ? 'right' : 'left', label);
      return true;
    }
    const firstVersion = textVersions(full, maxWidthPx, role, fonts).next().value!;
    unplaced.push({ p: dot.event, heightPx: 2 * line, lane: dot.lane, side: first, widthPx: makeLabel(role, firstVersion.lines, 0, 0, 'start', fonts).box.widthPx });
    return false;
  };

  // Violation notes: the rule broken, beside the event that breaks it.
  for (let d = 0; d < dots.length; d++) {
    const rules = frame.notedAt.get(dots[d].i);
    if (!rules) continue;
    const lines = rules.length <= 2 ? rules.map((rule) => `✗ ${rule}`) : [`✗ ${rules[0]}`, `✗ +${rules.length - 1} more`];
    if (!placeBeside(d, 'note', noteText(rules), settings.showsMaxWidthPx, { violation: true }, lines)) omitted++;
  }
  // Refusals: at both ends of a refused message.
  const refusedAt = new Map<number, string>();
  for (const arrow of marks.arrows) {
    if (!arrow.refused) continue;
    if (arrow.fromI !== undefined && !refusedAt.has(arrow.fromI)) {
      const event = drawn.find((candidate) => candidate.i === arrow.fromI);
      refusedAt.set(arrow.fromI, `✗ refused: ${labelText(frame.refusalOf(event!) ?? '')}`);
    }
    if (arrow.toI !== undefined && arrow.ending === 'receive' && !refusedAt.has(arrow.toI)) refusedAt.set(arrow.toI, '✗ refused');
  }
  for (let d = 0; d < dots.length; d++) {
    const text = refusedAt.get(dots[d].i);
    if (text !== undefined && !placeBeside(d, 'refusal', text, settings.showsMaxWidthPx, {})) omitted++;
  }
  // What the node printed: chat lines and announcements.
  for (let d = 0; d < dots.length; d++) {
    const shows = drawn[dots[d].event].shows;
    if (shows && !placeBeside(d, 'shows', labelText(shows), settings.showsMaxWidthPx, {})) omitted++;
  }
  // Regions: their name where they begin.
  const dotByI = new Map(dots.map((dot, d) => [dot.i, d]));
  for (const region of regions) {
    const d = dotByI.get(region.enterI);
    const text = region.overlap ? `${labelText(region.name)} ✗ overlap` : labelText(region.name);
    if (d !== undefined && !placeBeside(d, 'region', text, settings.showsMaxWidthPx, { violation: region.overlap })) omitted++;
  }
  return { unplaced, omitted };
}
