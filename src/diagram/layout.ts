/**
 * Step 2 of drawing a diagram: where everything goes. A pure function from a trace to numbers and
 * strings (positions of process lines, dots, arrows, labels, legend and title); it knows nothing of
 * SVG, so it is tested on its numbers. Labels are placed greedily in order of importance against a
 * spatial index of everything placed before, so no label covers another label or a dot; a Lamport
 * time always finds room (the spacing guarantees it), lesser labels move or shrink, and a label
 * that finds no room is left to the tooltip.
 */
import type { Violation } from '../check/types.js';
import type { DropReason, EventKind, TraceEvent, TraceHeader } from '../trace/format.js';
import { BoxIndex, boxAround, type Box } from './boxes.js';
import { DEFAULT_OPTIONS, type Axis, type DiagramOptions, type PartitionSpan } from './options.js';
import { MessageColors, type MessageFamily } from './palette.js';
import { pairMessages, processOrder, SERVER_NODE, type MessagePair } from './pairs.js';
import {
  baselineOffsetPx,
  ellipsize,
  formatDurationMs,
  labelText,
  lineHeightPx,
  roundTo,
  textWidthPx,
  wrapText,
  xmlSafe,
  type FontWeight,
} from './text.js';
import { describeWindow, isWholeTrace, windowFilter } from './window.js';

// ---------------------------------------------------------------------------------------------
// What a layout holds
// ---------------------------------------------------------------------------------------------

/** The id of a family of message types (see palette.ts); it picks the colour. */
export type RpcFamily = string;

export interface Point {
  x: number;
  y: number;
}

/** What a label is; it picks the font and colour. */
export type LabelRole =
  | 'title'
  | 'subtitle'
  | 'legend'
  | 'name'
  | 'lamport'
  | 'shows'
  | 'message'
  | 'note'
  | 'fault'
  | 'drop'
  | 'stub'
  | 'skip'
  | 'partition'
  | 'footer-heading'
  | 'footer'
  | 'empty';

/** A one-line text. `box` is what it covers (an upper bound of the drawn glyphs). */
export interface Label {
  role: LabelRole;
  /** The text; for a label of several lines, its lines joined by a space. */
  text: string;
  /** The lines of a label that wraps (chat text); absent for one line. */
  lines?: string[];
  /** Distance between the baselines of `lines`. */
  lineHeightPx: number;
  /** Anchor point: the start, middle or end of the text per `anchor`. */
  x: number;
  /** Vertical centre of the line. */
  y: number;
  /** Where the (first) baseline goes (what SVG's `y` means). */
  baselineY: number;
  anchor: 'start' | 'middle' | 'end';
  fontSizePx: number;
  weight: FontWeight;
  italic: boolean;
  /** For arrow labels: the RPC, which colours it. */
  family?: RpcFamily;
  /** Belongs to a clock violation: drawn in red. */
  violation?: boolean;
  box: Box;
  /** The trace index of the event the label belongs to (its Lamport time, printed text, note, fault, loss). */
  i?: number;
  /** The process lines (lane numbers) the label belongs to: hidden with them by the viewer's node filter. */
  lanes?: number[];
}

/** An event on a process line. */
export interface Dot {
  /** Position of the event in the drawn list. */
  event: number;
  /** The event's index in the trace. */
  i: number;
  node: string;
  lane: number;
  x: number;
  y: number;
  /** Half the mark's size (a circle's radius). */
  radiusPx: number;
  /** `event` for sends and receives, `local` (smaller), `crash` (a cross on the line), `restart` (hollow). */
  shape: 'event' | 'local' | 'crash' | 'restart';
  violation: boolean;
  /** Tooltip: the full logged text, what it printed, Lamport and vector clock, virtual time. */
  tooltip: string;
}

/** A message: from its send to its receive, or the part of it that the window shows. */
export interface Arrow {
  msg: number;
  /** The message's sender and receiver (either may be a node that is not drawn). */
  sender: string;
  receiver: string;
  family: RpcFamily;
  reply: boolean;
  /** What its label says: the family's name (and `reply`), or the type's. */
  text: string;
  /** Start and end of the shaft, already shortened to leave the dots free; `to` is the arrowhead's tip. */
  from: Point;
  to: Point;
  /** A curve's control point, for a message a node sends itself. */
  control?: Point;
  /**
   * How it ends: at its receive; at a lost-message cross; or as a short stub because the other end
   * is outside the window (`stub-out`: received outside; `stub-in`: sent outside).
   */
  ending: 'receive' | 'drop' | 'stub-out' | 'stub-in';
  /** Whether to draw an arrowhead at `to` (not on a lost message). */
  head: boolean;
  /** A second delivery of a message already received. */
  duplicate: boolean;
  violation: boolean;
  tooltip: string;
  /** Trace indices of the events at its ends, where they are drawn (a stub has one; a lost message ends at its `drop`). */
  fromI?: number;
  toI?: number;
  /** The lanes of its sender and receiver that are drawn. */
  lanes: number[];
}

/** The cross where a lost message ends. */
export interface LostMark {
  x: number;
  y: number;
  halfPx: number;
  family: RpcFamily;
  reason: DropReason | undefined;
  tooltip: string;
  /** Trace index of the `drop` event. */
  i: number;
  /** The lanes of its sender and receiver that are drawn. */
  lanes: number[];
}

/** A piece of a process line: normal, down (crashed: dashed) or skipped time (dotted). */
export interface LaneSegment {
  y1: number;
  y2: number;
  style: 'up' | 'down' | 'skip';
}

export interface Lane {
  node: string;
  x: number;
  segments: LaneSegment[];
}

/** A shaded band across the diagram: a partition, or a stretch of time cut short. */
export interface Shade {
  kind: 'partition' | 'skip';
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  tooltip: string;
}

/** A legend entry's symbol, drawn in a box `widthPx` wide starting at (x, y centre). */
export interface LegendItem {
  symbol: 'request' | 'reply' | 'event' | 'local' | 'lost' | 'crash' | 'duplicate' | 'stub' | 'violation' | 'partition' | 'skip';
  family?: RpcFamily;
  x: number;
  y: number;
  widthPx: number;
}

/** Everything the SVG step needs, in px. */
export interface Layout {
  widthPx: number;
  heightPx: number;
  axis: Axis;
  /** Where the body (process lines) starts and ends. */
  bodyTopPx: number;
  bodyBottomPx: number;
  lanes: Lane[];
  dots: Dot[];
  arrows: Arrow[];
  lost: LostMark[];
  shades: Shade[];
  legend: LegendItem[];
  /** Every text, title and legend included. */
  labels: Label[];
  /** The families of message types: their colours (the palette's first, then those drawn). */
  families: MessageFamily[];
  /** One line describing the diagram, for the SVG's own `<title>`. */
  description: string;
  /** Labels that found no room and live in their tooltip only (counted, for tests and curiosity). */
  omittedLabels: number;
}

// ---------------------------------------------------------------------------------------------
// Fixed proportions (in px, or relative to the font size)
// ---------------------------------------------------------------------------------------------

