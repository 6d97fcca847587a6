/**
 * What the steps of one layout share once rows and columns are known: the events drawn, their
 * lines, their positions, and what the options say about them.
 */
import type { Violation } from '../check/types.js';
import type { TraceEvent } from '../trace/format.js';
import type { Columns } from './columns.js';
import type { Pairing } from './pairs.js';
import type { MessageColors } from './palette.js';
import type { Fonts, Settings } from './settings.js';

export interface Frame {
  drawn: readonly TraceEvent[];
  nodes: readonly string[];
  laneOf: ReadonlyMap<string, number>;
  pairing: Pairing;
  colors: MessageColors;
  settings: Settings;
  fonts: Fonts;
  columns: Columns;
  /** A drawn event's y in the picture (by its position in `drawn`). */
  yOf: (p: number) => number;
  bodyTopPx: number;
  wholeTrace: boolean;
  /** Order of nodes in tooltips' vector clocks. */
  clockRank: ReadonlyMap<string, number>;
  /** Violations by trace index. */
  violationsOf: ReadonlyMap<number, Violation[]>;
  /** The rules each event breaks, on the event that breaks them (the latest one a violation names). */
  notedAt: ReadonlyMap<number, string[]>;
  /** Tooltips already written, by event object (they do not change when the layout is made again). */
  tooltips: WeakMap<object, string>;
  /** Why a message was refused, from the event that sends or receives the refusal (the protocol's reading). */
  refusalOf: (event: TraceEvent) => string | undefined;
}

/** Violations by the events they name, and the rules to note at the event that breaks each. */
export function indexViolations(violations: readonly Violation[]): { violationsOf: Map<number, Violation[]>; notedAt: Map<number, string[]> } {
  const violationsOf = new Map<number, Violation[]>();
  const notedAt = new Map<number, string[]>();
  for (const violation of violations) {
    let last = -1;
    for (const ref of violation.events) {
      const list = violationsOf.get(ref.i);
      if (list) list.push(violation);
      else violationsOf.set(ref.i, [violation]);
      last = Math.max(last, ref.i);
    }
    if (last >= 0) {
      const rules = notedAt.get(last) ?? [];
      if (!rules.includes(violation.rule)) rules.push(violation.rule);
      notedAt.set(last, rules);
    }
  }
  return { violationsOf, notedAt };
}

/** Whether events `a` and `b` (trace indices) are named by one violation. */
export function sameViolation(violationsOf: ReadonlyMap<number, Violation[]>, a: number, b: number): boolean {
  const list = violationsOf.get(a);
  return list !== undefined && list.some((violation) => violation.events.some((ref) => ref.i === b));
}
