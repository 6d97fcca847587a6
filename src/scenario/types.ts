/**
 * A scenario: who joins, publishes and leaves when, over which network, with which clocks.
 * Read from YAML by `parse.ts`; README.md documents the file format.
 */
import type { NetworkConfig } from '../sim/network.js';

/** One user action at a virtual time. */
export type Step =
  | { atMs: number; kind: 'join'; participant: string }
  | { atMs: number; kind: 'publish'; participant: string; text: string }
  | { atMs: number; kind: 'leave'; participant: string };

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
  generate?: Generator;
}

/** The server's node name; no participant may use it. */
export const SERVER_NAME = 'server';

/** Node names in trace order: the server, then participants in order of first join. */
export function nodeNamesOf(scenario: Scenario): string[] {
  const names = [SERVER_NAME];
  const seen = new Set(names);
  for (const step of scenario.steps) {
    if (!seen.has(step.participant)) {
      seen.add(step.participant);
      names.push(step.participant);
    }
  }
  return names;
}
