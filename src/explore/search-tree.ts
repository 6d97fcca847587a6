/**
 * The search tree of a stateless search: a node is a prefix of choices (the path from the root),
 * kept with what the reduction needs there: the sleep set (choices that need not be taken first,
 * for what follows them was explored from an earlier prefix), and the choices tried or to try.
 * Nodes hold no state of the run: an execution replays its prefix from the start.
 */
import { dependent, isFault, type TimerModel } from './choices.js';

export class TreeNode {
  /** Choices taken or waiting to be taken here, in the order they were added. */
  readonly tried: number[] = [];
  /** Choices whose execution from here has begun, in order: the sleep sets of later siblings hold them. */
  readonly started: number[] = [];
  /** Every choice here is tried (no reduction above the split of a sharded search): races need not add any. */
  full = false;

  constructor(
    readonly parent: TreeNode | undefined,
    /** The choice taken from the parent to get here; -1 at the root. */
    readonly via: number,
    readonly depth: number,
    /** Choices that need not be taken first from here. */
    readonly sleep: readonly number[],
    /** Faults taken on the way here. */
    readonly faults: number,
  ) {}

  static root(): TreeNode {
    return new TreeNode(undefined, -1, 0, EMPTY, 0);
  }

  /**
   * The child reached by `key`. Its sleep set keeps the sleeping choices independent of `key`,
   * and, with `siblings`, the choices begun here before it: whatever begins with them was (or
   * will be) explored from here.
   */
  child(key: number, siblings: boolean, timers: TimerModel): TreeNode {
    let sleep: number[] | undefined;
    for (const asleep of this.sleep) if (!dependent(asleep, key, timers)) (sleep ??= []).push(asleep);
    if (siblings && this.started.length > 1) {
      for (const begun of this.started) if (begun !== key && !dependent(begun, key, timers) && !(sleep?.includes(begun) ?? false)) (sleep ??= []).push(begun);
    }
    return new TreeNode(this, key, this.depth + 1, sleep ?? EMPTY, this.faults + (isFault(key) ? 1 : 0));
  }

  /** The nodes from the root down to this one. */
  path(): TreeNode[] {
    const path: TreeNode[] = [];
    for (let node: TreeNode | undefined = this; node !== undefined; node = node.parent) path.push(node);
    return path.reverse();
  }

  /** The choices from the root to this node. */
  choices(): number[] {
    return this.path()
      .slice(1)
      .map((node) => node.via);
  }
}

/** An execution to run: from a node of the tree, a choice to take there (then the default order), or none (the default order from there). */
export interface Branch {
  node: TreeNode;
  key: number | undefined;
}

const EMPTY: readonly number[] = Object.freeze([]);
