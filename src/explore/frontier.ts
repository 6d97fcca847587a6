/**
 * The search strategies: which waiting branch runs next. `dfs` takes the deepest (it finishes one
 * part of the tree before the next, and keeps few branches waiting), `bfs` the shallowest (the
 * executions that differ from the first ones earliest), `random` any, from a seeded stream.
 */
import { createStream, type RandomStream } from '../sim/random.js';
import type { Branch } from './search-tree.js';
import type { Strategy } from './strategies.js';

export { STRATEGIES, type Strategy } from './strategies.js';

export class Frontier {
  private readonly heap: { branch: Branch; depth: number; order: number }[] = [];
  private readonly pool: Branch[] = [];
  private added = 0;
  private readonly random: RandomStream | undefined;

  constructor(
    readonly strategy: Strategy,
    seed: number,
  ) {
    this.random = strategy === 'random' ? createStream(seed, 'explore-random') : undefined;
  }

  get size(): number {
    return this.strategy === 'random' ? this.pool.length : this.heap.length;
  }

  add(branch: Branch): void {
    if (this.random !== undefined) {
      this.pool.push(branch);
      return;
    }
    const heap = this.heap;
    const entry = { branch, depth: branch.node.depth, order: this.added++ };
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(entry, heap[parent])) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
  }

  /** Removes and returns the next branch to run, or undefined when none waits. */
  take(): Branch | undefined {
    if (this.random !== undefined) {
      const pool = this.pool;
      if (pool.length === 0) return undefined;
      const index = Math.floor(this.random() * pool.length);
      const branch = pool[index];
      pool[index] = pool[pool.length - 1];
      pool.pop();
      return branch;
    }
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && this.before(heap[right], heap[left]) ? right : left;
        if (!this.before(heap[child], last)) break;
        heap[index] = heap[child];
        index = child;
      }
      heap[index] = last;
    }
    return top.branch;
  }

  /** dfs: deeper first, then the newest; bfs: shallower first, then the oldest. */
  private before(a: { depth: number; order: number }, b: { depth: number; order: number }): boolean {
    if (this.strategy === 'dfs') return a.depth > b.depth || (a.depth === b.depth && a.order > b.order);
    return a.depth < b.depth || (a.depth === b.depth && a.order < b.order);
  }
}
