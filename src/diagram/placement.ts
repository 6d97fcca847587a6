/**
 * Label placement: each label is offered as a list of candidates (both sides of its event or arrow,
 * above and below, shorter line breaks) in order of preference, and takes the best one that is free:
 * inside the picture, overlapping no label or mark, crossed by no arrow but its own. Among free
 * candidates, one that crosses a process line costs more. Labels are placed most important first,
 * so a Lamport time is never pushed away by a lesser label; a label with no free candidate is
 * reported to the layout, which grows the row or the column and tries again.
 */
import type { Label } from './model.js';
import type { Obstacles } from './obstacles.js';

/** What a process line crossed costs against one step down the list of preferences. */
const LANE_CROSSING_COST = 4;

export class LabelPlacer {
  readonly labels: Label[] = [];

  /**
   * @param obstacles - what is drawn already; placed labels are added to it.
   * @param widthPx - the picture's width: labels stay within 0..widthPx and below `topPx`.
   */
  constructor(
    readonly obstacles: Obstacles,
    private readonly widthPx: number,
    private readonly topPx = 0,
  ) {}

  /** Whether `label` is free where it stands. `own`: the arrows it may sit on. */
  fits(label: Label, own?: ReadonlySet<number>, overArrows = false): boolean {
    const box = label.box;
    if (box.x < 0 || box.y < this.topPx || box.x + box.widthPx > this.widthPx) return false;
    if (this.obstacles.hitsBox(box)) return false;
    return overArrows || !this.obstacles.hitsArrow(box, own);
  }

  /** Adds a label where it stands, free or not (titles, legend: placed first, on an empty page). */
  add(label: Label): Label {
    this.obstacles.addBox(label.box);
    this.labels.push(label);
    return label;
  }

  /** Places `label` if it is free; returns whether it was. */
  place(label: Label, own?: ReadonlySet<number>): boolean {
    if (!this.fits(label, own)) return false;
    this.add(label);
    return true;
  }

  /**
   * Places the best free candidate: the earliest in the list, a process line crossed counting as
   * {@link LANE_CROSSING_COST} steps down it. Returns it, or undefined when none is free.
   * `overArrows`: arrows may cross it (the last resort of a label that must be drawn).
   */
  placeBest(candidates: Iterable<Label>, own?: ReadonlySet<number>, overArrows = false): Label | undefined {
    let best: Label | undefined;
    let bestCost = Infinity;
    let rank = 0;
    for (const label of candidates) {
      if (this.fits(label, own, overArrows)) {
        const cost = rank + LANE_CROSSING_COST * this.obstacles.lanesCrossed(label.box);
        if (cost < bestCost) {
          best = label;
          bestCost = cost;
        }
      }
      // No later candidate can cost less (each costs at least its rank): stop before making it.
      if (++rank >= bestCost) break;
    }
    if (best) this.add(best);
    return best;
  }
}
