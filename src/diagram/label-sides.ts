/**
 * The diagram's label placement, for other drawings of the same trace (the TikZ and Mermaid
 * exports): on which side of its event each label went, and where along its arrow each message's
 * type sits. They draw with their own geometry, but take the same decisions, made where arrows,
 * dots and other labels were all known.
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { layoutDiagram } from './layout.js';
import type { Arrow, Label } from './model.js';
import { DEFAULT_OPTIONS, type DiagramOptions } from './options.js';

export interface LabelSides {
  /** The side of its event the Lamport time is on, by trace index. */
  lamport: Map<number, 'left' | 'right'>;
  /** The side of its event what it printed is on, by trace index. */
  shows: Map<number, 'left' | 'right'>;
  /**
   * Where the type of a message sits along its arrow (0 at the send, 1 at the receive), by
   * `msg:receive index`; whether above or below the line.
   */
  message: Map<string, { fraction: number; above: boolean }>;
}

function sideOf(label: Label): 'left' | 'right' {
  return label.anchor === 'end' ? 'left' : 'right';
}

/** How far along `arrow` the point nearest (x, y) is, 0..1, and whether (x, y) is above the line. */
function along(arrow: Arrow, x: number, y: number): { fraction: number; above: boolean } {
  const dx = arrow.to.x - arrow.from.x;
  const dy = arrow.to.y - arrow.from.y;
  const length = dx * dx + dy * dy;
  const fraction = length === 0 ? 0.5 : Math.max(0, Math.min(1, ((x - arrow.from.x) * dx + (y - arrow.from.y) * dy) / length));
  const lineY = arrow.from.y + fraction * dy;
  return { fraction: Math.round(fraction * 100) / 100, above: y < lineY - 1 };
}

/**
 * The diagram's label decisions for `events` (the whole trace, order axis); none (empty maps) for a
 * trace longer than a diagram draws, where the caller's own defaults stand.
 */
export function labelSides(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions = {}): LabelSides {
  if (events.length > (options.maxEvents ?? DEFAULT_OPTIONS.maxEvents)) return { lamport: new Map(), shows: new Map(), message: new Map() };
  const layout = layoutDiagram(header, events, { ...options, axis: 'order', repeatNamesEveryPx: Number.MAX_SAFE_INTEGER });
  const sides: LabelSides = { lamport: new Map(), shows: new Map(), message: new Map() };
  for (const label of layout.labels) {
    if (label.role === 'lamport' && label.i !== undefined) sides.lamport.set(label.i, sideOf(label));
    else if (label.role === 'shows' && label.i !== undefined) sides.shows.set(label.i, sideOf(label));
    else if (label.role === 'message' && label.arrow !== undefined) {
      const arrow = layout.arrows[label.arrow];
      if (arrow.toI !== undefined) sides.message.set(`${arrow.msg}:${arrow.toI}`, along(arrow, label.x, label.y));
    }
  }
  return sides;
}
