/**
 * Vector clocks computed from a trace's events, for traces written with `--no-vc` (and for the
 * exporters, which need one on every process event). The rules are the engine's (src/sim/world.ts):
 * every process event (`send`, `receive`, `local`, `crash`, `restart`) ticks its node's own entry
 * once; a `receive` first merges the vector its send carried (an event with several message ends
 * merges every message it receives, and each message it sends carries the result); a `drop` is not an event of any
 * process (the message simply never arrived), so it ticks nothing and has no vector clock.
 * Pure: no I/O.
 */
import type { TraceEvent } from './format.js';
import { messageEnds } from './message-ends.js';

/** A vector clock: node name to count, zero entries left out (as trace lines hold it). */
export type VectorClock = Record<string, number>;

/** How two vector clocks relate. */
export type CausalOrder = 'before' | 'after' | 'equal' | 'concurrent';

/** Whether an event kind is an event of its node's process (ticks its clock). */
export function isProcessEvent(event: Pick<TraceEvent, 'kind'>): boolean {
  return event.kind !== 'drop';
}

/**
 * Computes vector clocks event by event, in trace order. Keeps one dense vector per node and the
 * vector each send carried (by message id), so a message delivered twice merges the same vector
 * twice, as the engine does. A receive whose send is not in the trace merges nothing.
 */
export class VectorClockTracker {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly clocks: number[][] = [];
  private readonly carried = new Map<number, number[]>();

  /**
   * @param nodeOrder - node names in the order their entries are written (default: order of first
   *   appearance as a node or peer). Nodes not listed are added after them as they appear.
   */
  constructor(nodeOrder: readonly string[] = []) {
    for (const name of nodeOrder) this.nodeIndex(name);
  }

  private nodeIndex(name: string): number {
    let k = this.index.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.index.set(name, k);
      this.names.push(name);
      for (const clock of this.clocks) clock.push(0);
      this.clocks.push(new Array<number>(this.names.length).fill(0));
    }
    return k;
  }

  /** The vector clock after `event` (a fresh object), or undefined for a `drop`. */
  next(event: TraceEvent): VectorClock | undefined {
    const node = this.nodeIndex(event.node);
    if (event.peer !== undefined) this.nodeIndex(event.peer);
    for (const end of event.also ?? []) this.nodeIndex(end.peer);
    if (!isProcessEvent(event)) return undefined;
    const clock = this.clocks[node];
    const ends = messageEnds(event);
    for (const end of ends) {
      if (end.kind !== 'receive') continue;
      const sent = this.carried.get(end.msg);
      if (sent !== undefined) for (let k = 0; k < sent.length; k++) if (sent[k] > clock[k]) clock[k] = sent[k];
    }
    clock[node]++;
    // The first send of an id wins: ids are unique per message, a later send with the same id is a
    // malformed trace, and keeping the first keeps a duplicate delivery merging what was sent.
    for (const end of ends) if (end.kind === 'send' && !this.carried.has(end.msg)) this.carried.set(end.msg, clock.slice());
    return this.sparse(clock);
  }

  private sparse(clock: readonly number[]): VectorClock {
    const entries: [string, number][] = [];
    for (let k = 0; k < clock.length; k++) if (clock[k] !== 0) entries.push([this.names[k], clock[k]]);
    // fromEntries defines own properties, so a node named "__proto__" is an entry like any other.
    return Object.fromEntries(entries);
  }
}

/**
 * The vector clock of every event of a trace, computed from program order and message edges.
 * Equal to the engine's `vc` on traces that have one.
 *
 * @param events - the trace's events, in trace order.
 * @param nodeOrder - order of the entries in each clock (default: order of first appearance).
 * @returns one entry per event: its clock, or undefined for `drop` events.
 */
export function computeVectorClocks(events: readonly TraceEvent[], nodeOrder: readonly string[] = []): (VectorClock | undefined)[] {
  const tracker = new VectorClockTracker(nodeOrder);
  return events.map((event) => tracker.next(event));
}

/**
 * The events with a `vc` on every process event: returned as they are when every process event
 * already has one, otherwise copies with the computed clocks (`drop` events keep none).
 */
export function withVectorClocks(events: readonly TraceEvent[], nodeOrder: readonly string[] = []): TraceEvent[] {
  if (events.every((event) => !isProcessEvent(event) || event.vc !== undefined)) return events as TraceEvent[];
  const clocks = computeVectorClocks(events, nodeOrder);
  return events.map((event, k) => {
    const copy: TraceEvent = { ...event };
    const vc = clocks[k];
    if (vc === undefined) delete copy.vc;
    else copy.vc = vc;
    return copy;
  });
}

/** A clock's entry for `node`, 0 when absent (own entries only: "constructor" is a node name too). */
export function clockEntry(vc: VectorClock, node: string): number {
  return Object.hasOwn(vc, node) ? vc[node] : 0;
}

/**
 * Compares two vector clocks (missing entries are 0): `before` when `a` happened before `b`.
 */
export function compareVectorClocks(a: VectorClock, b: VectorClock): CausalOrder {
  let less = false;
  let greater = false;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = clockEntry(a, key);
    const y = clockEntry(b, key);
    if (x < y) less = true;
    else if (x > y) greater = true;
  }
  if (less && greater) return 'concurrent';
  if (less) return 'before';
  if (greater) return 'after';
  return 'equal';
}
