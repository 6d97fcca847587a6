/**
 * The marks of a diagram: a dot per event (a cross for a crash, a ring for a restart), an arrow per
 * message delivery (one builder for every kind of ending), and a cross where a lost message would
 * have arrived, beside its receiver's line.
 */
import type { TraceEvent } from '../trace/format.js';
import type { Frame } from './frame.js';
import { sameViolation } from './frame.js';
import { segmentHitsBox, towards } from './geometry.js';
import type { Arrow, Dot, LostMark, Point } from './model.js';
import type { MessagePair } from './pairs.js';
import { boxAround } from './boxes.js';
import { CRASH_HALF_PX, EVENT_RADIUS_PX, LOCAL_RADIUS_PX, LOST_HALF_PX } from './settings.js';
import { eventTooltip, lostTooltip, messageTooltip } from './tooltips.js';

export interface Marks {
  dots: Dot[];
  /** Each drawn event's dot (position in `dots`), -1 for a drop or an event of a line not drawn. */
  dotOf: Int32Array;
  arrows: Arrow[];
  lost: LostMark[];
  /** Where arrows end in a head (labels keep clear of it). */
  arrowTips: Point[];
  /** Lowest y any mark reaches. */
  bottomPx: number;
}

function remembered(cache: WeakMap<object, string>, key: object, make: () => string): string {
  let text = cache.get(key);
  if (text === undefined) cache.set(key, (text = make()));
  return text;
}

function shapeOf(event: TraceEvent): Dot['shape'] {
  return event.kind === 'local' ? 'local' : event.kind === 'crash' ? 'crash' : event.kind === 'restart' ? 'restart' : 'event';
}

