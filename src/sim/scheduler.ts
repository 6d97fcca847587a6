/**
 * The discrete-event queue: a binary min-heap ordered by (virtual time in µs, insertion sequence).
 * Ties at the same time run in the order they were scheduled, so every run is reproducible.
 * This is the hot path: no allocation per operation beyond the caller's entry.
 */

import type { EventQueue } from './event-queue.js';

/** Something that happens at a virtual time. The scheduler sets `atUs` and `seq`. */
export interface ScheduledEntry {
  atUs: number;
  seq: number;
  /** Called when the entry's time comes. */
  fire(): void;
}

/** A binary min-heap of {@link ScheduledEntry}, keyed by (atUs, seq). */
export class Scheduler implements EventQueue {
  private heap: ScheduledEntry[] = [];
  private nextSeq = 0;
  /** The current virtual time in µs: the time of the entry being fired. */
  nowUs = 0;

  /** Number of entries waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** Whether any waiting entry satisfies `test` (in no particular order). */
  some(test: (entry: ScheduledEntry) => boolean): boolean {
    return this.heap.some(test);
  }

  /** Time of the next entry in µs; +Infinity when the queue is empty. */
  get nextAtUs(): number {
    return this.heap.length === 0 ? Number.POSITIVE_INFINITY : this.heap[0].atUs;
  }

  /** Queues `entry` to fire at `atUs` (never earlier than now). */
  schedule(entry: ScheduledEntry, atUs: number): void {
    this.insert(entry, atUs < this.nowUs ? this.nowUs : atUs, this.nextSeq++);
  }

  /**
   * Sets aside `count` sequence numbers, lower than any scheduled later, for entries the caller
   * queues one at a time with {@link Scheduler.scheduleReserved}: a long list of timed steps then
   * keeps a single entry in the queue instead of one per step, and still fires exactly as if all
   * had been scheduled up front.
   * @returns the first reserved number.
   */
  reserve(count: number): number {
    const first = this.nextSeq;
    this.nextSeq += count;
    return first;
  }

  /** Queues `entry` at `atUs` with a number from {@link Scheduler.reserve}. */
  scheduleReserved(entry: ScheduledEntry, atUs: number, seq: number): void {
    this.insert(entry, atUs < this.nowUs ? this.nowUs : atUs, seq);
  }

  private insert(entry: ScheduledEntry, atUs: number, seq: number): void {
    entry.atUs = atUs;
    entry.seq = seq;
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    // Sift up.
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent.atUs < entry.atUs || (parent.atUs === entry.atUs && parent.seq < entry.seq)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  /** Removes and returns the earliest entry, or undefined when the queue is empty. */
  pop(): ScheduledEntry | undefined {
    const heap = this.heap;
    const count = heap.length;
    if (count === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (count > 1) {
      const size = count - 1;
      let index = 0;
      // Sift the last entry down from the root.
      for (;;) {
        const left = 2 * index + 1;
        if (left >= size) break;
        const right = left + 1;
        let child = left;
        let childEntry = heap[left];
        if (right < size) {
          const rightEntry = heap[right];
          if (rightEntry.atUs < childEntry.atUs || (rightEntry.atUs === childEntry.atUs && rightEntry.seq < childEntry.seq)) {
            child = right;
            childEntry = rightEntry;
          }
        }
        if (last.atUs < childEntry.atUs || (last.atUs === childEntry.atUs && last.seq < childEntry.seq)) break;
        heap[index] = childEntry;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }

  /**
   * Fires entries in order until the queue is empty, the next entry lies beyond `untilUs`, or
   * `shouldStop()` (checked every 4,096 entries, e.g. for Ctrl-C) says so.
   * @param untilUs - time limit in µs; default: no limit.
   * @returns the number of entries fired.
   */
  run(untilUs = Number.POSITIVE_INFINITY, shouldStop?: () => boolean): number {
    let fired = 0;
    const heap = this.heap;
    while (heap.length > 0) {
      if (heap[0].atUs > untilUs) break;
      if (shouldStop !== undefined && (fired & 4095) === 0 && fired > 0 && shouldStop()) break;
      const entry = this.pop()!;
      this.nowUs = entry.atUs;
      entry.fire();
      fired++;
    }
    return fired;
  }
}

/** A scheduled callback (steps, timers). */
export class Timer implements ScheduledEntry {
  atUs = 0;
  seq = 0;
  constructor(private readonly callback: () => void) {}
  fire(): void {
    this.callback();
  }
}
