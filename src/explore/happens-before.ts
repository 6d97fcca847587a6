/**
 * The happens-before relation of one execution, as the search sees it: the choices taken, in
 * order, each an event of one node (a change of the network, or a late timer, is an event of
 * every node: choices.ts), and ordered after the node's earlier events and after the choice that
 * enabled it (the send of a message, the setting of a timer, the step before, the crash before a
 * restart). Kept as vector clocks over the nodes' lines plus one line for the network, so each
 * query is one comparison. One log serves every execution of a search (`reset`): it allocates
 * only when an execution is longer than any before.
 */
import { choiceLine, type TimerModel } from './choices.js';

export class ExecutionLog {
  /** Lines: one per node, and the network's last. */
  readonly lines: number;
  length = 0;
  /** Per position: the choice's key. */
  keys = new Float64Array(64);
  /** Per position: the enabling choice's position, or -1. */
  preds = new Int32Array(64);
  /** Per position: its line (a node, or the network's, the last). */
  lineOf = new Int32Array(64);
  /** Per position: the event before it on its line (-1: none, or a change of the network: see {@link before}). */
  private previous = new Int32Array(64);
  /** For a change of the network: the last event on each line before it (deduplicated). */
  private readonly previousOfGlobal = new Map<number, number[]>();
  /** Vector clocks, `lines` entries per position. */
  private clocks: Int32Array;
  private readonly lastOn: Int32Array;
  private readonly counts: Int32Array;
  /** The one-element answer of {@link before}, reused. */
  private readonly single = [0];

  constructor(
    nodeCount: number,
    private readonly timers: TimerModel,
  ) {
    this.lines = nodeCount + 1;
    this.clocks = new Int32Array(this.lines * 64);
    this.lastOn = new Int32Array(this.lines).fill(-1);
    this.counts = new Int32Array(this.lines);
  }

  /** Empties the log for the next execution. */
  reset(): void {
    this.length = 0;
    if (this.previousOfGlobal.size > 0) this.previousOfGlobal.clear();
    this.lastOn.fill(-1);
    this.counts.fill(0);
  }

  /** The keys logged, as an array. */
  keyList(): number[] {
    return Array.from(this.keys.subarray(0, this.length));
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    for (const name of ['preds', 'lineOf', 'previous'] as const) {
      const grown = new Int32Array(capacity);
      grown.set(this[name]);
      this[name] = grown;
    }
    const clocks = new Int32Array(capacity * this.lines);
    clocks.set(this.clocks);
    this.clocks = clocks;
  }

  /** Appends the next choice taken and its enabling choice (-1 for none). */
  add(key: number, pred: number): void {
    const position = this.length++;
    if (position === this.keys.length) this.grow();
    const lines = this.lines;
    const clocks = this.clocks;
    const base = position * lines;
    const node = choiceLine(key, this.timers);
    const network = lines - 1;
    const line = node < 0 ? network : node;
    this.keys[position] = key;
    this.preds[position] = pred;
    this.lineOf[position] = line;
    clocks.fill(0, base, base + lines);
    if (pred >= 0) this.join(base, pred * lines);
    if (node >= 0) {
      const last = this.lastOn[line];
      this.previous[position] = last;
      if (last >= 0) this.join(base, last * lines);
      clocks[base + line] = ++this.counts[line];
      this.lastOn[line] = position;
    } else {
      // A change of the network comes after every line's last event, and before every line's next.
      const before: number[] = [];
      for (let other = 0; other < lines; other++) {
        const last = this.lastOn[other];
        if (last >= 0 && !before.includes(last)) {
          before.push(last);
          this.join(base, last * lines);
        }
      }
      this.previous[position] = -1;
      this.previousOfGlobal.set(position, before);
      clocks[base + network] = ++this.counts[network];
      this.lastOn.fill(position);
    }
  }

  private join(target: number, source: number): void {
    const clocks = this.clocks;
    for (let k = 0; k < this.lines; k++) if (clocks[source + k] > clocks[target + k]) clocks[target + k] = clocks[source + k];
  }

  /** Whether the event at `a` happens before the one at `b` (a ≠ b). */
  happensBefore(a: number, b: number): boolean {
    if (a >= b) return false;
    const line = this.lineOf[a];
    return this.clocks[b * this.lines + line] >= this.clocks[a * this.lines + line];
  }

  /**
   * The events the one at `position` directly follows on its line(s): what it is in a race with
   * when it is not ordered after them otherwise. One for a node's event (none for its first),
   * the last of every line for a change of the network. Valid until the next call.
   */
  before(position: number): readonly number[] {
    const global = this.previousOfGlobal.get(position);
    if (global !== undefined) return global;
    const last = this.previous[position];
    if (last < 0) return EMPTY;
    this.single[0] = last;
    return this.single;
  }

  /** How many events the one at `position` has in its causal past, itself included. */
  causalPastSize(position: number): number {
    let size = 0;
    const base = position * this.lines;
    for (let k = 0; k < this.lines; k++) size += this.clocks[base + k];
    return size;
  }

  /** The positions of the causal past of `position` (itself included), in order. */
  causalPast(position: number): number[] {
    const past: number[] = [];
    for (let k = 0; k < position; k++) if (this.happensBefore(k, position)) past.push(k);
    past.push(position);
    return past;
  }
}

const EMPTY: readonly number[] = Object.freeze([]);