export function layoutMarks(frame: Frame): Marks {
  const { drawn, laneOf, columns, settings } = frame;
  const { rowPx } = settings;
  const { messages } = frame.pairing;
  const n = drawn.length;
  const dots: Dot[] = [];
  const dotOf = new Int32Array(n).fill(-1);
  let bottomPx = frame.bodyTopPx;
  for (let p = 0; p < n; p++) {
    const event = drawn[p];
    const lane = laneOf.get(event.node);
    if (event.kind === 'drop' || lane === undefined) continue;
    const shape = shapeOf(event);
    dotOf[p] = dots.length;
    dots.push({
      event: p,
      i: event.i,
      node: event.node,
      lane,
      x: columns.laneX(lane),
      y: frame.yOf(p),
      radiusPx: shape === 'local' ? LOCAL_RADIUS_PX : shape === 'crash' ? CRASH_HALF_PX : EVENT_RADIUS_PX,
      shape,
      violation: frame.violationsOf.has(event.i),
      tooltip: remembered(frame.tooltips, event, () => eventTooltip(event, frame.violationsOf.get(event.i), frame.clockRank)),
    });
    bottomPx = Math.max(bottomPx, frame.yOf(p));
  }

  const arrows: Arrow[] = [];
  const lost: LostMark[] = [];
  const arrowTips: Point[] = [];
  const stubDyPx = rowPx * 1.5;
  const widthPx = columns.widthPx;
  const clampX = (x: number) => Math.min(Math.max(x, 2), widthPx - 2);
  const dotPoint = (p: number): Point => ({ x: dots[dotOf[p]].x, y: dots[dotOf[p]].y });
  const radiusAt = (p: number) => dots[dotOf[p]].radiusPx;
  const lanesOf = (pair: MessagePair): number[] => {
    const out: number[] = [];
    for (const node of [pair.from, pair.to]) {
      const lane = laneOf.get(node);
      if (lane !== undefined && !out.includes(lane)) out.push(lane);
    }
    return out;
  };
  const topPx = frame.bodyTopPx - rowPx * 0.4;

  /** The one arrow builder: every message delivery, stub and loss goes through it. */
  const addArrow = (pair: MessagePair, ending: Arrow['ending'], from: Point, to: Point, ends: { fromP?: number; toP?: number; duplicate?: boolean; control?: Point }) => {
    const style = frame.colors.styleOf(pair.type);
    const fromEvent = ends.fromP !== undefined ? drawn[ends.fromP] : undefined;
    const toEvent = ends.toP !== undefined ? drawn[ends.toP] : undefined;
    const tooltipAt = ending === 'stub-out' ? ends.fromP! : ends.toP!;
    const refusal = (fromEvent && frame.refusalOf(fromEvent)) ?? (toEvent && frame.refusalOf(toEvent));
    const tooltipEnding = ending === 'receive' && ends.duplicate ? 'duplicate' : ending;
    const arrow: Arrow = {
      msg: pair.msg,
      sender: pair.from,
      receiver: pair.to,
      family: style.family,
      reply: style.reply,
      text: style.text,
      from,
      to,
      control: ends.control,
      ending,
      head: ending !== 'drop',
      duplicate: ends.duplicate ?? false,
      violation: ending === 'receive' && fromEvent !== undefined && toEvent !== undefined && sameViolation(frame.violationsOf, fromEvent.i, toEvent.i),
      tooltip: remembered(frame.tooltips, ends.duplicate ? drawn[tooltipAt] : pair, () => messageTooltip(drawn, pair, tooltipAt, tooltipEnding, frame.wholeTrace, refusal)),
      lanes: lanesOf(pair),
    };
    if (refusal !== undefined) arrow.refused = true;
    if (fromEvent) arrow.fromI = fromEvent.i;
    if (toEvent) arrow.toI = toEvent.i;
    arrows.push(arrow);
    if (arrow.head) arrowTips.push(to);
  };

  /** Where a message to `pair.to` lost at y would have arrived: beside the receiver's line, or aside when it is not drawn. */
  const arrivalOf = (pair: MessagePair, start: Point, y: number): Point => {
    const toLane = laneOf.get(pair.to);
    const fromLane = laneOf.get(pair.from);
    if (toLane !== undefined && toLane !== fromLane) {
      const direction = Math.sign(columns.laneX(toLane) - start.x) || 1;
      return { x: columns.laneX(toLane) - direction * (EVENT_RADIUS_PX + LOST_HALF_PX + 3), y };
    }
    const lane = fromLane ?? toLane ?? 0;
    const direction = toLane === fromLane ? (lane === frame.nodes.length - 1 && lane > 0 ? -1 : 1) : columns.directionTo(pair.from, pair.to);
    return { x: clampX(start.x + direction * Math.max(settings.laneGapPx * 0.5, 2 * (columns.sidePx(lane) + LOST_HALF_PX + 6))), y };
  };

  /** Two messages lost on their way to one line at one height: the later cross moves back along its arrow. */
  const clearOfCrosses = (point: Point, from: Point): Point => {
    let at = point;
    for (let step = 0; step < 6 && lost.some((mark) => Math.abs(mark.x - at.x) < 2 * LOST_HALF_PX + 2 && Math.abs(mark.y - at.y) < 2 * LOST_HALF_PX + 2); step++) {
      at = towards(at, from, 2 * LOST_HALF_PX + 3);
    }
    return at;
  };

  for (const pair of messages) {
    const sendDrawn = pair.send >= 0 && dotOf[pair.send] >= 0;
    const deliveries = pair.receive >= 0 ? [pair.receive, ...pair.duplicates] : [];
    deliveries.forEach((toP, k) => {
      if (dotOf[toP] < 0) return;
      const end = dotPoint(toP);
      if (sendDrawn && pair.send < toP) {
        const start = dotPoint(pair.send);
        // A message to itself: a loop out to the right of the line.
        const control = Math.abs(start.x - end.x) < 1 ? { x: start.x + settings.laneGapPx * 0.25, y: (start.y + end.y) / 2 } : undefined;
        const from = towards(start, control ?? end, radiusAt(pair.send) + 1);
        const to = towards(end, control ?? start, radiusAt(toP) + 1.5);
        addArrow(pair, 'receive', from, to, { fromP: pair.send, toP, duplicate: k > 0, control });
      } else {
        const direction = columns.directionTo(drawn[toP].node, pair.from);
        const start = { x: clampX(end.x + direction * columns.stubDxPx), y: Math.max(end.y - stubDyPx, topPx) };
        addArrow(pair, 'stub-in', start, towards(end, start, radiusAt(toP) + 1.5), { toP, duplicate: k > 0 });
      }
    });
    if (pair.drop >= 0 && deliveries.length === 0) {
      const dropEvent = drawn[pair.drop];
      let crossAt: Point;
      if (sendDrawn) {
        const start = dotPoint(pair.send);
        crossAt = clearOfCrosses(arrivalOf(pair, start, Math.max(frame.yOf(pair.drop), start.y + rowPx)), start);
        addArrow(pair, 'drop', towards(start, crossAt, radiusAt(pair.send) + 1), towards(crossAt, start, LOST_HALF_PX), { fromP: pair.send, toP: pair.drop });
      } else {
        // The send is not drawn: a short stub from above ends in the cross beside the receiver's line.
        const y = frame.yOf(pair.drop);
        const atLane = laneOf.get(dropEvent.node) ?? 0;
        const direction = columns.directionTo(dropEvent.node, dropEvent.peer ?? dropEvent.node);
        const outside = { x: clampX(columns.laneX(atLane) + direction * columns.stubDxPx), y: Math.max(y - stubDyPx, topPx) };
        crossAt = clearOfCrosses(arrivalOf(pair, outside, y), outside);
        addArrow(pair, 'drop', outside, towards(crossAt, outside, LOST_HALF_PX), { toP: pair.drop });
      }
      lost.push({
        x: crossAt.x,
        y: crossAt.y,
        halfPx: LOST_HALF_PX,
        family: frame.colors.styleOf(pair.type).family,
        reason: dropEvent.reason,
        tooltip: lostTooltip(dropEvent, pair, frame.clockRank),
        i: dropEvent.i,
        lanes: lanesOf(pair),
      });
      bottomPx = Math.max(bottomPx, crossAt.y);
    } else if (sendDrawn && deliveries.length === 0) {
      const start = dotPoint(pair.send);
      const end = { x: clampX(start.x + columns.directionTo(pair.from, pair.to) * columns.stubDxPx), y: start.y + stubDyPx };
      addArrow(pair, 'stub-out', towards(start, end, radiusAt(pair.send) + 1), end, { fromP: pair.send });
      bottomPx = Math.max(bottomPx, end.y);
    }
  }
  return { dots, dotOf, arrows, lost, arrowTips, bottomPx };
}

