/**
 * Builds a world from a scenario (its protocol's nodes, the steps and faults) and runs it. The run
 * can pause and resume, so a caller can drain output buffers or stop on Ctrl-C.
 */
import { builtinProtocol } from '../protocols/registry.js';
import { variantOf, type Protocol } from '../protocols/protocol.js';
import type { TraceSink } from '../sim/record.js';
import type { ScheduledEntry } from '../sim/scheduler.js';
import { World } from '../sim/world.js';
import type { Scenario, Step } from './types.js';

/** How to run a scenario. */
export interface SimulationOptions {
  /** The protocol object; default: the built-in the scenario names (a module must be loaded by the caller). */
  protocol?: Protocol;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's variant (clock mode). */
  variant?: string;
  /** Compute vector clocks; default true. */
  vectorClocks?: boolean;
  /** Receivers of every event, in order. */
  sinks: TraceSink[];
  /** Stop at this virtual time, ms (what is due later never happens); default: run until nothing is left. */
  untilMs?: number;
}

/** The protocol a scenario names, when it is a built-in. */
export function scenarioProtocol(scenario: Scenario): Protocol {
  const protocol = builtinProtocol(scenario.protocol);
  if (protocol === undefined) throw new Error(`the protocol ${scenario.protocol} is a module: load it and pass it in the options`);
  return protocol;
}

/** A scenario set up to run. */
export class Simulation {
  readonly world: World;
  readonly seed: number;
  readonly protocol: Protocol;
  /** The variant in force (the protocol's default when the scenario names none). */
  readonly variant: string;
  readonly nodeNames: readonly string[];
  private finished = false;
  private readonly untilUs: number;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions,
  ) {
    this.protocol = options.protocol ?? scenarioProtocol(scenario);
    this.seed = options.seed ?? scenario.seed;
    this.variant = variantOf(this.protocol, options.variant ?? scenario.variant);
    this.untilUs = options.untilMs === undefined ? Number.POSITIVE_INFINITY : Math.round(options.untilMs * 1000);
    this.nodeNames = scenario.nodes;
    const world = new World({
      seed: this.seed,
      network: scenario.network,
      nodeNames: this.nodeNames,
      protocol: this.protocol,
      variant: this.variant,
      options: this.protocol.options?.(scenario) ?? scenario.options,
      vectorClocks: options.vectorClocks ?? true,
      sinks: options.sinks,
    });
    this.world = world;
    new StepCursor(
      world,
      scenario.steps.map((step) => this.action(step)),
      scenario.steps.map((step) => Math.round(step.atMs * 1000)),
    );
  }

  private action(step: Step): () => void {
    const world = this.world;
    const node = (name: string) => world.indexOf(name);
    switch (step.kind) {
      case 'command': {
        const target = node(step.node);
        return () => void world.command(target, step.command, step.args);
      }
      case 'crash':
        return () => world.crash(node(step.node));
      case 'restart':
        return () => world.restart(node(step.node));
      case 'partition': {
        const groups = step.groups.map((group) => group.map(node));
        return () => world.network.partition(groups);
      }
      case 'block':
        return () => world.network.block(node(step.from), node(step.to));
      case 'heal':
        return () => world.network.heal(step.from === undefined ? undefined : { from: node(step.from), to: node(step.to!) });
    }
  }

  /**
   * Runs until the queue is empty, the time limit (`untilMs`) is reached, or `shouldPause()`
   * (asked every few thousand events) says to pause.
   * @returns true when the run is complete.
   * @throws NodeHandlerError when a node's handler throws or misuses its context.
   */
  run(shouldPause?: () => boolean): boolean {
    if (this.finished) return true;
    this.world.start();
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
