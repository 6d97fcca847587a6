/**
 * The search: runs execution after execution of a scenario, each a controlled run replayed from
 * the start along a prefix of the search tree and then continued in the default order, checks
 * each with every rule `check` knows, and with the reduction (dpor.ts) runs about one execution
 * per happens-before relation. Works in slices (`step`), so a caller can show progress and stop;
 * nothing here touches files or the console.
 */
import type { CheckOptions } from '../check/checker.js';
import { CheckSink } from '../check/sink.js';
import { checkOptionsFor } from '../protocols/checking.js';
import type { Protocol } from '../protocols/protocol.js';
import type { Scenario } from '../scenario/types.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import type { TraceSink } from '../sim/record.js';
import { CRASH, isFault, NO_FAULTS, type FaultKinds, type TimerModel } from './choices.js';
import { ControlledRun } from './controlled-run.js';
import { analyseRaces, tryAt } from './dpor.js';
import { Frontier, type Strategy } from './frontier.js';
import { ExecutionLog } from './happens-before.js';
import { countInterleavings } from './interleavings.js';
import { fingerprint } from './fingerprint.js';
import { TreeNode, type Branch } from './search-tree.js';
import { shardItems } from './shard.js';

export interface ExploreOptions {
  protocol: Protocol;
  variant: string;
  seed: number;
  strategy: Strategy;
  /** Dynamic partial-order reduction; false runs every interleaving. */
  reduction: boolean;
  faults: FaultKinds;
  /** When a timer may fire; default `any` time after it is set. */
  timers?: TimerModel;
  /** Most faults in one execution. */
  maxFaults: number;
  /** Stop after this many executions (run to the end or cut by the depth). */
  maxExecutions: number;
  /** Cut an execution after this many choices. */
  maxDepth: number;
  /** This search's part of the tree: the `index`-th (from 1) of `count`. */
  shard: { index: number; count: number };
  /** Count distinct executions by their happens-before relation as well (always without reduction). */
  fingerprints?: boolean;
  /** More sinks for each execution's events, made afresh for each (tests; a step-by-step viewer). */
  sinks?: () => TraceSink[];
  /** Told of each execution at its end. */
  onExecution?: (outcome: ExecutionOutcome) => void;
  /** Set up around each execution, undone by the function it returns (the CLI's virtual globals for a protocol module). */
  around?: (run: ControlledRun) => () => void;
}

/** How an execution ended: `complete` (nothing left to happen), `cut` (at the depth limit), `blocked` (it would repeat one explored already), `error` (a node's handler failed). */
export type ExecutionStatus = 'complete' | 'cut' | 'blocked' | 'error';

export interface ExecutionOutcome {
  status: ExecutionStatus;
  /** The choices taken, as keys. */
  keys: readonly number[];
  /** Rules broken, with how often. */
  byRule: Record<string, number>;
}

/** The shortest counterexample found for one rule. */
export interface Finding {
  rule: string;
  /** Executions that break it. */
  executions: number;
  message: string;
  /** Every choice of the execution it was found in. */
  keys: number[];
  /** The violating choice's causal past (itself included), in order: the shortest way to the violation. */
  causal: number[];
  /** Choices in the causal past; -1 while none is known. */
  size: number;
}

/** Executions whose interleavings are counted for the reduction ratio: the first ones, then every 64th. */
const SAMPLED_FIRST = 4096;
const SAMPLE_EVERY = 64;

export class Explorer {
  readonly frontier: Frontier;
  readonly findings = new Map<string, Finding>();
  /** Executions run, blocked ones too. */
  runs = 0;
  /** Executions run to the end or to the depth limit: each a distinct one (with the reduction). */
  executions = 0;
  blocked = 0;
  cut = 0;
  /** Executions in which a node's handler failed. */
  errors = 0;
  /** The longest execution so far, in choices. */
  longest = 0;
  /** The search stopped at `maxExecutions` before the tree was done. */
  stoppedAtLimit = false;
  /** Distinct executions by fingerprint, when counted. */
  readonly distinct: Set<number> | undefined;
  /** Interleavings counted on the sampled executions, and how many were sampled. */
  interleavingsCounted = 0;
  sampled = 0;
  private completed = 0;
  private readonly log: ExecutionLog;
  private readonly timers: TimerModel;
  private readonly timerNames = new Map<string, number>();
  private readonly checkOptions: CheckOptions;
  private readonly keys: number[] = [];
  private readonly alternatives: number[] = [];
  private readonly queueBranch = (node: TreeNode, key: number) => this.frontier.add({ node, key });

