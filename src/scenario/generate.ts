/**
 * Expands a scenario's `generate:` section into steps, drawing from the seeded `workload` stream.
 */
import { createStream } from '../sim/random.js';
import type { Generator, Step } from './types.js';

/** The steps of a generated workload: every participant joins, then publishes at random times. */
export function generateSteps(generator: Generator, seed: number): Step[] {
  const random = createStream(seed, 'workload');
  const steps: Step[] = [];
  const [fromMs, toMs] = generator.windowMs;
  for (let p = 0; p < generator.participants; p++) {
    steps.push({ atMs: generator.joinAtMs, kind: 'join', participant: `p${p}` });
  }
  for (let p = 0; p < generator.participants; p++) {
    const times: number[] = [];
    for (let m = 0; m < generator.publishesEach; m++) times.push(Math.round((fromMs + random() * (toMs - fromMs)) * 1000) / 1000);
    times.sort((a, b) => a - b);
    times.forEach((atMs, m) => steps.push({ atMs, kind: 'publish', participant: `p${p}`, text: `message ${m + 1} from p${p}` }));
  }
  return steps;
}
