/**
 * Seeded random streams. Every draw in a run comes from a stream derived from the scenario's seed
 * and a purpose string, so adding a participant (a new link) leaves the draws of existing links alone.
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type RandomStream = () => number;

/**
 * Creates the stream for `purpose` (for example `link:server->1111` or `workload`).
 * Uses seedrandom's Alea generator: fast and identical on every machine.
 */
export function createStream(seed: number, purpose: string): RandomStream {
  // The generator itself, not a wrapper around it: one call less on every delay drawn.
  return seedrandom.alea(`chitty-sim/${seed}/${purpose}`);
}

/** The purpose string of the delay stream of the directed link `from -> to`. */
export function linkPurpose(from: string, to: string): string {
  return `link:${from}->${to}`;
}