  constructor(
    readonly scenario: Scenario,
    readonly options: ExploreOptions,
  ) {
    this.frontier = new Frontier(options.strategy, options.seed);
    this.timers = options.timers ?? 'any';
    this.log = new ExecutionLog(scenario.nodes.length, this.timers);
    // The checker keeps completed messages for copies delivered later: only duplication makes copies.
    // A small window keeps its table (allocated for each execution) small.
    this.checkOptions = { ...checkOptionsFor(options.protocol), duplicateWindowMessages: options.faults.duplicate && options.maxFaults > 0 ? 1024 : 1 };
    this.distinct = options.fingerprints || !options.reduction ? new Set() : undefined;
    const root = TreeNode.root();
    const { index, count } = options.shard;
    if (count === 1) {
      this.frontier.add({ node: root, key: undefined });
    } else {
      const faults = this.faultKinds();
      const items = shardItems(root, count, options.reduction, options.maxFaults, options.maxDepth, this.timers, (node) => this.expand(node, faults));
      items.forEach((node, k) => {
        if (k % count === index - 1) this.frontier.add({ node, key: undefined });
      });
    }
  }

  /** Whether nothing is left to run (or the execution limit was reached). */
  get done(): boolean {
    return this.frontier.size === 0 || this.stoppedAtLimit;
  }

  /** Whether every execution (of this shard) was run to its end: no limit stopped the search. */
  get complete(): boolean {
    return this.frontier.size === 0 && !this.stoppedAtLimit && this.cut === 0;
  }

  /** Interleavings the executions so far stand for (estimated from the sampled ones unless all were). */
  get interleavings(): number {
    if (!this.options.reduction) return this.executions;
    if (this.sampled === 0) return this.executions;
    if (this.sampled === this.completed) return this.interleavingsCounted + this.cut;
    return (this.interleavingsCounted / this.sampled) * this.completed + this.cut;
  }

  /**
   * Runs up to `budget` executions.
   * @returns true when the search is done.
   * @throws ReplayError when a replay goes another way than the run it replays.
   */
  step(budget: number): boolean {
    for (let k = 0; k < budget; k++) {
      if (this.executions >= this.options.maxExecutions && this.frontier.size > 0) this.stoppedAtLimit = true;
      if (this.done) return true;
      this.runBranch(this.frontier.take()!);
    }
    return this.done;
  }

  private faultKinds(): FaultKinds {
    return this.options.maxFaults > 0 ? this.options.faults : NO_FAULTS;
  }

  /** The choices at a node of the tree, for a sharded search's split: the enabled ones, then the faults the budget allows. */
  private expand(node: TreeNode, faults: FaultKinds): { enabled: number[]; faults: number[] } {
    const run = this.newRun([]);
    const restore = this.options.around?.(run);
    try {
      for (const key of node.choices()) run.take(key);
      return { enabled: [...run.enabled()], faults: node.faults < this.options.maxFaults ? [...run.faults(faults)] : [] };
    } finally {
      restore?.();
    }
  }

  /** Whether `key` can be taken in the run's state now. */
  private enabledAt(run: ControlledRun, key: number, faults: FaultKinds): boolean {
    if (run.enabled(this.keys).includes(key)) return true;
    return isFault(key) && run.faults(faults, this.alternatives).includes(key);
  }

  private newRun(sinks: TraceSink[]): ControlledRun {
    const { protocol, variant, seed } = this.options;
    return new ControlledRun(this.scenario, { protocol, variant, seed, vectorClocks: false, sinks, timerNames: this.timerNames, timers: this.timers });
  }

