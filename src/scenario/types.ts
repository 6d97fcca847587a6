/**
 * A scenario: who joins, publishes and leaves when, over which network, with which clocks.
 * Read from YAML by `parse.ts`; README.md documents the file format.
 */
import type { NetworkConfig } from '../sim/network.js';

/** A participant's action at a virtual time. */
export type UserStep =
  | { atMs: number; kind: 'join'; participant: string }
  | { atMs: number; kind: 'publish'; participant: string; text: string }
  | { atMs: number; kind: 'leave'; participant: string };

/** A fault injected at a virtual time. */
export type FaultStep =
  | { atMs: number; kind: 'partition'; groups: string[][] }
  | { atMs: number; kind: 'block'; from: string; to: string }
  | { atMs: number; kind: 'heal'; from?: string; to?: string }
  | { atMs: number; kind: 'crash'; node: string }
  | { atMs: number; kind: 'restart'; node: string };

export type Step = UserStep | FaultStep;

/** Whether a step is a participant's action. */
export function isUserStep(step: Step): step is UserStep {
  return step.kind === 'join' || step.kind === 'publish' || step.kind === 'leave';
}

/** A node's physical clock, which only the wall timestamps of the `report` log follow. */
export interface PhysicalClock {
  /** How far ahead the node's clock is, ms (negative: behind). */
  offsetMs: number;
  /** How fast it runs, parts per million too fast (negative: too slow). */
  driftPpm: number;
}

/** A seeded workload drawn instead of written out (`generate:` in a scenario file). */
export interface Generator {
  /** How many participants, named `p0`, `p1`, ... */
  participants: number;
  /** How many chat messages each publishes. */
  publishesEach: number;
  /** When they all join, ms; default 0. */
  joinAtMs: number;
  /** Publishes happen at seeded uniform times in [from, to] ms. */
  windowMs: [number, number];
}

export interface Scenario {
  name: string;
  seed: number;
  /** Clock mode name (see src/nodes/clock-modes.ts). */
  clock: string;
  /** Wall-clock origin of the log's timestamps, ms since the Unix epoch (read as UTC). */
  startEpochMs: number;
  network: NetworkConfig;
  /** Steps in time order (ties keep file order), generated ones included. */
  steps: Step[];
  /** Physical clocks by node name; nodes not named keep perfect time. */
  clocks: Record<string, PhysicalClock>;
  /** Call timeouts and retries, when given (`timeouts:`). */
  timeouts?: { rpcMs: number; retries: number };
  generate?: Generator;
}

/** The server's node name; no participant may use it. */
export const SERVER_NAME = 'server';

/** Whether the scenario can lose messages or nodes, so that calls need timeouts and retries. */
export function hasFaults(scenario: Scenario): boolean {
  const network = scenario.network;
  return (
    network.loss > 0 ||
    network.duplicate > 0 ||
    network.links.some((link) => (link.loss ?? 0) > 0 || (link.duplicate ?? 0) > 0) ||
    scenario.steps.some((step) => !isUserStep(step))
  );
}

/** Node names in trace order: the server, then participants in order of first join. */
export function nodeNamesOf(scenario: Scenario): string[] {
  const names = [SERVER_NAME];
  const seen = new Set(names);
  for (const step of scenario.steps) {
    if (isUserStep(step) && !seen.has(step.participant)) {
      seen.add(step.participant);
      names.push(step.participant);
    }
  }
  return names;
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
