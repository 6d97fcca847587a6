/**
 * A controlled run: the world of a scenario, run one choice at a time. The virtual delays decide
 * nothing here: at each point, whatever is enabled may happen next (the delivery of any message
 * in flight, the firing of any timer set, the next scenario step, the restart of a node a fault
 * crashed, and the faults a search allows), and the caller picks. A `schedule:` is replayed with
 * it, and `explore` runs every execution with it. Virtual time advances 1 ms per choice (a step
 * no earlier than its `at`), so a trace's times say in which order things happened, not how long
 * they took. docs/explore.md describes the model.
 */
import type { Protocol } from '../protocols/protocol.js';
import { describeStep, queueSteps, stepNode } from '../scenario/steps.js';
import type { Scenario, ScheduleEntry } from '../scenario/types.js';
import type { NetworkConfig } from '../sim/network.js';
import type { TraceSink } from '../sim/record.js';
import { World } from '../sim/world.js';
import { ChoiceQueue, type InFlight } from './choice-queue.js';
import { CHOICE_LIMITS, choiceNode, CRASH, DELIVER, DUPLICATE, LOSE, nodeFaultKey, RESTART, STEP, stepIndex, TIMER, type FaultKinds, type TimerModel } from './choices.js';
import { ScheduleError } from './schedule-error.js';

/**
 * A choice that should be enabled is not: a replay went another way than the run it replays,
 * which happens only when a node does not act on what it is told alone (it reads real time or
 * unseeded randomness, or keeps state outside its node object and `ctx.durable`).
 */
export class ReplayError extends Error {
  constructor(detail: string) {
    super(`a replay did not go the way the run it replays went (${detail}): the protocol's nodes must act only on what their context tells them`);
    this.name = 'ReplayError';
  }
}

export interface ControlledRunOptions {
  protocol: Protocol;
  /** The variant in force. */
  variant: string;
  seed: number;
  /** Compute vector clocks; default true. */
  vectorClocks?: boolean;
  sinks: TraceSink[];
  /** Timer names by number, shared by the runs of one search so that keys agree; default the run's own. */
  timerNames?: Map<string, number>;
  /** When a timer may fire (choices.ts); default `any` time after it is set. */
  timers?: TimerModel;
}

/** Virtual time between two choices, µs. */
const CHOICE_US = 1000;

/** A network without random faults (a controlled run's losses and duplicates are choices) or delays (which decide nothing). */
function withoutRandomFaults(): NetworkConfig {
  return { delay: { kind: 'fixed', ms: 1 }, loss: 0, duplicate: 0, links: [] };
}

export class ControlledRun {
  readonly world: World;
  readonly nodeNames: readonly string[];
  /** Choices taken so far. */
  position = 0;
  /** The enabling choice of the choice taken last (set before its handler runs, so known when it fails). */
  lastPred = -1;
  /** The timers the choice taken last cancelled, replaced or killed (by a crash): it disabled their firing. */
  readonly disabled: number[] = [];
  /** Per choice taken: the number of trace events recorded before it. */
  readonly eventsBefore: number[] = [];
  private readonly queue: ChoiceQueue;
  /** Per node: the position of the fault crash it has not restarted from, or -1. */
  private readonly faultCrashedAt: Int32Array;
  private started = false;
  private scheduleIndex = 0;
  private readonly scratch: number[] = [];
  private readonly lateTimers: boolean;

  constructor(
    readonly scenario: Scenario,
    options: ControlledRunOptions,
  ) {
    const nodeCount = scenario.nodes.length;
    if (nodeCount > CHOICE_LIMITS.nodes) throw new Error(`a controlled run takes at most ${CHOICE_LIMITS.nodes} nodes, not ${nodeCount}`);
    if (scenario.steps.length > CHOICE_LIMITS.steps) throw new Error(`a controlled run takes at most ${CHOICE_LIMITS.steps} steps, not ${scenario.steps.length}`);
    this.nodeNames = scenario.nodes;
    const stepNodes = scenario.steps.map((step) => {
      const name = stepNode(step);
      return name === undefined ? -1 : scenario.nodes.indexOf(name);
    });
    this.queue = new ChoiceQueue(nodeCount, stepNodes, options.timerNames ?? new Map());
    this.world = new World({
      seed: options.seed,
      network: withoutRandomFaults(),
      nodeNames: scenario.nodes,
      protocol: options.protocol,
      variant: options.variant,
      options: options.protocol.options?.(scenario) ?? scenario.options,
      vectorClocks: options.vectorClocks ?? true,
      sinks: options.sinks,
      queue: this.queue,
    });
    queueSteps(this.world, scenario.steps); // the steps wait on the scheduler, which the run drives
    this.faultCrashedAt = new Int32Array(nodeCount).fill(-1);
    this.lateTimers = options.timers === 'late';
  }