  private runBranch(branch: Branch): void {
    const options = this.options;
    this.runs++;
    const check = new CheckSink(this.scenario.nodes, this.checkOptions);
    const extra = options.sinks?.() ?? [];
    const run = this.newRun(extra.length === 0 ? [check] : [check, ...extra]);
    const log = this.log;
    log.reset();
    const path = branch.node.path();
    const faults = this.faultKinds();
    const withFaults = faults.loss || faults.duplicate || faults.crash;
    const keys = this.keys;
    const alternatives = this.alternatives;
    let status: ExecutionStatus = 'complete';
    let failure: NodeHandlerError | undefined;
    let node = branch.node;
    let key = branch.key;
    const from = path.length - 1;
    const restore = options.around?.(run);
    try {
      run.start();
      for (let k = 1; k < path.length; k++) {
        const via = path[k].via;
        log.add(via, run.take(via));
      }
      if (key !== undefined && !this.enabledAt(run, key, faults)) {
        // A race reversal that cannot happen (a late timer before the message that kept it from
        // firing was delivered): nothing to run.
        this.runs--;
        return;
      }
      for (;;) {
        if (key === undefined) {
          run.enabled(keys);
          if (keys.length === 0) {
            // Nothing is left to happen; a fault still may (a crash at the end).
            if (!options.reduction && withFaults && node.faults < options.maxFaults) for (const fault of run.faults(faults, alternatives)) tryAt(node, fault, this.queueBranch);
            break;
          }
          if (node.depth >= options.maxDepth) {
            status = 'cut';
            break;
          }
          key = firstAwake(keys, node.sleep);
          if (key === undefined) {
            // Whatever must happen next is asleep (explored from an earlier prefix), but a fault
            // here is not: faults are tried before the events they would precede, and these will
            // not be taken here.
            if (options.reduction && withFaults && !node.full && node.faults < options.maxFaults) for (const fault of run.faults(faults, alternatives)) tryAt(node, fault, this.queueBranch);
            status = 'blocked';
            break;
          }
          node.tried.push(key);
          if (!options.reduction) {
            for (const other of keys) if (other !== key) tryAt(node, other, this.queueBranch);
            if (withFaults && node.faults < options.maxFaults) for (const fault of run.faults(faults, alternatives)) tryAt(node, fault, this.queueBranch);
          }
        }
        node.started.push(key);
        if (options.reduction && withFaults && !node.full && node.faults < options.maxFaults) {
          for (const fault of run.alternatives(key, faults, alternatives)) tryAt(node, fault, this.queueBranch);
        }
        const child = node.child(key, options.reduction, this.timers);
        try {
          log.add(key, run.take(key));
        } catch (error) {
          if (!(error instanceof NodeHandlerError)) throw error;
          log.add(key, run.lastPred);
          status = 'error';
          failure = error;
          break;
        }
        // A timer the choice cancelled could have fired before it: a race the events do not show.
        if (options.reduction && !node.full) for (const disabled of run.disabled) tryAt(node, disabled, this.queueBranch);
        path.push(child);
        node = child;
        key = undefined;
      }
      if (status === 'complete' && options.reduction && faults.crash && !node.full && node.faults < options.maxFaults) {
        for (const fault of run.faults({ ...NO_FAULTS, crash: true }, alternatives)) if (fault % 8 === CRASH) tryAt(node, fault, this.queueBranch);
      }
    } finally {
      restore?.();
    }
    if (options.reduction) analyseRaces(log, path, from, this.queueBranch);
    this.finish(run, check, status, failure);
  }

  private finish(run: ControlledRun, check: CheckSink, status: ExecutionStatus, failure: NodeHandlerError | undefined): void {
    const log = this.log;
    const result = check.finish({ interrupted: status !== 'complete' });
    const byRule: Record<string, number> = {};
    for (const [rule, count] of Object.entries(result.byRule ?? {})) if (count > 0) byRule[rule] = count;
    if (failure !== undefined) byRule['handler-error'] = 1;
    this.options.onExecution?.({ status, keys: log.keyList(), byRule });
    if (status === 'blocked') {
      this.blocked++;
      return;
    }
    this.executions++;
    if (log.length > this.longest) this.longest = log.length;
    if (status === 'cut') this.cut++;
    if (status === 'error') this.errors++;
    if (status === 'complete') {
      this.completed++;
      if (this.options.reduction && (this.completed <= SAMPLED_FIRST || this.completed % SAMPLE_EVERY === 0)) {
        const count = countInterleavings(log);
        if (count !== undefined) {
          this.interleavingsCounted += count;
          this.sampled++;
        }
      }
    }
    if (this.distinct !== undefined) this.distinct.add(fingerprint(log));
    for (const rule of Object.keys(byRule)) {
      let position: number;
      let message: string;
      if (rule === 'handler-error') {
        position = log.length - 1;
        message = failure!.message;
      } else {
        const violation = result.violations.find((candidate) => candidate.rule === rule);
        const at = violation === undefined ? -1 : Math.max(...violation.events.map((event) => event.i));
        position = at < 0 ? log.length - 1 : positionOfEvent(run.eventsBefore, at);
        message = violation?.message ?? `${rule} is broken`;
      }
      this.record(rule, message, position);
    }
  }

  /** Counts an execution that breaks `rule` at the choice `position` (-1: while the nodes started), keeping the shortest. */
  private record(rule: string, message: string, position: number): void {
    const log = this.log;
    const size = position < 0 ? 0 : log.causalPastSize(position);
    let finding = this.findings.get(rule);
    if (finding === undefined) {
      finding = { rule, executions: 0, message, keys: [], causal: [], size: -1 };
      this.findings.set(rule, finding);
    }
    finding.executions++;
    if (finding.size >= 0 && finding.size <= size) return;
    finding.size = size;
    finding.message = message;
    finding.keys = log.keyList();
    finding.causal = position < 0 ? [] : log.causalPast(position).map((k) => log.keys[k]);
  }
}

/** The first of `keys` not in `sleep`, or undefined when all sleep. */
function firstAwake(keys: readonly number[], sleep: readonly number[]): number | undefined {
  if (sleep.length === 0) return keys[0];
  for (const key of keys) if (!sleep.includes(key)) return key;
  return undefined;
}

/** The choice during which trace event `event` was recorded, or -1 for one recorded as the nodes started. */
export function positionOfEvent(eventsBefore: readonly number[], event: number): number {
  let low = 0;
  let high = eventsBefore.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (eventsBefore[middle] <= event) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
