/**
 * What a diagram can be asked for, with the defaults. `renderSvg` and the layout both take these.
 */
import type { Violation } from '../check/types.js';
import type { TraceEvent } from '../trace/format.js';
import type { Palette } from './palette.js';
import type { TraceWindow } from './window.js';

/**
 * What the vertical axis shows.
 * - `order`: each event's place in a causal order, compact (events on different processes may
 *   share a row; equal Lamport times need not line up).
 * - `lamport`: proportional to the Lamport time, so equal times line up; where a buggy clock goes
 *   backwards, an event is nudged down below its predecessor on the process.
 * - `time`: virtual time, so an arrow's slope shows its delay; long idle stretches are cut short
 *   and marked with the time they skip.
 */
export type Axis = 'order' | 'lamport' | 'time';

export const AXES: readonly Axis[] = ['order', 'lamport', 'time'];

/**
 * A network partition to shade: between `startMs` and `endMs` of virtual time, the nodes of
 * different groups could not reach each other.
 *
 * The trace format has no partition event yet: the caller passes the scenario's partitions.
 */
export interface PartitionSpan {
  startMs: number;
  endMs: number;
  /** The sides, e.g. `[["server", "1111"], ["2222"]]`; only for the label. */
  groups?: readonly (readonly string[])[];
}

/** Options of {@link renderSvg} and the layout. Every field is optional. */
export interface DiagramOptions {
  /** The vertical axis. Default `order`. */
  axis?: Axis;
  /**
   * Draw only these events. The caller may pass the whole trace and a window, or only the events of
   * the window (filtering again is harmless); the window also goes into the subtitle.
   * Default: the whole trace.
   */
  window?: TraceWindow;
  /**
   * Every node of the whole trace, in order of first appearance. Orders the process lines and tells
   * which way an arrow to a node that is not drawn points. Default: the nodes of the events given.
   */
  allNodes?: readonly string[];
  /** Clock-ordering violations (from the checker): their events and arrows are drawn in red with a note. Default none. */
  violations?: readonly Violation[];
  /** Partitions to shade. Default none. */
  partitions?: readonly PartitionSpan[];
  /** The run stopped before its end (the trace ends with the `interrupted` line: Ctrl-C, `--until`, step mode part way); said in the subtitle. Default false. */
  interrupted?: boolean;
  /** Refuse to draw more events than this (the message suggests a window). Default 20,000. */
  maxEvents?: number;
  /** Least vertical distance between two events of a process, px. Default 18. */
  rowPx?: number;
  /** Least distance between process lines, px; widened where labels need it. Default 150. */
  laneGapPx?: number;
  /** Size of chat text and announcements, px; Lamport times and arrow labels are 1 px smaller. Default 11. */
  fontSizePx?: number;
  /** Chat text and announcements wrap onto a second line beyond this width, and are shortened with an ellipsis beyond two, px. Default 190. */
  showsMaxWidthPx?: number;
  /** Repeat the process names about this often on tall diagrams, px. Default 900. */
  repeatNamesEveryPx?: number;
  /** For `axis: 'time'`: px per ms. Default: the median message delay spans 2.5 rows. */
  pxPerMs?: number;
  /**
   * Colours, names and families of the protocol's message types; a type it does not name gets a
   * stable colour of its own. Default: none (every type its own family).
   */
  palette?: Palette;
  /**
   * Why a message was refused, read from the event that sends or receives the refusal (the
   * protocol knows its replies); undefined for an event that is no refusal. A refused message is
   * labelled at both ends. Default: no refusals.
   */
  refusalOf?: (event: TraceEvent) => string | undefined;
  /** The protocol's name, before the scenario's in the title. Default: the header's `protocol`, else none. */
  title?: string;
}

/** The defaults of {@link DiagramOptions}. */
export const DEFAULT_OPTIONS = {
  axis: 'order' as Axis,
  maxEvents: 20_000,
  rowPx: 18,
  laneGapPx: 150,
  fontSizePx: 11,
  showsMaxWidthPx: 190,
  repeatNamesEveryPx: 900,
} as const;

/** A diagram that would hold more events than `maxEvents`. */
export class DiagramTooLargeError extends Error {
  constructor(
    readonly events: number,
    readonly maxEvents: number,
  ) {
    super(
      `${events} events are more than the renderer draws at once (${maxEvents}); draw a window of the trace, ` +
        `e.g. --from 0 --to ${maxEvents - 1}, or --from L1 --to L500, or fewer nodes with --nodes server,<participant>`,
    );
    this.name = 'DiagramTooLargeError';
  }
}