const EVENT_RADIUS_PX = 4;
const LOCAL_RADIUS_PX = 2.6;
const CRASH_HALF_PX = 5;
const LOST_HALF_PX = 4.5;
/** Gap between a dot's edge and its labels. */
const LABEL_GAP_PX = 3;
/** Padding around the estimated text width. */
const TEXT_PAD_PX = 1;
const MARGIN_PX = 14;
const MIN_WIDTH_PX = 380;
const LEGEND_SYMBOL_PX = 24;
/** Violations listed under the diagram, at most. */
const FOOTER_VIOLATIONS = 8;

/**
 * Partitions recorded in the trace itself. The format has no partition event yet, so there are
 * none; when it gets one (e.g. `kind: "partition"` with the groups, and `kind: "heal"`), build the
 * spans here and they are shaded like the ones passed in `options.partitions`.
 */
export function partitionSpans(_events: readonly TraceEvent[]): PartitionSpan[] {
  return [];
}

interface Fonts {
  title: number;
  subtitle: number;
  legend: number;
  name: number;
  lamport: number;
  shows: number;
  small: number;
}

function fontsFor(fontSizePx: number): Fonts {
  return {
    title: fontSizePx + 4,
    subtitle: fontSizePx - 1,
    legend: fontSizePx - 1,
    name: fontSizePx + 1,
    lamport: fontSizePx - 1,
    shows: fontSizePx,
    small: fontSizePx - 1,
  };
}

/** How a role's text is set. */
function styleOf(role: LabelRole, fonts: Fonts): { fontSizePx: number; weight: FontWeight; italic: boolean } {
  switch (role) {
    case 'title':
      return { fontSizePx: fonts.title, weight: 'bold', italic: false };
    case 'subtitle':
      return { fontSizePx: fonts.subtitle, weight: 'normal', italic: false };
    case 'name':
      return { fontSizePx: fonts.name, weight: 'bold', italic: false };
    case 'footer-heading':
      return { fontSizePx: fonts.shows, weight: 'bold', italic: false };
    case 'note':
      return { fontSizePx: fonts.small, weight: 'bold', italic: false };
    case 'shows':
      return { fontSizePx: fonts.shows, weight: 'normal', italic: true };
    case 'skip':
    case 'empty':
      return { fontSizePx: fonts.small, weight: 'normal', italic: true };
    case 'lamport':
      return { fontSizePx: fonts.lamport, weight: 'normal', italic: false };
    default:
      return { fontSizePx: fonts.small, weight: 'normal', italic: false };
  }
}

/**
 * Builds a label anchored at (x, centre y) and its box. `text` may be several lines (an array),
 * stacked around the centre.
 */
function makeLabel(role: LabelRole, text: string | readonly string[], x: number, y: number, anchor: Label['anchor'], fonts: Fonts): Label {
  const style = styleOf(role, fonts);
  const lines = typeof text === 'string' ? [text] : [...text];
  const lineHeight = lineHeightPx(style.fontSizePx);
  let widthPx = 0;
  for (const line of lines) widthPx = Math.max(widthPx, textWidthPx(line, style.fontSizePx, style.weight));
  widthPx += 2 * TEXT_PAD_PX;
  const heightPx = lineHeight * lines.length;
  const left = anchor === 'start' ? x - TEXT_PAD_PX : anchor === 'end' ? x - widthPx + TEXT_PAD_PX : x - widthPx / 2;
  const label: Label = {
    role,
    text: lines.join(' '),
    lineHeightPx: lineHeight,
    x,
    y,
    baselineY: y - ((lines.length - 1) * lineHeight) / 2 + baselineOffsetPx(style.fontSizePx),
    anchor,
    ...style,
    box: { x: left, y: y - heightPx / 2, widthPx, heightPx },
  };
  if (lines.length > 1) label.lines = lines;
  return label;
}

function labelWidthPx(role: LabelRole, text: string, fonts: Fonts): number {
  const style = styleOf(role, fonts);
  return textWidthPx(text, style.fontSizePx, style.weight) + 2 * TEXT_PAD_PX;
}

/** Chat text and announcements: up to two lines. */
const SHOWS_LINES = 2;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function lerp(a: Point, b: Point, fraction: number): Point {
  return { x: a.x + (b.x - a.x) * fraction, y: a.y + (b.y - a.y) * fraction };
}

/** `from` moved towards `to` by `distancePx` (unchanged when they coincide). */
function towards(from: Point, to: Point, distancePx: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length === 0 || distancePx <= 0) return { x: from.x, y: from.y };
  const step = Math.min(distancePx, length / 2);
  return { x: from.x + (dx / length) * step, y: from.y + (dy / length) * step };
}

function formatMs(timeMs: number): string {
  return `${roundTo(timeMs, 3)} ms`;
}

/** A vector clock as `server 3, 1111 2`, nodes in trace order (`rank`). */
function vectorClockText(vc: Record<string, number> | undefined, rank: ReadonlyMap<string, number>): string {
  if (vc === undefined) return '';
  const keys = Object.keys(vc);
  keys.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  return keys.map((node) => `${node} ${vc[node]}`).join(', ');
}

/** Sorted distinct values. */
function distinctSorted(values: Iterable<number>): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return sorted;
}

/** The number of sorted values strictly below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------
// The layout
// ---------------------------------------------------------------------------------------------

/** The resolved settings of one layout. */
interface Settings {
  axis: Axis;
  rowPx: number;
  laneGapPx: number;
  fontSizePx: number;
  showsMaxWidthPx: number;
  repeatNamesEveryPx: number;
  pxPerMs: number | undefined;
}

function settingsOf(options: DiagramOptions): Settings {
  const positive = (value: number | undefined, fallback: number, least: number) =>
    value !== undefined && Number.isFinite(value) && value >= least ? value : fallback;
  const fontSizePx = positive(options.fontSizePx, DEFAULT_OPTIONS.fontSizePx, 6);
  return {
    axis: options.axis ?? DEFAULT_OPTIONS.axis,
    // A row must hold a line of Lamport-time text, and keep it clear of the biggest mark a row
    // above or below, so that a process's labels never touch.
    rowPx: Math.max(positive(options.rowPx, DEFAULT_OPTIONS.rowPx, 1), lineHeightPx(fontSizePx - 1) + 2, lineHeightPx(fontSizePx - 1) / 2 + CRASH_HALF_PX + 2),
    laneGapPx: positive(options.laneGapPx, DEFAULT_OPTIONS.laneGapPx, 20),
    fontSizePx,
    showsMaxWidthPx: positive(options.showsMaxWidthPx, DEFAULT_OPTIONS.showsMaxWidthPx, 20),
    repeatNamesEveryPx: positive(options.repeatNamesEveryPx, DEFAULT_OPTIONS.repeatNamesEveryPx, 100),
    pxPerMs: options.pxPerMs !== undefined && Number.isFinite(options.pxPerMs) && options.pxPerMs > 0 ? options.pxPerMs : undefined,
  };
}

interface SkipBreak {
  /** Raw y (before name bands) of the band's ends. */
  y1: number;
  y2: number;
  skippedMs: number;
}