/**
 * Moves each crash mark along its line, between its neighbours there, to where no arrow crosses it
 * (an arrow over a crash reads as a message cut). Returns the positions of crashes that found no
 * such place: their row should grow.
 */
export function clearCrashes(marks: Marks, rowPx: number): number[] {
  const blocked: number[] = [];
  const byLane = new Map<number, Dot[]>();
  for (const dot of marks.dots) {
    const list = byLane.get(dot.lane);
    if (list) list.push(dot);
    else byLane.set(dot.lane, [dot]);
  }
  const crossed = (dot: Dot, y: number) => {
    const box = boxAround(dot.x, y, dot.radiusPx + 2);
    return marks.arrows.some((arrow) => arrow.fromI !== dot.i && arrow.toI !== dot.i && segmentHitsBox(arrow.from, arrow.control ?? arrow.to, box) || (arrow.control !== undefined && segmentHitsBox(arrow.control, arrow.to, box)));
  };
  for (const dots of byLane.values()) {
    dots.forEach((dot, k) => {
      if (dot.shape !== 'crash' || !crossed(dot, dot.y)) return;
      const low = k > 0 ? dots[k - 1].y + rowPx * 0.6 : dot.y - rowPx * 0.4;
      const high = k + 1 < dots.length ? dots[k + 1].y - rowPx * 0.6 : dot.y + rowPx;
      for (let step = 1; step <= 2 * rowPx; step++) {
        for (const y of [dot.y - step, dot.y + step]) {
          if (y < low || y > high || crossed(dot, y)) continue;
          dot.y = y;
          return;
        }
      }
      blocked.push(dot.event);
    });
  }
  return blocked;
}
