/**
 * Where each process line goes across the page: the gap between two lines is as wide as the labels
 * facing into it need (Lamport times, printed text, notes, names, lost-message crosses), the
 * margins hold stubs to lines not drawn, and a column grows where a label found no room.
 */
import type { TraceEvent } from '../trace/format.js';
import type { MessageColors } from './palette.js';
import { SERVER_NODE, type MessagePair } from './pairs.js';
import { CRASH_HALF_PX, LABEL_GAP_PX, LOST_HALF_PX, MARGIN_PX, MIN_WIDTH_PX, labelWidthPx, makeLabel, type Fonts, type Settings } from './settings.js';
import { labelText } from './text.js';

export type Side = 'left' | 'right';

/** Extra px beside a lane, where a label found no room. */
export type ColumnGrowth = ReadonlyMap<number, { left: number; right: number }>;

export interface Columns {
  laneX: (lane: number) => number;
  /** Gap between lane k and k + 1, px. */
  gaps: number[];
  /** The midpoint of each gap. */
  gapMids: number[];
  widthPx: number;
  leftMarginPx: number;
  /** Widest Lamport time of each lane, px. */
  lamportWidth: number[];
  /** Room a Lamport time takes beside its lane (on either side). */
  sidePx: (lane: number) => number;
  /** Which way (−1 left, +1 right) a node lies from another, drawn or not. */
  directionTo: (fromNode: string, toNode: string) => number;
  /** The side of its dot an event's labels go first: away from the other end of its message. */
  preferredSide: (event: TraceEvent, lane: number) => Side;
  /** How far a stub reaches sideways. */
  stubDxPx: number;
}

export interface ColumnInputs {
  drawn: readonly TraceEvent[];
  nodes: readonly string[];
  laneOf: ReadonlyMap<string, number>;
  traceRank: ReadonlyMap<string, number>;
  messages: readonly MessagePair[];
  colors: MessageColors;
  settings: Settings;
  fonts: Fonts;
  /** Width each event's side labels want beside it (printed text, notes, refusals), by drawn position. */
  sideLabelPx: (p: number) => number;
  nameText: readonly string[];
  growth: ColumnGrowth;
}

export function layoutColumns(inputs: ColumnInputs): Columns {
  const { drawn, nodes, laneOf, traceRank, messages, colors, settings, fonts, growth } = inputs;
  const lastLane = nodes.length - 1;
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
  const preferredSide = (event: TraceEvent, lane: number): Side => {
    if (event.peer !== undefined && event.peer !== event.node) return directionTo(event.node, event.peer) < 0 ? 'right' : 'left';
    return lane === 0 && nodes.length > 1 ? 'left' : 'right';
  };
  const lamportWidth = new Array<number>(nodes.length).fill(0);
  const extra = nodes.map((_, lane) => ({ left: growth.get(lane)?.left ?? 0, right: growth.get(lane)?.right ?? 0 }));
  for (let p = 0; p < drawn.length; p++) {
    const event = drawn[p];
    const lane = laneOf.get(event.node);
    if (event.kind === 'drop' || lane === undefined) continue;
    if (event.kind !== 'crash' && event.kind !== 'restart') lamportWidth[lane] = Math.max(lamportWidth[lane], labelWidthPx('lamport', labelText(String(event.lamport)), fonts));
    else lamportWidth[lane] = Math.max(lamportWidth[lane], labelWidthPx('fault', event.kind, fonts));
    // Room for what is printed, or for a note; where an event has both, the one that finds no room
    // beside it moves to the other side rather than widening the picture.
    const wanted = inputs.sideLabelPx(p);
    if (wanted > 0) {
      const side = preferredSide(event, lane);
      const base = growth.get(lane)?.[side] ?? 0;
      extra[lane][side] = Math.max(extra[lane][side], base + 4 + wanted);
    }
  }
  const sidePx = (lane: number) => CRASH_HALF_PX + LABEL_GAP_PX + lamportWidth[lane];
  const nameWidth = inputs.nameText.map((name) => makeLabel('name', name, 0, 0, 'middle', fonts).box.widthPx);
  // Lamport labels of neighbouring lanes facing each other, and a lost-message cross between them,
  // must never touch: that is what guarantees every Lamport time a place. Names never shorten.
  const gaps: number[] = [];
  for (let lane = 0; lane < lastLane; lane++) {
    gaps.push(
      Math.max(
        settings.laneGapPx,
        sidePx(lane) + extra[lane].right + sidePx(lane + 1) + extra[lane + 1].left + 2 * LOST_HALF_PX + 12,
        (nameWidth[lane] + nameWidth[lane + 1]) / 2 + 12,
      ),
    );
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
  const leftMarginPx = Math.max(
    MARGIN_PX + (nodes.length > 0 ? Math.max(sidePx(0) + extra[0].left, nameWidth[0] / 2) : 0),
    MARGIN_PX + outward.left,
    28,
  );
  const laneXs: number[] = [];
  for (let lane = 0; lane < nodes.length; lane++) laneXs.push(lane === 0 ? leftMarginPx : laneXs[lane - 1] + gaps[lane - 1]);
  const laneX = (lane: number) => laneXs[lane] ?? leftMarginPx;
  const rightMarginPx =
    nodes.length > 0 ? Math.max(sidePx(lastLane) + extra[lastLane].right + MARGIN_PX, outward.right + MARGIN_PX, nameWidth[lastLane] / 2 + MARGIN_PX, 40) : 40;
  const widthPx = Math.max(MIN_WIDTH_PX, Math.ceil(laneX(Math.max(lastLane, 0)) + rightMarginPx));
  const gapMids = gaps.map((gap, lane) => laneX(lane) + gap / 2);
  return { laneX, gaps, gapMids, widthPx, leftMarginPx, lamportWidth, sidePx, directionTo, preferredSide, stubDxPx };
}
