/**
 * `mutual-exclusion`: two regions of an exclusive name (local events marked `{ enter: NAME }` and
 * `{ exit: NAME }`) on different nodes must be ordered by happens-before: the exit of one before the
 * enter of the other. Judged at each enter from vector clocks (the trace's, or computed): the
 * region entered last must see the exit of the latest region of every other node. A region still
 * open at a crash ends there.
 */
import type { CheckedEvent, RuleChecker, RuleContext, RuleSet } from './rule-set.js';
import type { EventRef } from './types.js';

/** A node's latest region of one name. */
interface Region {
  enter: EventRef;
  /** The exit (or crash) that closed it, or undefined while it is open. */
  exit: EventRef | undefined;
  /** The node's own vector entry at the exit: a later event saw the exit iff its entry for this node is at least this. */
  exitCount: number;
}

export const MUTUAL_EXCLUSION_RULES = {
  'mutual-exclusion': 'Two regions of an exclusive name on different nodes are ordered by happens-before: one exits before the other enters.',
} as const;

class MutualExclusionChecker implements RuleChecker {
  /** By region name, by node index: the node's latest region. */
  private readonly latest = new Map<string, (Region | undefined)[]>();
  /** Regions open per node, by name: to close them at a crash. */
  private readonly open: Map<string, Region>[] = [];
  private regions = 0;

  constructor(
    private readonly context: RuleContext,
    private readonly exclusive: ReadonlySet<string>,
  ) {}

  event(event: CheckedEvent): void {
    const node = event.node;
    if (event.kind === 'crash') {
      for (const region of this.open[node]?.values() ?? []) this.close(region, event);
      this.open[node]?.clear();
      return;
    }
    const mark = event.mark;
    if (mark === undefined || event.kind !== 'local') return;
    const name = mark.enter ?? mark.exit!;
    if (!this.exclusive.has(name)) return;
    const open = (this.open[node] ??= new Map());
    if (mark.exit !== undefined) {
      const region = open.get(name);
      if (region !== undefined) {
        this.close(region, event);
        open.delete(name);
      }
      return;
    }
    this.regions++;
    const enter = this.ref(event);
    const byNode = this.latest.get(name) ?? [];
    this.latest.set(name, byNode);
    const vc = event.vc;
    for (let other = 0; other < byNode.length; other++) {
      const region = byNode[other];
      if (other === node || region === undefined) continue;
      const ordered = region.exit !== undefined && vc !== undefined && (other < vc.length ? vc[other] : 0) >= region.exitCount;
      if (ordered || vc === undefined || !this.context.log.wants('mutual-exclusion')) continue;
      const names = this.context.names;
      const events = region.exit === undefined ? [region.enter, enter] : [region.enter, region.exit, enter];
      const why =
        region.exit === undefined
          ? `while ${names[other]} is still in it (entered at event ${region.enter.i})`
          : `although ${names[other]}'s exit at event ${region.exit.i} did not happen before it (the two are concurrent)`;
      this.context.log.add('mutual-exclusion', events, `${names[node]} enters "${name}" at event ${event.i} ${why}: no two nodes may hold "${name}" at once.`);
    }
    const region: Region = { enter, exit: undefined, exitCount: 0 };
    byNode[node] = region;
    open.set(name, region);
  }

  private close(region: Region, event: CheckedEvent): void {
    region.exit = this.ref(event);
    const vc = event.vc;
    region.exitCount = vc === undefined ? Number.POSITIVE_INFINITY : vc[event.node];
  }

  private ref(event: CheckedEvent): EventRef {
    return { i: event.i, node: this.context.names[event.node], lamport: event.lamport };
  }

  finish(): void {}

  stats(): Record<string, number> {
    return { regions: this.regions };
  }
}

/** The `mutual-exclusion` rule for regions of these names. */
export function mutualExclusionRules(exclusive: readonly string[]): RuleSet {
  const names = new Set(exclusive);
  return { rules: MUTUAL_EXCLUSION_RULES, needsVectorClocks: true, create: (context) => new MutualExclusionChecker(context, names) };
}