  /** Starts the nodes (their `onStart`, at time 0); the first choice comes after. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.queue.position = -1;
    this.world.start();
  }

  /** Virtual time now, ms. */
  get nowMs(): number {
    return this.queue.nowUs / 1000;
  }

  /**
   * The choices enabled now that are not faults, in the default order: messages in the order
   * they were sent, then restarts of crashed nodes, then the next step, then timers in the order
   * they were set (late timers only when no message is in flight). Fills and returns `into`.
   */
  enabled(into: number[] = []): number[] {
    this.start();
    into.length = 0;
    const queue = this.queue;
    for (const message of queue.messages) into.push(message.key);
    const crashedAt = this.faultCrashedAt;
    for (let node = 0; node < crashedAt.length; node++) {
      if (crashedAt[node] >= 0) {
        if (this.world.isDown(node)) into.push(nodeFaultKey(node, RESTART));
        else crashedAt[node] = -1;
      }
    }
    const step = queue.stepChoice();
    if (step >= 0) into.push(step);
    this.pruneTimers();
    if (!this.lateTimers || queue.messages.length === 0) for (const armed of queue.timers) into.push(armed.key);
    return into;
  }

  /**
   * The faults among `kinds` that could happen instead of the enabled choice `key`: losing or
   * duplicating its message, crashing the node it is an event of (every node that is up, for a
   * change of the network). Fills and returns `into`.
   */
  alternatives(key: number, kinds: FaultKinds, into: number[] = []): number[] {
    into.length = 0;
    const code = key % 8;
    const world = this.world;
    if (code === DELIVER && (kinds.loss || kinds.duplicate)) {
      const message = this.queue.messages.find((candidate) => candidate.key === key);
      if (message !== undefined && message.envelope.dropped === undefined && !world.isDown(message.envelope.toIndex)) {
        if (kinds.loss) into.push(key + LOSE);
        if (kinds.duplicate && message.copy + 1 < CHOICE_LIMITS.copies) into.push(key + DUPLICATE);
      }
    }
    if (kinds.crash && code !== CRASH && code !== RESTART) {
      const node = choiceNode(key);
      if (node >= 0) {
        if (!world.isDown(node)) into.push(nodeFaultKey(node, CRASH));
      } else {
        for (let other = 0; other < this.nodeNames.length; other++) if (!world.isDown(other)) into.push(nodeFaultKey(other, CRASH));
      }
    }
    return into;
  }

  /** The faults enabled now among `kinds`: losing or duplicating a message in flight, crashing a node that is up. Fills and returns `into`. */
  faults(kinds: FaultKinds, into: number[] = []): number[] {
    this.start();
    into.length = 0;
    const world = this.world;
    if (kinds.loss || kinds.duplicate) {
      for (const message of this.queue.messages) {
        if (message.envelope.dropped !== undefined || world.isDown(message.envelope.toIndex)) continue;
        if (kinds.loss) into.push(message.key + LOSE);
        if (kinds.duplicate && message.copy + 1 < CHOICE_LIMITS.copies) into.push(message.key + DUPLICATE);
      }
    }
    if (kinds.crash) {
      for (let node = 0; node < this.nodeNames.length; node++) if (!world.isDown(node)) into.push(nodeFaultKey(node, CRASH));
    }
    return into;
  }

