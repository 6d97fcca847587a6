/**
 * Dynamic partial-order reduction: source-DPOR with sleep sets (Abdulla, Aronis, Jonsson and
 * Sagonas, "Optimal Dynamic Partial Order Reduction", POPL 2014, Algorithm 1). After each
 * execution, every event that is in a reversible race with the event before it on its node (the
 * two could happen the other way round) makes sure the prefix before the earlier one tries a
 * choice that starts the reversed order; sleep sets keep two executions that differ only in the
 * order of independent events from both being run to the end. Faults are choices too: where a
 * message is delivered, losing or duplicating it is tried; before each event of a node, and at
 * the end, crashing it is.
 */
import type { ExecutionLog } from './happens-before.js';
import type { TreeNode } from './search-tree.js';

/** Adds `key` to try at `node` (unless tried there already or asleep). */
export function tryAt(node: TreeNode, key: number, queue: (node: TreeNode, key: number) => void): void {
  if (node.tried.includes(key)) return;
  node.tried.push(key);
  if (!node.sleep.includes(key)) queue(node, key);
}

/**
 * The race analysis of one execution, for its events from `from` on (those before were analysed
 * when first run).
 * @param path - the tree's node at each position of the execution (`path[k]` is the prefix of length k).
 * @param queue - runs a new branch later.
 */
export function analyseRaces(log: ExecutionLog, path: readonly TreeNode[], from: number, queue: (node: TreeNode, key: number) => void): void {
  const v: number[] = [];
  for (let j = from; j < log.length; j++) {
    const pred = log.preds[j];
    for (const i of log.before(j)) {
      // Not a race when the later event needs the earlier one (or what follows it) to be enabled.
      if (i === pred || (pred >= 0 && log.happensBefore(i, pred))) continue;
      const node = path[i];
      if (node.full) continue;
      // v: what happens after i and does not need it, then j; reversing the race runs v first.
      v.length = 0;
      for (let k = i + 1; k < j; k++) if (!log.happensBefore(i, k)) v.push(k);
      v.push(j);
      if (startsWithTried(log, v, node.tried)) continue;
      tryAt(node, log.keys[v[0]], queue);
    }
  }
}

/** Whether a choice tried at the prefix is an initial of `v`: the first event of some reordering of `v`. */
function startsWithTried(log: ExecutionLog, v: readonly number[], tried: readonly number[]): boolean {
  for (const key of tried) {
    for (let x = 0; x < v.length; x++) {
      if (log.keys[v[x]] !== key) continue;
      let initial = true;
      for (let y = 0; y < x && initial; y++) if (log.happensBefore(v[y], v[x])) initial = false;
      if (initial) return true;
      break;
    }
  }
  return false;
}