/**
 * Lays out a diagram of `events` (in trace order). Pure: the same input gives the same numbers.
 *
 * @param header - the trace's header (title: scenario, seed, clock mode).
 * @param events - the events to draw; those outside `options.window` are left out.
 * @param options - see {@link DiagramOptions}; every field has a default.
 */
export function layoutDiagram(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions = {}): Layout {
  const settings = settingsOf(options);
  const fonts = fontsFor(settings.fontSizePx);
  const { rowPx, axis } = settings;
  const window = options.window;
  const drawn = isWholeTrace(window) ? events : events.filter(windowFilter(window));
  const nodes = processOrder(drawn, window?.nodes, options.allNodes);
  const laneOf = new Map(nodes.map((node, index) => [node, index]));
  const traceOrder = options.allNodes ?? nodes;
  const traceRank = new Map(traceOrder.map((node, index) => [node, index]));
  // Tooltips list vector clocks in the order of the lines, then the nodes not drawn.
  const clockRank = new Map([...nodes, ...traceOrder.filter((node) => !laneOf.has(node))].map((node, index) => [node, index]));
  const pairing = pairMessages(drawn, nodes);
  const { messages, messageOf } = pairing;
  const colors = new MessageColors(options.palette);
  const n = drawn.length;
  const wholeTrace = isWholeTrace(window);

  // --- violations, by event index -----------------------------------------------------------
  const violationsOf = new Map<number, Violation[]>();
  const notedAt = new Map<number, string[]>();
  for (const violation of options.violations ?? []) {
    let last = -1;
    for (const ref of violation.events) {
      const list = violationsOf.get(ref.i);
      if (list) list.push(violation);
      else violationsOf.set(ref.i, [violation]);
      last = Math.max(last, ref.i);
    }
    // The note goes on the event that breaks the rule: the latest one the violation names.
    if (last >= 0) {
      const rules = notedAt.get(last) ?? [];
      if (!rules.includes(violation.rule)) rules.push(violation.rule);
      notedAt.set(last, rules);
    }
  }
  const sameViolation = (a: number, b: number): boolean => {
    const list = violationsOf.get(a);
    return list !== undefined && list.some((violation) => violation.events.some((ref) => ref.i === b));
  };

  // --- vertical positions, before name bands (raw) --------------------------------------------
  const rawY = new Float64Array(n);
  const laneLast = new Float64Array(nodes.length).fill(-Infinity);
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

  // --- names repeated on tall diagrams: bands inserted between rows ---------------------------
  const nameLinePx = lineHeightPx(fonts.name);
  const bandPx = Math.ceil(nameLinePx + 10);
  const dotYs: number[] = [];
  for (let p = 0; p < n; p++) if (drawn[p].kind !== 'drop' && laneOf.has(drawn[p].node)) dotYs.push(rawY[p]);
  const rows = distinctSorted(dotYs);
  const bandsAfter: number[] = [];
  let lastBandY = 0;
  for (let k = 0; k + 1 < rows.length; k++) {
    if (rows[k + 1] > lastBandY + settings.repeatNamesEveryPx) {
      bandsAfter.push(rows[k]);
      lastBandY = rows[k];
    }
  }
  const shiftY = (raw: number) => raw + bandPx * countBelow(bandsAfter, raw);

  // --- widths: each gap between two lines is as wide as the labels facing into it need ---------
  const lastLane = nodes.length - 1;
  /** Which way (−1 left, +1 right) a node lies from another, drawn or not. */
  const directionTo = (fromNode: string, toNode: string): number => {
    const fromLane = laneOf.get(fromNode);
    const toLane = laneOf.get(toNode);
    if (fromLane !== undefined && toLane !== undefined && fromLane !== toLane) return Math.sign(toLane - fromLane);
    const a = traceRank.get(fromNode);
    const b = traceRank.get(toNode);
    if (a !== undefined && b !== undefined && a !== b) {
      if (toNode === SERVER_NODE) return -1;
      return fromNode === SERVER_NODE ? 1 : Math.sign(b - a);
    }
    return fromLane === lastLane && lastLane > 0 ? -1 : 1;
  };
  /** The side of its dot an event's labels go: away from the other end of its message. */
  const preferredSide = (event: TraceEvent, lane: number): 'left' | 'right' => {
    if (event.peer !== undefined && event.peer !== event.node) return directionTo(event.node, event.peer) < 0 ? 'right' : 'left';
    return lane === 0 && nodes.length > 1 ? 'left' : 'right';
  };
  const lamportText = (event: TraceEvent) => labelText(String(event.lamport));
  const showsLines = (event: TraceEvent) => wrapText(labelText(event.shows ?? ''), settings.showsMaxWidthPx, fonts.shows, SHOWS_LINES);
  const lamportWidth = new Array<number>(nodes.length).fill(0);
  const extra = nodes.map(() => ({ left: 0, right: 0 }));
  for (const event of drawn) {
    const lane = laneOf.get(event.node);
    if (event.kind === 'drop' || lane === undefined) continue;
    lamportWidth[lane] = Math.max(lamportWidth[lane], labelWidthPx('lamport', lamportText(event), fonts));
    // Room for what is printed, or for a violation note; where an event has both, the one that
    // finds no room beside it moves to the other side rather than widening the picture.
    let wanted = 0;
    if (event.shows) wanted = 4 + makeLabel('shows', showsLines(event), 0, 0, 'start', fonts).box.widthPx;
    const rules = notedAt.get(event.i);
    if (rules) wanted = Math.max(wanted, 4 + Math.min(settings.showsMaxWidthPx, labelWidthPx('note', noteText(rules), fonts)));
    if (wanted > 0) {
      const side = preferredSide(event, lane);
      extra[lane][side] = Math.max(extra[lane][side], wanted);
    }
  }
  /** Room a Lamport time takes beside its lane (on either side: it moves when it must). */
  const sidePx = (lane: number) => CRASH_HALF_PX + LABEL_GAP_PX + lamportWidth[lane];
  // Lamport labels of neighbouring lanes facing each other, and a lost-message cross between them,
  // must never touch: that is what guarantees every Lamport time a place.
  const gaps: number[] = [];
  for (let lane = 0; lane < lastLane; lane++) {
    gaps.push(Math.max(settings.laneGapPx, sidePx(lane) + extra[lane].right + sidePx(lane + 1) + extra[lane + 1].left + 2 * LOST_HALF_PX + 12));
  }
  // Stubs and lost-message crosses towards nodes that are not drawn may point out of the outer
  // lines: the margins make room for them and their labels.
  const stubDxPx = Math.min(settings.laneGapPx * 0.3, 60);
  const outward = { left: 0, right: 0 };
  for (const pair of messages) {
    const fromLane = laneOf.get(pair.from);
    const toLane = laneOf.get(pair.to);
    if ((fromLane === undefined) === (toLane === undefined)) continue;
    const lane = (fromLane ?? toLane)!;
    const peer = fromLane === undefined ? pair.from : pair.to;
    const direction = directionTo(nodes[lane], peer);
    if (!((direction < 0 && lane === 0) || (direction > 0 && lane === lastLane))) continue;
    const stubText = `${colors.styleOf(pair.type).text} ← ${labelText(peer)}`;
    let need = stubDxPx + 6 + labelWidthPx('stub', stubText, fonts);
    if (pair.drop >= 0) need = Math.max(need, Math.max(settings.laneGapPx * 0.5, sidePx(lane) + LOST_HALF_PX + 6) + LOST_HALF_PX + 4 + labelWidthPx('drop', 'receiver down', fonts));
    if (direction < 0) outward.left = Math.max(outward.left, need);
    else outward.right = Math.max(outward.right, need);
  }
  const leftMarginPx = Math.max(MARGIN_PX + (nodes.length > 0 ? sidePx(0) + extra[0].left : 0), MARGIN_PX + outward.left, 28);
  const laneXs: number[] = [];
  for (let lane = 0; lane < nodes.length; lane++) laneXs.push(lane === 0 ? leftMarginPx : laneXs[lane - 1] + gaps[lane - 1]);
  const laneX = (lane: number) => laneXs[lane] ?? leftMarginPx;
  const rightMarginPx = nodes.length > 0 ? Math.max(sidePx(lastLane) + extra[lastLane].right + MARGIN_PX, outward.right + MARGIN_PX, 40) : 40;
  const widthPx = Math.max(MIN_WIDTH_PX, Math.ceil(laneX(Math.max(lastLane, 0)) + rightMarginPx));
  /** Room around a lane for its name: half the narrower neighbouring gap on each side. */
  const nameRoomPx = (lane: number) => {
    const left = lane > 0 ? gaps[lane - 1] : 2 * (laneX(0));
    const right = lane < lastLane ? gaps[lane] : 2 * (widthPx - laneX(lastLane));
    return Math.min(left, right) - 12;
  };
  /** How far from a line a lost-message cross must stay to keep clear of the line's labels. */
  const crossOffsetPx = (lane: number) => sidePx(lane) + LOST_HALF_PX + 6;
  /** The midpoint of each gap, for labels and crosses that belong between two lines. */
  const gapMids = gaps.map((gap, lane) => laneX(lane) + gap / 2);

  // --- what the legend lists ------------------------------------------------------------------
  const present = {
    requests: new Set<RpcFamily>(),
    reply: false,
    event: false,
    local: false,
    lost: false,
    crash: false,
    duplicate: false,
    stub: false,
  };
  for (const event of drawn) {
    if (event.kind === 'local') present.local = true;
    else if (event.kind === 'crash' || event.kind === 'restart') present.crash = true;
    else if (event.kind !== 'drop') present.event = true;
  }
  for (const pair of messages) {
    const { family, reply } = colors.styleOf(pair.type);
    // A family is listed by its colour even when only its replies are drawn.
    present.requests.add(family);
    if (reply) present.reply = true;
    if (pair.drop >= 0 && pair.receive < 0) present.lost = true;
    if (pair.duplicates.length > 0) present.duplicate = true;
    const visible = (node: string) => laneOf.has(node);
    if (pair.send < 0 || (pair.receive < 0 && pair.drop < 0) || !visible(pair.from) || !visible(pair.to)) present.stub = true;
  }
  const partitions = [...(options.partitions ?? []), ...partitionSpans(drawn)];
  const anyViolation = violationsOf.size > 0 && drawn.some((event) => violationsOf.has(event.i));

  // --- header: title, subtitle, legend ----------------------------------------------------------
  const labels: Label[] = [];
  const index = new BoxIndex();
  /** Adds a label where it neither leaves the picture nor touches anything placed before. */
  const place = (label: Label): boolean => {
    const box = label.box;
    if (box.x < 0 || box.y < 0 || box.x + box.widthPx > widthPx) return false;
    if (index.hits(box)) return false;
    index.add(label.box);
    labels.push(label);
    return true;
  };
  /** Marks a label as belonging to a process line (the viewer hides it with the line). */
  const ofLane = (label: Label, lane: number): Label => {
    label.lanes = [lane];
    return label;
  };
  const textWidth = widthPx - 2 * MARGIN_PX;
  let cursorY = MARGIN_PX;
  const titleText = ellipsize(labelText(diagramTitle(header, options.title)), textWidth, fonts.title, 'end', 'bold');
  const titleLine = lineHeightPx(fonts.title);
  place(makeLabel('title', titleText, MARGIN_PX, cursorY + titleLine / 2, 'start', fonts));
  cursorY += titleLine + 2;
  const axisName = axis === 'order' ? 'causal order' : axis === 'lamport' ? 'Lamport time' : 'virtual time';
  const subtitleParts = [
    `seed ${labelText(String(header.seed))}`,
    `clock ${labelText(header.clock)}`,
    `time flows down (${axisName})`,
    `${n} event${n === 1 ? '' : 's'}`,
  ];
  const windowText = labelText(describeWindow(window));
  if (windowText) subtitleParts.push(windowText);
  if (options.interrupted) subtitleParts.push('run interrupted');
  const subtitleLines = wrapText(subtitleParts.join(' · '), textWidth, fonts.subtitle, 2);
  const subtitle = makeLabel('subtitle', subtitleLines, MARGIN_PX, 0, 'start', fonts);
  place(makeLabel('subtitle', subtitleLines, MARGIN_PX, cursorY + subtitle.box.heightPx / 2, 'start', fonts));
  cursorY += subtitle.box.heightPx + 8;

  const legend: LegendItem[] = [];
  const legendEntries: { symbol: LegendItem['symbol']; family?: RpcFamily; text: string }[] = [];
  for (const family of colors.all()) if (present.requests.has(family.id)) legendEntries.push({ symbol: 'request', family: family.id, text: family.label });
  if (present.reply) legendEntries.push({ symbol: 'reply', text: 'reply (dashed)' });
  if (present.event) legendEntries.push({ symbol: 'event', text: 'send / receive' });
  if (present.local) legendEntries.push({ symbol: 'local', text: 'local event' });
  if (present.lost) legendEntries.push({ symbol: 'lost', text: 'lost message' });
  if (present.duplicate) legendEntries.push({ symbol: 'duplicate', text: 'duplicate delivery' });
  if (present.crash) legendEntries.push({ symbol: 'crash', text: 'crash, down until restart' });
  if (present.stub) legendEntries.push({ symbol: 'stub', text: 'other end not drawn' });
  if (anyViolation) legendEntries.push({ symbol: 'violation', text: 'clock violation' });
  if (partitions.length > 0) legendEntries.push({ symbol: 'partition', text: 'partition' });
  // Skipped time is only known after the layout of the body; the time axis may add it below.
  const legendLine = lineHeightPx(fonts.legend) + 4;
  let legendX = MARGIN_PX;
  let legendRowY = cursorY + legendLine / 2;
  const addLegend = (entry: { symbol: LegendItem['symbol']; family?: RpcFamily; text: string }) => {
    const text = ellipsize(entry.text, textWidth - LEGEND_SYMBOL_PX - 6, fonts.legend);
    const symbolPx = entry.symbol === 'event' || entry.symbol === 'local' || entry.symbol === 'violation' ? 14 : LEGEND_SYMBOL_PX;
    const itemWidth = symbolPx + 5 + labelWidthPx('legend', text, fonts) + 14;
    if (legendX > MARGIN_PX && legendX + itemWidth - 14 > widthPx - MARGIN_PX) {
      legendX = MARGIN_PX;
      legendRowY += legendLine;
    }
    legend.push({ symbol: entry.symbol, family: entry.family, x: legendX, y: legendRowY, widthPx: symbolPx });
    place(makeLabel('legend', text, legendX + symbolPx + 5, legendRowY, 'start', fonts));
    legendX += itemWidth;
  };
  for (const entry of legendEntries) addLegend(entry);
  if (axis === 'time' && skips.length > 0) addLegend({ symbol: 'skip', text: 'time skipped' });
  if (legendEntries.length > 0) cursorY = legendRowY + legendLine / 2;
  cursorY += 10;

  // --- process names and the body's top ---------------------------------------------------------
  const namesY = cursorY + nameLinePx / 2;
  const bodyTopPx = namesY + nameLinePx / 2 + rowPx;
  const nameText = nodes.map((node, lane) => ellipsize(labelText(node), nameRoomPx(lane), fonts.name, 'end', 'bold'));
  for (let lane = 0; lane < nodes.length; lane++) place(ofLane(makeLabel('name', nameText[lane], laneX(lane), namesY, 'middle', fonts), lane));

  const finalY = (raw: number) => bodyTopPx + shiftY(raw);
  let bodyBottomPx = bodyTopPx;
  for (let p = 0; p < n; p++) if (drawn[p].kind !== 'drop') bodyBottomPx = Math.max(bodyBottomPx, finalY(rawY[p]));
  bodyBottomPx += rowPx;

  // --- dots -----------------------------------------------------------------------------------
  const dots: Dot[] = [];
  const dotOf = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const event = drawn[p];
    const lane = laneOf.get(event.node);
    if (event.kind === 'drop' || lane === undefined) continue;
    const shape: Dot['shape'] = event.kind === 'local' ? 'local' : event.kind === 'crash' ? 'crash' : event.kind === 'restart' ? 'restart' : 'event';
    const radiusPx = shape === 'local' ? LOCAL_RADIUS_PX : shape === 'crash' ? CRASH_HALF_PX : EVENT_RADIUS_PX;
    dotOf[p] = dots.length;
    dots.push({
      event: p,
      i: event.i,
      node: event.node,
      lane,
      x: laneX(lane),
      y: finalY(rawY[p]),
      radiusPx,
      shape,
      violation: violationsOf.has(event.i),
      tooltip: eventTooltip(event, violationsOf.get(event.i), clockRank),
    });
  }
  for (const dot of dots) index.add(boxAround(dot.x, dot.y, dot.radiusPx + 1));

  // --- arrows and lost messages -----------------------------------------------------------------
  const arrows: Arrow[] = [];
  const lost: LostMark[] = [];
  const arrowTips: Box[] = [];
  const stubDyPx = rowPx * 1.5;
  const clampX = (x: number) => Math.min(Math.max(x, 2), widthPx - 2);
  /** Fractions along a line from x0 to x1 that fall half-way between two lanes, nearest the middle first. */
  const gapFractions = (x0: number, x1: number): number[] => {
    const out: number[] = [];
    if (Math.abs(x1 - x0) < 1) return out;
    const low = Math.min(x0, x1);
    const high = Math.max(x0, x1);
    for (const mid of gapMids) if (mid > low + 1 && mid < high - 1) out.push((mid - x0) / (x1 - x0));
    return out.sort((a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5) || a - b);
  };
  const arrowLabelFractions = new Map<number, number[]>();

  const dotPoint = (p: number): Point => {
    const dot = dots[dotOf[p]];
    return { x: dot.x, y: dot.y };
  };
  const radiusAt = (p: number) => dots[dotOf[p]].radiusPx;

  /** The drawn lanes of a message's sender and receiver. */
  const lanesOf = (pair: MessagePair): number[] => {
    const out: number[] = [];
    for (const node of [pair.from, pair.to]) {
      const lane = laneOf.get(node);
      if (lane !== undefined && !out.includes(lane)) out.push(lane);
    }
    return out;
  };

  const addArrow = (pair: MessagePair, fromP: number, toP: number, duplicate: boolean) => {
    const { family, reply, text: typeText } = colors.styleOf(pair.type);
    const start = dotPoint(fromP);
    const end = dotPoint(toP);
    let control: Point | undefined;
    if (Math.abs(start.x - end.x) < 1) {
      // A message to itself: a loop out to the right of the line.
      control = { x: start.x + settings.laneGapPx * 0.25, y: (start.y + end.y) / 2 };
    }
    const from = towards(start, control ?? end, radiusAt(fromP) + 1);
    const to = towards(end, control ?? start, radiusAt(toP) + 1.5);
    arrows.push({
      msg: pair.msg,
      sender: pair.from,
      receiver: pair.to,
      family,
      reply,
      text: typeText,
      from,
      to,
      control,
      ending: 'receive',
      head: true,
      duplicate,
      violation: sameViolation(drawn[fromP].i, drawn[toP].i),
      tooltip: messageTooltip(drawn, pair, toP, duplicate ? 'duplicate' : 'receive', wholeTrace),
      fromI: drawn[fromP].i,
      toI: drawn[toP].i,
      lanes: lanesOf(pair),
    });
    arrowLabelFractions.set(arrows.length - 1, control ? [0.5] : gapFractions(from.x, to.x));
    arrowTips.push(boxAround(to.x, to.y, 4));
  };

  const addStubIn = (pair: MessagePair, toP: number, duplicate: boolean) => {
    const { family, reply, text: typeText } = colors.styleOf(pair.type);
    const end = dotPoint(toP);
    const direction = directionTo(drawn[toP].node, pair.from);
    const start = { x: clampX(end.x + direction * stubDxPx), y: Math.max(end.y - stubDyPx, bodyTopPx - rowPx * 0.4) };
    const to = towards(end, start, radiusAt(toP) + 1.5);
    arrows.push({
      msg: pair.msg,
      sender: pair.from,
      receiver: pair.to,
      family,
      reply,
      text: typeText,
      from: start,
      to,
      ending: 'stub-in',
      head: true,
      duplicate,
      violation: false,
      tooltip: messageTooltip(drawn, pair, toP, 'stub-in', wholeTrace),
      toI: drawn[toP].i,
      lanes: lanesOf(pair),
    });
    arrowLabelFractions.set(arrows.length - 1, [0]);
    arrowTips.push(boxAround(to.x, to.y, 4));
  };

  for (const pair of messages) {
    const sendDrawn = pair.send >= 0 && dotOf[pair.send] >= 0;
    const deliveries = pair.receive >= 0 ? [pair.receive, ...pair.duplicates] : [];
    deliveries.forEach((toP, k) => {
      if (dotOf[toP] < 0) return;
      if (sendDrawn && pair.send < toP) addArrow(pair, pair.send, toP, k > 0);
      else addStubIn(pair, toP, k > 0);
    });
    if (pair.drop >= 0 && deliveries.length === 0) {
      const { family, reply, text: typeText } = colors.styleOf(pair.type);
      const dropEvent = drawn[pair.drop];
      const arrivalY = finalY(rawY[pair.drop]);
      let crossAt: Point;
      if (sendDrawn) {
        const start = dotPoint(pair.send);
        const toLane = laneOf.get(pair.to);
        const fromLane = laneOf.get(pair.from) ?? 0;
        // A message to a line not drawn, or to its own sender, is lost beside the line, clear of its labels.
        const aside = toLane === undefined || toLane === fromLane;
        const direction = toLane === fromLane ? (fromLane === lastLane && lastLane > 0 ? -1 : 1) : directionTo(pair.from, pair.to);
        const arrival = {
          x: aside ? start.x + direction * Math.max(settings.laneGapPx * 0.5, 2 * crossOffsetPx(fromLane)) : laneX(toLane),
          y: Math.max(arrivalY, start.y + rowPx),
        };
        const fractions = gapFractions(start.x, arrival.x);
        crossAt = lerp(start, arrival, fractions.length > 0 ? fractions[0] : 0.5);
        arrows.push({
          msg: pair.msg,
          sender: pair.from,
          receiver: pair.to,
          family,
          reply,
          text: typeText,
          from: towards(start, crossAt, radiusAt(pair.send) + 1),
          to: crossAt,
          ending: 'drop',
          head: false,
          duplicate: false,
          violation: false,
          tooltip: messageTooltip(drawn, pair, pair.drop, 'drop', wholeTrace),
          fromI: drawn[pair.send].i,
          toI: dropEvent.i,
          lanes: lanesOf(pair),
        });
        arrowLabelFractions.set(arrows.length - 1, [0.5, 0.35, 0.65]);
      } else {
        // The send is not drawn: a short stub from above ends in the cross, between the two lines.
        const atLane = laneOf.get(dropEvent.node);
        const baseX = atLane !== undefined ? laneX(atLane) : leftMarginPx;
        const direction = directionTo(dropEvent.node, dropEvent.peer ?? dropEvent.node);
        const gapMid = atLane === undefined ? undefined : direction < 0 ? gapMids[atLane - 1] : gapMids[atLane];
        crossAt = { x: gapMid ?? baseX + direction * Math.max(settings.laneGapPx * 0.5, crossOffsetPx(atLane ?? 0)), y: arrivalY };
        const start = { x: clampX(crossAt.x - direction * stubDxPx * 0.5), y: Math.max(crossAt.y - stubDyPx, bodyTopPx - rowPx * 0.4) };
        arrows.push({
          msg: pair.msg,
          sender: pair.from,
          receiver: pair.to,
          family,
          reply,
          text: typeText,
          from: start,
          to: crossAt,
          ending: 'drop',
          head: false,
          duplicate: false,
          violation: false,
          tooltip: messageTooltip(drawn, pair, pair.drop, 'drop', wholeTrace),
          toI: dropEvent.i,
          lanes: lanesOf(pair),
        });
        arrowLabelFractions.set(arrows.length - 1, [0.5]);
      }
      lost.push({
        x: crossAt.x,
        y: crossAt.y,
        halfPx: LOST_HALF_PX,
        family,
        reason: dropEvent.reason,
        tooltip: lostTooltip(dropEvent, pair, clockRank),
        i: dropEvent.i,
        lanes: lanesOf(pair),
      });
    } else if (sendDrawn && deliveries.length === 0) {
      const { family, reply, text: typeText } = colors.styleOf(pair.type);
      const start = dotPoint(pair.send);
      const direction = directionTo(pair.from, pair.to);
      const end = { x: clampX(start.x + direction * stubDxPx), y: start.y + stubDyPx };
      arrows.push({
        msg: pair.msg,
        sender: pair.from,
        receiver: pair.to,
        family,
        reply,
        text: typeText,
        from: towards(start, end, radiusAt(pair.send) + 1),
        to: end,
        ending: 'stub-out',
        head: true,
        duplicate: false,
        violation: false,
        tooltip: messageTooltip(drawn, pair, pair.send, 'stub-out', wholeTrace),
        fromI: drawn[pair.send].i,
        lanes: lanesOf(pair),
      });
      arrowLabelFractions.set(arrows.length - 1, [1]);
      arrowTips.push(boxAround(end.x, end.y, 4));
      bodyBottomPx = Math.max(bodyBottomPx, end.y + rowPx);
    }
  }
  for (const mark of lost) {
    index.add(boxAround(mark.x, mark.y, mark.halfPx + 1));
    bodyBottomPx = Math.max(bodyBottomPx, mark.y + rowPx);
  }

  // --- process lines: up, down (crashed), skipped time -----------------------------------------
  const skipBands = skips.map((skip) => ({ y1: finalY(skip.y1), y2: finalY(skip.y2), skippedMs: skip.skippedMs }));
  const laneTopPx = bodyTopPx - rowPx * 0.5;
  const lanes: Lane[] = nodes.map((node, lane) => {
    const down: [number, number][] = [];
    let downSince: number | undefined;
    for (const dot of dots) {
      if (dot.lane !== lane) continue;
      if (dot.shape === 'crash' && downSince === undefined) downSince = dot.y;
      else if (dot.shape === 'restart') {
        down.push([downSince ?? laneTopPx, dot.y]);
        downSince = undefined;
      }
    }
    if (downSince !== undefined) down.push([downSince, bodyBottomPx]);
    return { node, x: laneX(lane), segments: laneSegments(laneTopPx, bodyBottomPx, down, skipBands.map((band) => [band.y1, band.y2])) };
  });

  // --- shades: skipped time and partitions ---------------------------------------------------------
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

  // --- labels, most important first ---------------------------------------------------------------
  let omitted = 0;
  // Lamport times: beside each dot, away from its message's other end.
  const edges = dots.map((dot) => ({ left: dot.x - dot.radiusPx - LABEL_GAP_PX, right: dot.x + dot.radiusPx + LABEL_GAP_PX }));
  const lamportSide: ('left' | 'right')[] = [];
  for (let d = 0; d < dots.length; d++) {
    const dot = dots[d];
    const event = drawn[dot.event];
    let side = preferredSide(event, dot.lane);
    const text = lamportText(event);
    const tryAt = (at: 'left' | 'right') => {
      const label = makeLabel('lamport', text, at === 'right' ? edges[d].right : edges[d].left, dot.y, at === 'right' ? 'start' : 'end', fonts);
      label.violation = dot.violation;
      label.i = dot.i;
      label.lanes = [dot.lane];
      return place(label) ? label : undefined;
    };
    let label = tryAt(side);
    if (!label) {
      side = side === 'left' ? 'right' : 'left';
      label = tryAt(side);
    }
    lamportSide.push(side);
    if (label) {
      if (side === 'right') edges[d].right = label.box.x + label.box.widthPx + 4;
      else edges[d].left = label.box.x - 4;
    } else {
      omitted++;
    }
  }
  for (const tip of arrowTips) index.add(tip);

  // Process names again, in the bands on tall diagrams.
  for (const after of bandsAfter) {
    const y = finalY(after) + rowPx / 2 + bandPx / 2;
    for (let lane = 0; lane < nodes.length; lane++) if (!place(ofLane(makeLabel('name', nameText[lane], laneX(lane), y, 'middle', fonts), lane))) omitted++;
  }

  // How much time a cut-short stretch skips.
  for (const band of skipBands) {
    const x = gapMids.length > 0 ? gapMids[0] : laneX(0) + settings.laneGapPx * 0.3;
    const text = `⋯ ${formatDurationMs(band.skippedMs)} later ⋯`;
    if (!place(makeLabel('skip', text, x, (band.y1 + band.y2) / 2, 'middle', fonts))) omitted++;
  }

  /**
   * Places a label beside a dot: after its Lamport time (at least at the lane's column, so that the
   * labels of a lane line up), or on the other side; as several lines, then shorter, if need be.
   */
  const placeBeside = (d: number, role: LabelRole, full: string, maxWidthPx: number, violation: boolean, maxLines: number, firstTry?: string[]): boolean => {
    const dot = dots[d];
    const first = lamportSide[d];
    const sides: ('left' | 'right')[] = [first, first === 'left' ? 'right' : 'left'];
    const column = CRASH_HALF_PX + LABEL_GAP_PX + lamportWidth[dot.lane] + 4;
    const { fontSizePx, weight } = styleOf(role, fonts);
    // Each shorter version is made only when the one before it found no room.
    const versions = function* (): Generator<string[]> {
      if (textWidthPx(full, fontSizePx, weight) + 2 * TEXT_PAD_PX <= maxWidthPx) yield [full];
      if (firstTry) yield firstTry;
      if (maxLines > 1) yield wrapText(full, maxWidthPx, fontSizePx, maxLines, weight);
      for (const share of [1, 0.66, 0.45, 0.3]) yield [ellipsize(full, maxWidthPx * share, fontSizePx, 'middle', weight)];
    };
    const tried = new Set<string>();
    for (const lines of versions()) {
      if (lines.length === 0 || lines[0] === '' || lines[0] === '…') continue;
      const key = lines.join('\n');
      if (tried.has(key)) continue;
      tried.add(key);
      for (const side of sides) {
        const x = side === 'right' ? Math.max(edges[d].right, dot.x + column) : Math.min(edges[d].left, dot.x - column);
        const label = makeLabel(role, lines, x, dot.y, side === 'right' ? 'start' : 'end', fonts);
        label.violation = violation;
        label.i = dot.i;
        label.lanes = [dot.lane];
        if (place(label)) {
          if (side === 'right') edges[d].right = label.box.x + label.box.widthPx + 4;
          else edges[d].left = label.box.x - 4;
          return true;
        }
      }
    }
    return false;
  };

  // Violation notes: the rule broken, beside the event that breaks it.
  for (let d = 0; d < dots.length; d++) {
    const rules = notedAt.get(dots[d].i);
    if (rules && !placeBeside(d, 'note', noteText(rules), settings.showsMaxWidthPx, true, 1, noteLines(rules))) omitted++;
  }
  // What the node printed: chat lines and announcements.
  for (let d = 0; d < dots.length; d++) {
    const shows = drawn[dots[d].event].shows;
    if (shows && !placeBeside(d, 'shows', labelText(shows), settings.showsMaxWidthPx, false, SHOWS_LINES)) omitted++;
  }
  // Crashes and restarts say so.
  for (let d = 0; d < dots.length; d++) {
    const shape = dots[d].shape;
    if ((shape === 'crash' || shape === 'restart') && !placeBeside(d, 'fault', shape === 'crash' ? 'crash' : 'restart', 80, false, 1)) omitted++;
  }
  // Arrows: the RPC, on the arrow between two lines where possible.
  for (let a = 0; a < arrows.length; a++) {
    const arrow = arrows[a];
    let text = arrow.text;
    if (arrow.duplicate) text += ' (again)';
    const candidates: Point[] = [];
    const preferred = arrowLabelFractions.get(a) ?? [];
    if (arrow.ending === 'stub-out' || arrow.ending === 'stub-in') {
      const outer = arrow.ending === 'stub-out' ? arrow.to : arrow.from;
      const inner = arrow.ending === 'stub-out' ? arrow.from : arrow.to;
      const peer = arrow.ending === 'stub-out' ? arrow.receiver : arrow.sender;
      if (!laneOf.has(peer)) text += arrow.ending === 'stub-out' ? ` → ${labelText(peer)}` : ` ← ${labelText(peer)}`;
      const outward = Math.sign(outer.x - inner.x) || 1;
      const width = labelWidthPx('stub', text, fonts);
      // Beyond the stub's free end, level with it or a line off; then beside its middle.
      const line = lineHeightPx(fonts.small);
      const away = arrow.ending === 'stub-out' ? 1 : -1;
      for (const dy of [0, away * line, -away * line]) candidates.push({ x: outer.x + outward * (width / 2 + 3), y: outer.y + dy });
      candidates.push({ x: outer.x, y: outer.y + away * (line / 2 + 3) });
      const middle = lerp(inner, outer, 0.5);
      candidates.push({ x: middle.x + outward * (width / 2 + 6), y: middle.y - away * line * 0.6 });
    } else {
      const along = [...preferred, 0.5, 0.35, 0.65, 0.2, 0.8];
      const seen = new Set<number>();
      for (const fraction of along) {
        const key = Math.round(fraction * 1000);
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(arrow.control ? quadraticAt(arrow.from, arrow.control, arrow.to, fraction) : lerp(arrow.from, arrow.to, fraction));
      }
    }
    let placed = false;
    for (const at of candidates) {
      const label = makeLabel(arrow.ending === 'stub-in' || arrow.ending === 'stub-out' ? 'stub' : 'message', text, at.x, at.y, 'middle', fonts);
      label.family = arrow.family;
      label.violation = arrow.violation;
      label.lanes = arrow.lanes;
      if (place(label)) {
        placed = true;
        break;
      }
    }
    if (!placed) omitted++;
  }
  // Why a message was lost.
  for (const mark of lost) {
    const text = mark.reason === 'crashed' ? 'receiver down' : mark.reason === 'partition' ? 'partition' : 'lost';
    const width = labelWidthPx('drop', text, fonts);
    const candidates: [number, Label['anchor'], number][] = [
      [mark.x + mark.halfPx + 3, 'start', mark.y],
      [mark.x - mark.halfPx - 3, 'end', mark.y],
      [mark.x, 'middle', mark.y + mark.halfPx + lineHeightPx(fonts.small) / 2 + 1],
    ];
    let placed = false;
    for (const [x, anchor, y] of candidates) {
      if (x - (anchor === 'end' ? width : anchor === 'middle' ? width / 2 : 0) < 0) continue;
      const label = makeLabel('drop', text, x, y, anchor, fonts);
      label.i = mark.i;
      label.lanes = mark.lanes;
      if (place(label)) {
        placed = true;
        break;
      }
    }
    if (!placed) omitted++;
  }
  // Partitions.
  for (const shade of shades) {
    if (shade.kind !== 'partition') continue;
    const text = ellipsize(shade.tooltip.split(' from ')[0], widthPx / 2, fonts.small);
    if (!place(makeLabel('partition', text, MARGIN_PX / 2, shade.y1 + lineHeightPx(fonts.small) / 2 + 1, 'start', fonts))) omitted++;
  }
  if (n === 0) {
    place(makeLabel('empty', 'No events to draw in this window.', widthPx / 2, bodyTopPx + rowPx, 'middle', fonts));
    bodyBottomPx = Math.max(bodyBottomPx, bodyTopPx + 2 * rowPx);
  }

  // --- footer: the violations, listed ---------------------------------------------------------------
  let heightPx = bodyBottomPx + MARGIN_PX;
  const listed = (options.violations ?? []).filter((violation) => violation.events.some((ref) => drawnHas(drawn, ref.i)));
  if (listed.length > 0) {
    let y = bodyBottomPx + 10;
    const heading = lineHeightPx(fonts.shows);
    place(makeLabel('footer-heading', `Clock violations (${listed.length})`, MARGIN_PX, y + heading / 2, 'start', fonts));
    y += heading + 2;
    const line = lineHeightPx(fonts.small) + 2;
    for (const violation of listed.slice(0, FOOTER_VIOLATIONS)) {
      const where = violation.events.map((ref) => `#${ref.i}`).join(', ');
      const text = ellipsize(labelText(`✗ ${violation.rule} (${where}): ${violation.message}`), textWidth, fonts.small);
      const label = makeLabel('footer', text, MARGIN_PX, y + line / 2, 'start', fonts);
      label.violation = true;
      place(label);
      y += line;
    }
    if (listed.length > FOOTER_VIOLATIONS) {
      place(makeLabel('footer', `… and ${listed.length - FOOTER_VIOLATIONS} more (chitty-sim check lists them all)`, MARGIN_PX, y + line / 2, 'start', fonts));
      y += line;
    }
    heightPx = y + MARGIN_PX;
  }

  for (const label of labels) heightPx = Math.max(heightPx, label.box.y + label.box.heightPx + 4);
  return {
    widthPx,
    heightPx: Math.ceil(heightPx),
    axis,
    bodyTopPx,
    bodyBottomPx,
    lanes,
    dots,
    arrows,
    lost,
    shades,
    legend,
    labels,
    families: colors.all(),
    description: xmlSafe(`Lamport diagram of ${header.scenario} (seed ${header.seed}, clock ${header.clock}): ${nodes.length} processes, ${n} events`),
    omittedLabels: omitted,
  };
}

