/**
 * The happens-before relation of one execution, as the search sees it: the choices taken, in
 * order, each an event of one node (a change of the network, or a late timer, is an event of
 * every node: choices.ts), and
 * ordered after the node's earlier events and after the choice that enabled it (the send of a
 * message, the setting of a timer, the step before, the crash before a restart). Kept as vector
 * clocks over the nodes' lines plus one line for the network, so each query is one comparison.
 */
import { choiceLine, type TimerModel } from './choices.js';

export class ExecutionLog {
  /** Lines: one per node, and the network's last. */
  readonly lines: number;
  length = 0;
  /** Per position: the choice's key. */
  keys: number[] = [];
  /** Per position: the enabling choice's position, or -1. */
  preds: number[] = [];
  /** Per position: its line (a node, or the network's, the last). */
  readonly lineOf: number[] = [];
  /** Per position: the event before it on its line (for a change of the network, on each line: see {@link before}). */
  private previous: number[] = [];
  /** For a change of the network: the last event on each line before it (deduplicated). */
  private readonly previousOfGlobal = new Map<number, number[]>();
  /** Vector clocks, `lines` entries per position. */
  private clocks: Int32Array;
  private readonly lastOn: Int32Array;
  private readonly counts: Int32Array;

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
    this.keys.length = 0;
    this.preds.length = 0;
    this.lineOf.length = 0;
    this.previous.length = 0;
    this.previousOfGlobal.clear();
    this.lastOn.fill(-1);
    this.counts.fill(0);
  }

  /** Appends the next choice taken and its enabling choice (-1 for none). */
  add(key: number, pred: number): void {
    const position = this.length++;
    const lines = this.lines;
    if (this.clocks.length < (position + 1) * lines) {
      const grown = new Int32Array(this.clocks.length * 2);
      grown.set(this.clocks);
      this.clocks = grown;
    }
    const clocks = this.clocks;
    const base = position * lines;
    const node = choiceLine(key, this.timers);
    const network = lines - 1;
    const line = node < 0 ? network : node;
    this.keys.push(key);
    this.preds.push(pred);
    this.lineOf.push(line);
    clocks.fill(0, base, base + lines);
    if (pred >= 0) this.join(base, pred * lines);
    if (node >= 0) {
      const last = this.lastOn[line];
      this.previous.push(last);
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
      this.previous.push(-1);
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
   * the last of every line for a change of the network.
   */
  before(position: number): readonly number[] {
    const global = this.previousOfGlobal.get(position);
    if (global !== undefined) return global;
    const last = this.previous[position];
    return last < 0 ? EMPTY : [last];
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
