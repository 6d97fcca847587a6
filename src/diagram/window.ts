/**
 * Windows of a long trace: which events a diagram draws. `--from`/`--to` take event indices
 * (`120`) or Lamport times (`L40`), both ends included; `--nodes` keeps some process lines only.
 */
import type { TraceEvent } from '../trace/format.js';

/** One end of a window: an event index (`i`) or a Lamport time. */
export interface WindowBound {
  by: 'index' | 'lamport';
  value: number;
}

/** The events a diagram draws. Every part is optional; an empty window is the whole trace. */
export interface TraceWindow {
  /** First event drawn (included). */
  from?: WindowBound;
  /** Last event drawn (included). */
  to?: WindowBound;
  /** Only these nodes' events (and process lines). */
  nodes?: readonly string[];
}

/** A window the user wrote wrongly; the message names the option. */
export class WindowSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WindowSyntaxError';
  }
}

/**
 * Reads one bound as the user wrote it: `120` is event index 120, `L40` (or `l40`) is Lamport time 40.
 * @param option - the option's name, for the error message (`--from`).
 */
export function parseBound(text: string, option: string): WindowBound {
  const trimmed = text.trim();
  const match = /^([lL])?(-?\d+)$/.exec(trimmed);
  if (!match) {
    throw new WindowSyntaxError(`${option}: expected an event index (e.g. 120) or a Lamport time (e.g. L40), not ${JSON.stringify(text)}`);
  }
  const value = Number(match[2]);
  if (!Number.isSafeInteger(value)) throw new WindowSyntaxError(`${option}: ${match[2]} is too large`);
  if (match[1] === undefined && value < 0) throw new WindowSyntaxError(`${option}: an event index cannot be negative`);
  return { by: match[1] === undefined ? 'index' : 'lamport', value };
}

/**
 * Builds a window from the options as given on the command line (each may be absent).
 * @param nodes - comma-separated node names, e.g. `server,1111`.
 */
export function parseWindow(from?: string, to?: string, nodes?: string): TraceWindow {
  const window: TraceWindow = {};
  if (from !== undefined) window.from = parseBound(from, '--from');
  if (to !== undefined) window.to = parseBound(to, '--to');
  if (window.from && window.to) {
    if (window.from.by !== window.to.by) {
      throw new WindowSyntaxError('--from and --to must both be event indices (120) or both Lamport times (L40)');
    }
    if (window.from.value > window.to.value) {
      throw new WindowSyntaxError(`--from ${describeBound(window.from)} comes after --to ${describeBound(window.to)}`);
    }
  }
  if (nodes !== undefined) {
    const names = nodes.split(',').map((name) => name.trim()).filter((name) => name !== '');
    if (names.length === 0) throw new WindowSyntaxError('--nodes: name at least one node, e.g. --nodes server,1111');
    window.nodes = [...new Set(names)];
  }
  return window;
}

function describeBound(bound: WindowBound): string {
  return bound.by === 'index' ? String(bound.value) : `L${bound.value}`;
}

/** Whether the window is the whole trace. */
export function isWholeTrace(window: TraceWindow | undefined): boolean {
  return window === undefined || (window.from === undefined && window.to === undefined && window.nodes === undefined);
}

/** A test for events in the window, made once so that streaming through a trace stays cheap. */
export function windowFilter(window: TraceWindow | undefined): (event: TraceEvent) => boolean {
  if (window === undefined || isWholeTrace(window)) return () => true;
  const from = window.from;
  const to = window.to;
  const nodes = window.nodes ? new Set(window.nodes) : undefined;
  const low = from?.value ?? -Infinity;
  const high = to?.value ?? Infinity;
  const by = from?.by ?? to?.by ?? 'index';
  return (event) => {
    if (nodes && !nodes.has(event.node)) return false;
    const value = by === 'index' ? event.i : event.lamport;
    return value >= low && value <= high;
  };
}

/** A short description for the diagram's subtitle, e.g. `events 10–40 · nodes server, 1111`. */
export function describeWindow(window: TraceWindow | undefined): string {
  if (window === undefined || isWholeTrace(window)) return '';
  const parts: string[] = [];
  if (window.from || window.to) {
    const by = window.from?.by ?? window.to?.by;
    const low = window.from ? String(window.from.value) : '';
    const high = window.to ? String(window.to.value) : '';
    const range = window.from && window.to ? `${low}–${high}` : window.from ? `from ${low}` : `up to ${high}`;
    parts.push(by === 'lamport' ? `Lamport times ${range}` : `events ${range}`);
  }
  if (window.nodes) parts.push(`nodes ${window.nodes.join(', ')}`);
  return parts.join(' · ');
}