/** The diagram's title: the protocol's name (when known) and the scenario's. */
export function diagramTitle(header: TraceHeader, title: string | undefined): string {
  const protocol = title ?? header.protocol;
  return protocol === undefined || protocol === '' ? header.scenario : `${protocol} · ${header.scenario}`;
}

function drawnHas(drawn: readonly TraceEvent[], i: number): boolean {
  // Events are in trace order, so the indices are sorted: binary search.
  let low = 0;
  let high = drawn.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (drawn[mid].i < i) low = mid + 1;
    else high = mid;
  }
  return low < drawn.length && drawn[low].i === i;
}

function noteText(rules: readonly string[]): string {
  return `✗ ${rules.join(', ')}`;
}

/** A note as one line per rule (two at most), for when the one line does not fit. */
function noteLines(rules: readonly string[]): string[] {
  if (rules.length <= 2) return rules.map((rule) => `✗ ${rule}`);
  return [`✗ ${rules[0]}`, `✗ +${rules.length - 1} more`];
}

function quadraticAt(a: Point, control: Point, b: Point, t: number): Point {
  const u = 1 - t;
  return { x: u * u * a.x + 2 * u * t * control.x + t * t * b.x, y: u * u * a.y + 2 * u * t * control.y + t * t * b.y };
}