  /**
   * Takes a choice that is enabled now.
   * @returns the position of the choice that enabled it (the send of a message, the setting of a
   *   timer, the step before, the crash before a restart), or -1 when none did.
   * @throws NodeHandlerError when a node's handler fails.
   */
  take(key: number): number {
    this.start();
    const queue = this.queue;
    const world = this.world;
    const position = this.position++;
    this.eventsBefore.push(world.eventCount);
    const code = key % 8;
    let pred = -1;
    queue.position = position;
    if (this.disabled.length > 0) this.disabled.length = 0;
    const armedBefore = this.pruneTimers();
    const timersEnabledBefore = !this.lateTimers || queue.messages.length === 0;
    if (code === CRASH || code === RESTART) {
      const down = this.world.isDown(choiceNode(key));
      if (code === CRASH ? down : !down || this.faultCrashedAt[choiceNode(key)] < 0) throw new ReplayError(`choice ${key}: node ${this.nodeNames[choiceNode(key)]} cannot ${code === CRASH ? 'crash' : 'restart'} here`);
    }
    if (code <= DUPLICATE) {
      const message = this.takeMessage(key - code);
      pred = this.lastPred = message.pred;
      queue.nowUs += CHOICE_US;
      const envelope = message.envelope;
      if (code === LOSE) {
        envelope.dropped = 'loss';
      } else if (code === DUPLICATE) {
        queue.expectCopyOf(message);
        world.duplicate(envelope);
      }
      envelope.fire();
    } else if (code === TIMER) {
      const timers = queue.timers;
      const index = timers.findIndex((armed) => armed.key === key && armed.timer.live);
      if (index < 0) throw new ReplayError(`choice ${key}: no such timer set`);
      const armed = timers[index];
      timers.splice(index, 1);
      pred = this.lastPred = armed.pred;
      queue.nowUs += CHOICE_US;
      armed.timer.fire();
    } else if (code === STEP) {
      const step = queue.step;
      if (step === undefined || step.nextStep !== stepIndex(key)) throw new ReplayError(`choice ${key}: not the next step`);
      pred = this.lastPred = queue.lastStepPosition;
      queue.lastStepPosition = position;
      queue.step = undefined;
      queue.nowUs = Math.max(queue.nowUs + CHOICE_US, queue.stepAtUs);
      step.fire();
    } else {
      const node = choiceNode(key);
      queue.nowUs += CHOICE_US;
      if (code === CRASH) {
        this.lastPred = -1;
        this.faultCrashedAt[node] = position;
        world.crash(node);
      } else {
        pred = this.lastPred = this.faultCrashedAt[node];
        this.faultCrashedAt[node] = -1;
        world.restart(node);
      }
    }
    // Timers enabled before and cancelled, replaced or killed by this choice (or, late ones, kept
    // from firing by the message it sent) could have fired first.
    if (timersEnabledBefore) {
      const timers = queue.timers;
      const silenced = this.lateTimers && queue.messages.length > 0;
      for (let k = 0; k < timers.length && k < armedBefore; k++) if (silenced || !timers[k].timer.live) this.disabled.push(timers[k].key);
    }
    return pred;
  }

  /** Drops the timers cancelled, replaced or killed since they were set; returns how many are left. */
  private pruneTimers(): number {
    const timers = this.queue.timers;
    let kept = 0;
    for (let k = 0; k < timers.length; k++) if (timers[k].timer.live) timers[kept++] = timers[k];
    if (kept < timers.length) timers.length = kept;
    return kept;
  }

  private takeMessage(deliverKey: number): InFlight {
    const messages = this.queue.messages;
    for (let k = 0; k < messages.length; k++) {
      if (messages[k].key === deliverKey) {
        const message = messages[k];
        messages.splice(k, 1);
        return message;
      }
    }
    throw new ReplayError(`choice ${deliverKey}: no such message in flight`);
  }

  /** The schedule entry that names an enabled choice, with a note saying what it is. */
  entry(key: number): ScheduleEntry {
    const code = key % 8;
    const names = this.nodeNames;
    if (code <= DUPLICATE) {
      const message = this.queue.messages.find((candidate) => candidate.key === key - code)!;
      const envelope = message.envelope;
      const kind = code === DELIVER ? 'deliver' : code === LOSE ? 'lose' : 'duplicate';
      return { kind, message: envelope.id, note: `${envelope.type} ${envelope.from} -> ${envelope.to}${message.copy > 0 ? ' (a copy)' : ''}` };
    }
    if (code === TIMER) {
      const armed = this.queue.timers.find((candidate) => candidate.key === key)!;
      return { kind: 'timer', node: names[armed.timer.node], name: armed.timer.name };
    }
    if (code === STEP) {
      const index = stepIndex(key);
      return { kind: 'step', step: index, note: describeStep(this.scenario.steps[index]) };
    }
    return { kind: code === CRASH ? 'crash' : 'restart', node: names[choiceNode(key)] };
  }

