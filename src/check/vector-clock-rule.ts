/**
 * The `vector-clock` rule: each event's vector is its predecessor's on the same process (all zero
 * before the first), merged entry-wise with the vector of every message it receives, plus one on
 * its own entry. Each event is compared with its predecessor as recorded, so a wrong vector is
 * reported where it is wrong (and where the next vector disagrees with it) instead of at every
 * later event.
 */
import type { MessageRecord } from './messages.js';
import type { EventRef } from './types.js';
import type { ViolationLog } from './violations.js';

/** How a process's vector clock is known: no event yet (all zero), known, or unknown (an event had no `vc`). */
const VC_ZERO = 0;
const VC_KNOWN = 1;
const VC_UNKNOWN = 2;

export class VectorClockRule {
  private readonly previous: Float64Array[] = [];
  private readonly state: number[] = [];
  /** The sends' vectors merged, for an event that receives several messages; reused. */
  private mergedScratch = new Float64Array(8);

  constructor(
    private readonly names: readonly string[],
    private readonly log: ViolationLog,
    private readonly ref: (i: number, node: number, lamport: number) => EventRef,
  ) {}

  /** A node was numbered: its clock starts at zero. */
  addNode(): void {
    this.previous.push(new Float64Array(0));
    this.state.push(VC_ZERO);
  }

  /**
   * Judges one process event's vector clock (undefined: the event has none, so the process's clock
   * is unknown from here on). For a receive, `record` is its send's (its `vc` is merged).
   */
  check(i: number, node: number, lamport: number, vc: ArrayLike<number> | undefined, record: MessageRecord<unknown> | undefined, receive: boolean): void {
    const merged = receive ? record?.vc : undefined;
    // A receive whose send vector is unknown (a late copy, or a send without `vc`) cannot be checked exactly.
    this.judge(i, node, lamport, vc, merged, !receive || merged !== undefined, record !== undefined && merged !== undefined ? [record] : undefined);
  }

  /**
   * Judges the vector clock of an event that receives every message of `records` (an event with
   * several message ends). `allKnown`: every message it receives has a send whose vector is known.
   */
  checkReceives(i: number, node: number, lamport: number, vc: ArrayLike<number> | undefined, records: readonly MessageRecord<unknown>[], allKnown: boolean): void {
    const count = this.names.length;
    const known = allKnown && records.every((record) => record.vc !== undefined);
    let merged: Float64Array | undefined;
    if (known && records.length > 0) {
      if (this.mergedScratch.length < count) this.mergedScratch = new Float64Array(Math.max(count, 2 * this.mergedScratch.length));
      merged = this.mergedScratch;
      merged.fill(0);
      for (const record of records) {
        const sent = record.vc!;
        const length = Math.min(sent.length, merged.length);
        for (let k = 0; k < length; k++) if (sent[k] > merged[k]) merged[k] = sent[k];
      }
    }
    this.judge(i, node, lamport, vc, merged, known, known ? records : undefined);
  }

  private judge(i: number, node: number, lamport: number, vc: ArrayLike<number> | undefined, merged: ArrayLike<number> | undefined, receivesKnown: boolean, sends: readonly MessageRecord<unknown>[] | undefined): void {
    if (vc === undefined) {
      this.state[node] = VC_UNKNOWN;
      return;
    }
    const count = this.names.length;
    let previous = this.previous[node];
    const state = this.state[node];
    if (state !== VC_UNKNOWN && receivesKnown) {
      let bad = -1;
      for (let k = 0; k < count; k++) {
        let expected = state === VC_KNOWN && k < previous.length ? previous[k] : 0;
        if (merged !== undefined && k < merged.length && merged[k] > expected) expected = merged[k];
        if (k === node) expected += 1;
        const actual = k < vc.length ? vc[k] : 0;
        if (actual !== expected) {
          bad = k;
          break;
        }
      }
      if (bad >= 0 && this.log.wants('vector-clock')) this.report(i, node, lamport, vc, previous, state, merged, sends);
    }
    if (previous.length < count) previous = this.previous[node] = new Float64Array(Math.max(count, 4, previous.length * 2));
    const length = Math.min(vc.length, count);
    for (let k = 0; k < length; k++) previous[k] = vc[k];
    previous.fill(0, length);
    this.state[node] = VC_KNOWN;
  }

  private report(i: number, node: number, lamport: number, vc: ArrayLike<number>, previous: Float64Array, state: number, merged: ArrayLike<number> | undefined, sends: readonly MessageRecord<unknown>[] | undefined): void {
    const names = this.names;
    const differences: string[] = [];
    for (let k = 0; k < names.length && differences.length < 3; k++) {
      let expected = state === VC_KNOWN && k < previous.length ? previous[k] : 0;
      if (merged !== undefined && k < merged.length && merged[k] > expected) expected = merged[k];
      if (k === node) expected += 1;
      const actual = k < vc.length ? vc[k] : 0;
      if (actual !== expected) differences.push(`${names[k]} is ${actual}, expected ${expected}`);
    }
    const events = (sends ?? []).map((record) => this.ref(record.sendI, record.node, record.lamport));
    events.push(this.ref(i, node, lamport));
    const basis = merged === undefined ? "its predecessor's plus one" : events.length > 2 ? "its predecessor's merged with the sends' of the messages it receives, plus one" : "its predecessor's merged with the send's, plus one";
    this.log.add('vector-clock', events, `Event ${i} (${names[node]}) has a vector clock that is not ${basis}: ${differences.join('; ')}.`);
  }
}
