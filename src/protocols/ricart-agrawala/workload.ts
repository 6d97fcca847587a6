/**
 * A small random Ricart-Agrawala workload for `chitty-sim fuzz`: two to four nodes asking for the
 * critical section, often in bursts at one instant (where ties and concurrent requests happen).
 */
import type { GeneratedStep, GeneratedWorkload } from '../protocol.js';
import { REQUEST_COMMAND } from './messages.js';

const NAMES = ['a', 'b', 'c', 'd'];

export function generateWorkload(random: () => number): GeneratedWorkload {
  const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const nodes = NAMES.slice(0, integer(2, 4));
  const steps: GeneratedStep[] = [];
  const bursty = random() < 0.6;
  let atMs = 0;
  const count = integer(2, 10);
  for (let k = 0; k < count; k++) {
    if (k > 0) atMs += bursty && random() < 0.5 ? 0 : integer(1, 250);
    const step: GeneratedStep = { at: atMs, node: nodes[Math.floor(random() * nodes.length)], command: REQUEST_COMMAND };
    if (random() < 0.3) step.args = { holdMs: integer(1, 200) };
    steps.push(step);
  }
  return { nodes, steps };
}
