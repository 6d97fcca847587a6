/**
 * Builds a world from a scenario (its protocol's nodes, the steps and faults) and runs it. The run
 * can pause and resume, so a caller can drain output buffers or stop on Ctrl-C. A scenario with a
 * `schedule:` runs controlled: its entries, not the delays, decide the order (docs/explore.md).
 */
import { ControlledRun } from '../explore/controlled-run.js';
import { builtinProtocol } from '../protocols/registry.js';
import { variantOf, type Protocol } from '../protocols/protocol.js';
import type { TraceSink } from '../sim/record.js';
import { Scheduler } from '../sim/scheduler.js';
import { NodeTimer, World } from '../sim/world.js';
import { queueSteps } from './steps.js';
import type { Scenario } from './types.js';

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
  /** The controlled run of a scenario with a schedule. */
  private readonly controlled: ControlledRun | undefined;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions,
  ) {
    this.protocol = options.protocol ?? scenarioProtocol(scenario);
    this.seed = options.seed ?? scenario.seed;
    this.variant = variantOf(this.protocol, options.variant ?? scenario.variant);
    this.untilUs = options.untilMs === undefined ? Number.POSITIVE_INFINITY : Math.round(options.untilMs * 1000);
    this.nodeNames = scenario.nodes;
    const vectorClocks = options.vectorClocks ?? true;
    if (scenario.schedule !== undefined) {
      this.controlled = new ControlledRun(scenario, { protocol: this.protocol, variant: this.variant, seed: this.seed, vectorClocks, sinks: options.sinks });
      this.world = this.controlled.world;
      return;
    }
    this.world = new World({
      seed: this.seed,
      network: scenario.network,
      nodeNames: this.nodeNames,
      protocol: this.protocol,
      variant: this.variant,
      options: this.protocol.options?.(scenario) ?? scenario.options,
      vectorClocks,
      sinks: options.sinks,
    });
    queueSteps(this.world, scenario.steps);
  }

  /**
   * Runs until the queue is empty, the time limit (`untilMs`) is reached, or `shouldPause()`
   * (asked every few thousand events) says to pause.
   * @returns true when the run is complete.
   * @throws NodeHandlerError when a node's handler throws or misuses its context.
   * @throws ScheduleError when a schedule entry names an event that cannot happen at its point.
   */
  run(shouldPause?: () => boolean): boolean {
    if (this.finished) return true;
    if (this.controlled !== undefined) {
      this.finished = this.controlled.run(this.scenario.schedule!, shouldPause, this.untilUs);
      return this.finished;
    }
    this.world.start();
    const scheduler = this.world.scheduler;
    scheduler.run(this.untilUs, shouldPause);
    this.finished = scheduler.size === 0 || scheduler.nextAtUs > this.untilUs;
    return this.finished;
  }

  /**
   * Whether the time limit (`untilMs`) stopped the run with work left (messages in flight, timers
   * set, steps to come): the run is not over, and its work in progress cannot be judged.
   */
  get stoppedEarly(): boolean {
    if (!this.finished) return false;
    if (this.controlled !== undefined) return this.controlled.stoppedAtUntil;
    // Cancelled timers stay queued until their time: they are no work left.
    const scheduler = this.world.scheduler;
    return scheduler instanceof Scheduler ? scheduler.some((entry) => !(entry instanceof NodeTimer) || entry.live) : scheduler.size > 0;
  }

  /** Virtual time reached, in ms. */
  get nowMs(): number {
    return this.world.nowMs();
  }
}