  /** The key of the choice a schedule entry names, or why it names none enabled now. */
  resolve(entry: ScheduleEntry): number | string {
    this.start();
    const queue = this.queue;
    switch (entry.kind) {
      case 'deliver':
      case 'lose':
      case 'duplicate': {
        const message = queue.messages.find((candidate) => candidate.envelope.id === entry.message);
        if (message === undefined) return `message ${entry.message} is not in flight here; ${this.inFlight()}`;
        const envelope = message.envelope;
        if (entry.kind !== 'deliver' && envelope.dropped !== undefined) return `message ${entry.message} is lost to a partition already: it can only be delivered (as a drop)`;
        if (entry.kind !== 'deliver' && this.world.isDown(envelope.toIndex)) return `${envelope.to} is down, so message ${entry.message} can only be delivered (as a drop)`;
        return message.key + (entry.kind === 'deliver' ? DELIVER : entry.kind === 'lose' ? LOSE : DUPLICATE);
      }
      case 'timer': {
        const node = this.world.indexOf(entry.node);
        this.enabled(this.scratch); // drops the timers cancelled meanwhile
        const set = queue.timers.filter((armed) => armed.timer.node === node);
        const armed = set.find((candidate) => candidate.timer.name === entry.name);
        if (armed !== undefined) return armed.key;
        const names = set.map((candidate) => JSON.stringify(candidate.timer.name));
        return `${entry.node} has no timer ${JSON.stringify(entry.name)} set here; ${names.length === 0 ? 'it has none' : `it has ${names.join(', ')}`}`;
      }
      case 'step': {
        const waiting = queue.step;
        if (waiting === undefined) return `step ${entry.step} cannot happen here: every step has happened`;
        if (waiting.nextStep !== entry.step) return `step ${entry.step} is not next: the next is step ${waiting.nextStep} (steps keep their order)`;
        return queue.stepChoice();
      }
      case 'crash': {
        const node = this.world.indexOf(entry.node);
        return this.world.isDown(node) ? `${entry.node} is down already` : nodeFaultKey(node, CRASH);
      }
      case 'restart': {
        const node = this.world.indexOf(entry.node);
        return this.faultCrashedAt[node] >= 0 && this.world.isDown(node) ? nodeFaultKey(node, RESTART) : `${entry.node} was not crashed by a crash: entry, so it cannot restart here`;
      }
    }
  }

  private inFlight(): string {
    const messages = this.queue.messages;
    if (messages.length === 0) return 'no message is';
    const listed = messages.slice(0, 8).map(({ envelope }) => `${envelope.id} (${envelope.type} ${envelope.from} -> ${envelope.to})`);
    return `in flight: ${listed.join(', ')}${messages.length > listed.length ? `, and ${messages.length - listed.length} more` : ''}`;
  }

  /** Whether {@link run} stopped at its time limit with choices still enabled: the run is not over. */
  stoppedAtUntil = false;

  /**
   * Replays `schedule`, then takes the first enabled choice in the default order until none is
   * left, virtual time passes `untilUs`, or `shouldPause()` (asked every 4,096 choices) says so.
   * @returns true when the run is complete.
   * @throws ScheduleError when an entry names an event that cannot happen at its point.
   */
  run(schedule: readonly ScheduleEntry[], shouldPause?: () => boolean, untilUs = Number.POSITIVE_INFINITY): boolean {
    this.stoppedAtUntil = false;
    this.start();
    const keys = this.scratch;
    for (let taken = 0; ; taken++) {
      if (shouldPause !== undefined && taken > 0 && (taken & 4095) === 0 && shouldPause()) return false;
      let key: number;
      if (this.scheduleIndex < schedule.length) {
        const entry = schedule[this.scheduleIndex];
        const resolved = this.resolve(entry);
        if (typeof resolved === 'string') throw new ScheduleError(this.scheduleIndex, entry, resolved);
        this.scheduleIndex++;
        key = resolved;
      } else {
        this.enabled(keys);
        if (keys.length === 0) return true;
        key = keys[0];
      }
      const nextUs = key % 8 === STEP ? Math.max(this.queue.nowUs + CHOICE_US, this.queue.stepAtUs) : this.queue.nowUs + CHOICE_US;
      if (nextUs > untilUs) {
        this.stoppedAtUntil = true;
        return true;
      }
      this.take(key);
    }
  }
}
