/**
 * A scenario: which protocol runs on which nodes, what they are told to do when, over which
 * network, with which faults and clocks. Read from YAML by `parse.ts`; README.md and
 * docs/protocols.md document the file format.
 */
import type { NetworkConfig } from '../sim/network.js';

/** A command for one node at a virtual time (`onCommand(command, args)`). */
export interface CommandStep {
  atMs: number;
  kind: 'command';
  node: string;
  command: string;
  args: Record<string, unknown>;
}

/** A fault injected at a virtual time. */
export type FaultStep =
  | { atMs: number; kind: 'partition'; groups: string[][] }
  | { atMs: number; kind: 'block'; from: string; to: string }
  | { atMs: number; kind: 'heal'; from?: string; to?: string }
  | { atMs: number; kind: 'crash'; node: string }
  | { atMs: number; kind: 'restart'; node: string };

export type Step = CommandStep | FaultStep;

/** Whether a step is a command to a node (rather than a fault). */
export function isCommandStep(step: Step): step is CommandStep {
  return step.kind === 'command';
}

/** A node's physical clock, which only the wall timestamps of the `report` log follow. */
export interface PhysicalClock {
  /** How far ahead the node's clock is, ms (negative: behind). */
  offsetMs: number;
  /** How fast it runs, parts per million too fast (negative: too slow). */
  driftPpm: number;
}

/** The protocol a scenario names when it names none. */
export const DEFAULT_PROTOCOL = 'chitty-chat';

/** Where something stands in its file; lines and columns count from 1. */
export interface SourcePosition {
  line: number;
  col: number;
}

/**
 * One entry of a `schedule:`: which event happens at one choice point of a controlled run
 * (docs/explore.md). Messages are named by their id in the trace, nodes by name, steps by their
 * index in `steps:` (from 0).
 */
export type ScheduleEntry = (
  | { kind: 'deliver' | 'lose' | 'duplicate'; message: number }
  | { kind: 'timer'; node: string; name: string }
  | { kind: 'step'; step: number }
  | { kind: 'crash' | 'restart'; node: string }
) & {
  /** Where the entry is written, for errors; absent when it was not read from a file. */
  source?: SourcePosition;
  /** What the entry is, in words: written as a comment beside it. */
  note?: string;
};

export interface Scenario {
  name: string;
  seed: number;
  /** The protocol: a built-in's name, or a module's path as the file gives it (relative to the file). */
  protocol: string;
  /** The protocol's variant (`clock:` or `variant:`); '' for its default. */
  variant: string;
  /** Wall-clock origin of the log's timestamps, ms since the Unix epoch (read as UTC). */
  startEpochMs: number;
  network: NetworkConfig;
  /** Every node, in the scenario's order (`ctx.nodes`). */
  nodes: string[];
  /** Steps in time order (ties keep file order), generated ones included. */
  steps: Step[];
  /** Physical clocks by node name; nodes not named keep perfect time. */
  clocks: Record<string, PhysicalClock>;
  /** The protocol's options (`options:`, and what a built-in's own keys add, like Chitty-Chat's `timeouts:`). */
  options: Record<string, unknown>;
  /**
   * The order of a controlled run (`schedule:`): when present, the delays decide nothing; these
   * entries pick the events in turn, and the default order picks the rest (docs/explore.md).
   */
  schedule?: ScheduleEntry[];
}

/** Whether the scenario can lose messages or nodes (loss, duplication, or any fault step). */
export function hasFaults(scenario: Scenario): boolean {
  const network = scenario.network;
  return (
    network.loss > 0 ||
    network.duplicate > 0 ||
    network.links.some((link) => (link.loss ?? 0) > 0 || (link.duplicate ?? 0) > 0) ||
    scenario.steps.some((step) => !isCommandStep(step))
  );
}

/** A stretch of virtual time during which a partition held (for shading diagrams). */
export interface PartitionPeriod {
  startMs: number;
  endMs: number;
  groups: string[][];
}

/**
 * The partitions of a scenario as periods: each from its step to the next partition or `heal: all`,
 * or to `endMs` (the end of the run).
 */
export function partitionPeriods(scenario: Scenario, endMs: number): PartitionPeriod[] {
  const periods: PartitionPeriod[] = [];
  let open: PartitionPeriod | undefined;
  for (const step of scenario.steps) {
    if (step.kind === 'partition' || (step.kind === 'heal' && step.from === undefined)) {
      if (open) {
        open.endMs = step.atMs;
        periods.push(open);
        open = undefined;
      }
      if (step.kind === 'partition') open = { startMs: step.atMs, endMs: endMs, groups: step.groups };
    }
  }
  if (open) periods.push({ ...open, endMs: Math.max(open.startMs, endMs) });
  return periods;
}
