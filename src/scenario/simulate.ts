/**
 * Builds a world from a scenario (the server, the participants, their clock mode, the steps) and
 * runs it. The run can pause and resume, so a caller can drain output buffers or stop on Ctrl-C.
 */
import { clockMode, type ClockMode } from '../nodes/clock-modes.js';
import { Participant } from '../nodes/participant.js';
import { Server } from '../nodes/server.js';
import type { TraceSink } from '../sim/record.js';
import { World } from '../sim/world.js';
import { nodeNamesOf, SERVER_NAME, type Scenario } from './types.js';

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
}

/** A scenario set up to run. */
export class Simulation {
  readonly world: World;
  readonly seed: number;
  readonly mode: ClockMode;
  readonly nodeNames: readonly string[];
  private finished = false;

  constructor(readonly scenario: Scenario, options: SimulationOptions) {
    this.seed = options.seed ?? scenario.seed;
    const modeName = options.clock ?? scenario.clock;
    const mode = clockMode(modeName);
    if (mode === undefined) throw new Error(`unknown clock mode ${modeName}`);
    this.mode = mode;
    this.nodeNames = nodeNamesOf(scenario);
    const world = new World({
      seed: this.seed,
      network: scenario.network,
      nodeNames: this.nodeNames,
      vectorClocks: options.vectorClocks ?? true,
      sinks: options.sinks,
    });
    this.world = world;
    new Server((node) => world.attach(SERVER_NAME, node), mode);
    const participants = new Map<string, Participant>();
    for (const name of this.nodeNames.slice(1)) {
      participants.set(name, new Participant((node) => world.attach(name, node), mode));
    }
    for (const step of scenario.steps) {
      const participant = participants.get(step.participant)!;
      const command = step.kind === 'publish' ? { kind: 'publish' as const, text: step.text } : { kind: step.kind };
      world.at(step.atMs, () => participant.command(command));
    }
  }

  /**
   * Runs until the queue is empty or `shouldPause()` (asked every few thousand events) says to pause.
   * @returns true when the run is complete.
   */
  run(shouldPause?: () => boolean): boolean {
    if (this.finished) return true;
    this.world.scheduler.run(Number.POSITIVE_INFINITY, shouldPause);
    this.finished = this.world.scheduler.size === 0;
    return this.finished;
  }

  /** Virtual time reached, in ms. */
  get nowMs(): number {
    return this.world.nowMs();
  }
}

/** Runs a scenario to the end in one go. */
export function simulate(scenario: Scenario, options: SimulationOptions): Simulation {
  const simulation = new Simulation(scenario, options);
  simulation.run();
  return simulation;
}
