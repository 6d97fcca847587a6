/**
 * Builds a world from a scenario (the server, the participants, their clock mode, the steps and
 * faults) and runs it. The run can pause and resume, so a caller can drain output buffers or stop
 * on Ctrl-C.
 */
import { clockMode, type ClockMode } from '../nodes/clock-modes.js';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '../nodes/messages.js';
import { Participant } from '../nodes/participant.js';
import { Server } from '../nodes/server.js';
import type { TraceSink } from '../sim/record.js';
import type { ScheduledEntry } from '../sim/scheduler.js';
import { World } from '../sim/world.js';
import type { WallClock } from '../trace/log.js';
import { hasFaults, nodeNamesOf, SERVER_NAME, type Scenario, type Step } from './types.js';

/** How to run a scenario. */
export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's clock mode. */
  clock?: string;
  /** Compute vector clocks; default true. */
  vectorClocks?: boolean;
  /** Receivers of every event, in order. */
  sinks: TraceSink[];
  /** Stop at this virtual time, ms (what is due later never happens); default: run until nothing is left. */
  untilMs?: number;
}

/** A scenario set up to run. */
export class Simulation {
  readonly world: World;
  readonly seed: number;
  readonly mode: ClockMode;
  readonly nodeNames: readonly string[];
  /** Timeouts and retries in force. */
  readonly calls: CallPolicy;
  private finished = false;
  private readonly untilUs: number;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions,
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.untilUs = options.untilMs === undefined ? Number.POSITIVE_INFINITY : Math.round(options.untilMs * 1000);
    const modeName = options.clock ?? scenario.clock;
    const mode = clockMode(modeName);
    if (mode === undefined) throw new Error(`unknown clock mode ${modeName}`);
    this.mode = mode;
    this.nodeNames = nodeNamesOf(scenario);
    // Without faults no call can fail, so no timers are set: they would only cost time.
    this.calls = { ...DEFAULT_CALL_POLICY, ...scenario.timeouts, enabled: scenario.timeouts !== undefined || hasFaults(scenario) };
    const world = new World({
      seed: this.seed,
      network: scenario.network,
      nodeNames: this.nodeNames,
      vectorClocks: options.vectorClocks ?? true,
      sinks: options.sinks,
    });
    this.world = world;
    new Server((node) => world.attach(SERVER_NAME, node), mode, this.calls);
    const participants = new Map<string, Participant>();
    for (const name of this.nodeNames.slice(1)) {
      participants.set(name, new Participant((node) => world.attach(name, node), mode, this.calls));
    }
    new StepCursor(world, scenario.steps.map((step) => this.action(step, participants)), scenario.steps.map((step) => Math.round(step.atMs * 1000)));
  }

  private action(step: Step, participants: Map<string, Participant>): () => void {
    const world = this.world;
    switch (step.kind) {
      case 'join':
      case 'leave': {
        const participant = participants.get(step.participant)!;
        const command = { kind: step.kind };
        return () => participant.command(command);
      }
      case 'publish': {
        const participant = participants.get(step.participant)!;
        const command = { kind: 'publish' as const, text: step.text };
        return () => participant.command(command);
      }
      case 'crash':
        return () => world.crash(world.indexOf(step.node));
      case 'restart':
        return () => world.restart(world.indexOf(step.node));
      case 'partition': {
        const groups = step.groups.map((group) => group.map((name) => world.indexOf(name)));
        return () => world.network.partition(groups);
      }
      case 'block':
        return () => world.network.block(world.indexOf(step.from), world.indexOf(step.to));
      case 'heal':
        return () => world.network.heal(step.from === undefined ? undefined : { from: world.indexOf(step.from), to: world.indexOf(step.to!) });
    }
  }

  /**
   * Runs until the queue is empty, the time limit (`untilMs`) is reached, or `shouldPause()`
   * (asked every few thousand events) says to pause.
   * @returns true when the run is complete.
   */
  run(shouldPause?: () => boolean): boolean {
    if (this.finished) return true;
    const scheduler = this.world.scheduler;
    scheduler.run(this.untilUs, shouldPause);
    this.finished = scheduler.size === 0 || scheduler.nextAtUs > this.untilUs;
    return this.finished;
  }

  /** Virtual time reached, in ms. */
  get nowMs(): number {
    return this.world.nowMs();
  }
}

/**
 * Feeds the scenario's steps to the scheduler one at a time: one queue entry instead of one per
 * step keeps the queue small (a generated workload has thousands of steps), with the same order
 * as if every step had been queued at the start.
 */
class StepCursor implements ScheduledEntry {
  atUs = 0;
  seq = 0;
  private next = 0;
  private readonly firstSeq: number;

  constructor(
    private readonly world: World,
    private readonly actions: (() => void)[],
    private readonly timesUs: number[],
  ) {
    this.firstSeq = world.scheduler.reserve(actions.length);
    this.queueNext();
  }

  private queueNext(): void {
    if (this.next < this.actions.length) this.world.scheduler.scheduleReserved(this, this.timesUs[this.next], this.firstSeq + this.next);
  }

  fire(): void {
    const action = this.actions[this.next++];
    this.queueNext();
    action();
  }
}

/**
 * The wall clock of each node's log: the scenario's start plus the virtual time, as the node's
 * physical clock (offset and drift, `clocks:`) reads it.
 */
export function scenarioWallClock(scenario: Scenario, nodeNames: readonly string[]): WallClock {
  const start = scenario.startEpochMs;
  const offsets = nodeNames.map((name) => scenario.clocks[name]?.offsetMs ?? 0);
  const rates = nodeNames.map((name) => 1 + (scenario.clocks[name]?.driftPpm ?? 0) / 1e6);
  return (node, tUs) => start + offsets[node] + (tUs / 1000) * rates[node];
}
