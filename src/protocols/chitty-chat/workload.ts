/**
 * Chitty-Chat's `generate:` section: a seeded workload drawn instead of written out (the benchmark's),
 * from the scenario's `workload` stream.
 */
import { createStream } from '../../sim/random.js';
import type { Step } from '../../scenario/types.js';

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

/** The names the generated participants take. */
export const GENERATED_NAME = /^p\d+$/;

/** The steps of a generated workload: every participant joins, then publishes at random times. */
export function generateSteps(generator: Generator, seed: number): Step[] {
  const random = createStream(seed, 'workload');
  const steps: Step[] = [];
  const [fromMs, toMs] = generator.windowMs;
  for (let p = 0; p < generator.participants; p++) {
    steps.push({ atMs: generator.joinAtMs, kind: 'command', node: `p${p}`, command: 'join', args: {} });
  }
  for (let p = 0; p < generator.participants; p++) {
    const times: number[] = [];
    for (let m = 0; m < generator.publishesEach; m++) times.push(Math.round((fromMs + random() * (toMs - fromMs)) * 1000) / 1000);
    times.sort((a, b) => a - b);
    times.forEach((atMs, m) => steps.push({ atMs, kind: 'command', node: `p${p}`, command: 'publish', args: { text: `message ${m + 1} from p${p}` } }));
  }
  return steps;
}
