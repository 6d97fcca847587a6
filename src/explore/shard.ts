/**
 * Splitting the search among machines (`--shard I/N`). Every shard expands the top of the tree
 * the same way, taking every choice there (the reduction's races are not needed where every
 * choice is taken; sleep sets still keep equivalent executions from being run twice), breadth
 * first, until there are enough subtrees to share out; shard I then runs subtrees I, I+N, I+2N,
 * ... with the reduction below. Together the shards run what one search would, each about once.
 */
import type { TimerModel } from './choices.js';
import type { TreeNode } from './search-tree.js';

/** Subtrees per shard the split aims for, so that uneven subtrees even out. */
const SUBTREES_PER_SHARD = 8;
/** Most levels expanded. */
const MAX_LEVELS = 64;

/**
 * The subtrees to share out, in a fixed order: each a node of the tree to run from. A node with
 * nothing enabled (an execution that ends there) is one too.
 * @param expand - the choices enabled at a node (replaying its prefix), and the faults allowed there.
 */
export function shardItems(
  root: TreeNode,
  count: number,
  reduction: boolean,
  maxFaults: number,
  maxDepth: number,
  timers: TimerModel,
  expand: (node: TreeNode) => { enabled: number[]; faults: number[] },
): TreeNode[] {
  let items: TreeNode[] = [root];
  for (let level = 0; level < MAX_LEVELS && items.length < count * SUBTREES_PER_SHARD; level++) {
    const next: TreeNode[] = [];
    let expanded = false;
    for (const node of items) {
      if (node.full || node.depth >= maxDepth) {
        next.push(node);
        continue;
      }
      const { enabled, faults } = expand(node);
      node.full = true;
      expanded = true;
      // An execution may end here: the node stays, for that execution (its faults are extra ones).
      if (enabled.length === 0) next.push(node);
      for (const key of [...enabled, ...(node.faults < maxFaults ? faults : [])]) {
        if (reduction && node.sleep.includes(key)) continue;
        node.tried.push(key);
        node.started.push(key);
        next.push(node.child(key, reduction, timers));
      }
    }
    items = next;
    if (!expanded) break;
  }
  return items;
}
