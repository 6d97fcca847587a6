/**
 * What a layout holds: every mark, line and text of a diagram with its position in px. The layout
 * step makes these; the SVG step draws them; pages cut them.
 */
import type { Box } from './boxes.js';
import type { MessageFamily } from './palette.js';
import type { Axis } from './options.js';
import type { DropReason } from '../trace/format.js';
import type { FontWeight } from './text.js';

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
  | 'empty'
  | 'refusal'
  | 'region'
  | 'page';

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
  /** For arrow labels: the family of message types, which colours it. */
  family?: RpcFamily;
  /** The arrow (its position in `Layout.arrows`) the label sits on: only that arrow may cross it. */
  arrow?: number;
  /** Belongs to a refused message: drawn in the refusal colour. */
  refused?: boolean;
  /** The text was shortened to fit (it shows in full in the tooltip). */
  shortened?: boolean;
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
  /** The message was refused by its receiver (the protocol says so): its end labels are in the refusal colour. */
  refused?: boolean;
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
  symbol: 'request' | 'reply' | 'event' | 'local' | 'lost' | 'crash' | 'duplicate' | 'stub' | 'violation' | 'partition' | 'skip' | 'refusal' | 'region' | 'region-overlap';
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
  /** Regions (critical sections and the like) as bars along the process lines. */
  regions: RegionBar[];
  /** Every text, title and legend included. */
  labels: Label[];
  /** The families of message types: their colours (the palette's first, then those drawn). */
  families: MessageFamily[];
  /** One line describing the diagram, for the SVG's own `<title>`. */
  description: string;
  /** Labels that found no room and live in their tooltip only (counted, for tests and curiosity). */
  omittedLabels: number;
  /** The process lines' names, left to right, as the header writes them (pages repeat them). */
  names: Label[];
  /** A page for print: its paper's size (the SVG is sized in mm) and its number. */
  print?: { widthMm: number; heightMm: number; page: number; pages: number };
}

/** A region of a process: from the event that enters it to the one that leaves it (or the crash, or the end). */
export interface RegionBar {
  name: string;
  node: string;
  lane: number;
  x: number;
  y1: number;
  y2: number;
  /** Trace indices of its enter and exit events (no exit: it stays open to the crash or the end drawn). */
  enterI: number;
  exitI?: number;
  /** It overlaps a region of the same name on another node, neither ordered before the other. */
  overlap: boolean;
  tooltip: string;
}