/** Splits a process line into pieces: down while crashed, dotted across skipped time, else up. */
function laneSegments(top: number, bottom: number, down: readonly [number, number][], skips: readonly [number, number][]): LaneSegment[] {
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

function kindText(event: TraceEvent): string {
  const kinds: Record<EventKind, string> = {
    send: `send ${event.type ?? 'message'} to ${event.peer}`,
    receive: `receive ${event.type ?? 'message'} from ${event.peer}`,
    local: 'local event',
    drop: `lost ${event.type ?? 'message'}`,
    crash: 'crash',
    restart: 'restart',
  };
  return kinds[event.kind];
}

/** An event's tooltip: what happened, its clocks and time, the full text it logged and printed. */
function eventTooltip(event: TraceEvent, violations: readonly Violation[] | undefined, rank: ReadonlyMap<string, number>): string {
  const lines = [`#${event.i} · ${event.node} · ${kindText(event)}${event.msg !== undefined ? ` (msg ${event.msg})` : ''}`];
  lines.push(`Lamport ${event.lamport} · t = ${formatMs(event.t)}`);
  const vc = vectorClockText(event.vc, rank);
  if (vc) lines.push(`vector clock: ${vc}`);
  if (event.text) lines.push(`log: ${event.text}`);
  if (event.shows) lines.push(`prints: ${event.shows}`);
  for (const violation of violations ?? []) lines.push(`✗ ${violation.rule}: ${violation.message}`);
  return xmlSafe(lines.join('\n'));
}

function endText(event: TraceEvent): string {
  return `#${event.i} at Lamport ${event.lamport}, t = ${formatMs(event.t)}`;
}

/** A message's tooltip: who to whom, when sent and received, the delay. */
function messageTooltip(
  events: readonly TraceEvent[],
  pair: MessagePair,
  at: number,
  ending: 'receive' | 'duplicate' | 'drop' | 'stub-in' | 'stub-out',
  wholeTrace: boolean,
): string {
  const lines = [`${pair.type ?? 'message'} · ${pair.from} → ${pair.to} · msg ${pair.msg}`];
  const send = pair.send >= 0 ? events[pair.send] : undefined;
  if (send) lines.push(`sent ${endText(send)}`);
  else lines.push(wholeTrace ? 'sent before the trace begins' : 'sent outside the window drawn');
  const event = events[at];
  switch (ending) {
    case 'receive':
    case 'duplicate':
      lines.push(`${ending === 'duplicate' ? 'delivered again' : 'received'} ${endText(event)}${send ? ` (delay ${formatDurationMs(event.t - send.t)})` : ''}`);
      break;
    case 'stub-in':
      lines.push(`received ${endText(event)}`);
      break;
    case 'drop':
      lines.push(`lost (${event.reason ?? 'unknown reason'}) at t = ${formatMs(event.t)}`);
      break;
    case 'stub-out':
      lines.push(wholeTrace ? 'not received before the trace ends' : 'received outside the window drawn');
      break;
  }
  return xmlSafe(lines.join('\n'));
}

function lostTooltip(event: TraceEvent, pair: MessagePair, rank: ReadonlyMap<string, number>): string {
  const lines = [`#${event.i} · ${pair.type ?? 'message'} ${pair.from} → ${pair.to} lost (${event.reason ?? 'unknown reason'})`, `recorded at ${event.node}, Lamport ${event.lamport}, t = ${formatMs(event.t)}`];
  const vc = vectorClockText(event.vc, rank);
  if (vc) lines.push(`vector clock: ${vc}`);
  return xmlSafe(lines.join('\n'));
}
