/**
 * A small random causal-broadcast workload for `chitty-sim fuzz`: three or four peers publishing,
 * often in quick answers to each other (where causal chains cross the network's reordering).
 */
import type { GeneratedStep, GeneratedWorkload } from '../protocol.js';
import { PUBLISH_COMMAND } from './messages.js';

const NAMES = ['a', 'b', 'c', 'd'];
const TEXTS = ['hello', 'hi!', 'anyone here?', 'yes', 'me too', 'bye', 'rødgrød 🍓', 'a: b#1 "c"'];

export function generateWorkload(random: () => number): GeneratedWorkload {
  const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const nodes = NAMES.slice(0, integer(3, 4));
  const steps: GeneratedStep[] = [];
  const quick = random() < 0.7;
  let atMs = 0;
  const count = integer(2, 10);
  for (let k = 0; k < count; k++) {
    if (k > 0) atMs += quick && random() < 0.7 ? integer(0, 30) : integer(1, 300);
    steps.push({ at: atMs, node: nodes[Math.floor(random() * nodes.length)], command: PUBLISH_COMMAND, args: { text: TEXTS[Math.floor(random() * TEXTS.length)] } });
  }
  return { nodes, steps };
}
