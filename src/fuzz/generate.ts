/**
 * Random scenarios for `chitty-sim fuzz`, swarm style: each run draws its own mix of features
 * (loss, duplication, slow links, partitions, crashes, bursts of concurrent publishes), so that
 * rare combinations get explored. Every draw comes from the run's seed.
 */
import { createStream, type RandomStream } from '../sim/random.js';
import type { DelayModel } from '../sim/delay.js';
import type { Scenario, Step } from '../scenario/types.js';
import { SERVER_NAME } from '../protocols/chitty-chat/messages.js';
import { chittyChatNodes } from '../protocols/chitty-chat/scenario-syntax.js';

const TEXTS = ['Hej', 'Hvordan går det?', 'rødgrød med fløde 🍓', '👋', 'ok', 'a < b & "c"', 'مرحبا', 'x'.repeat(130)];

/** Which features a run uses. */
export interface Swarm {
  loss: boolean;
  duplicate: boolean;
  slowLinks: boolean;
  partitions: boolean;
  crashes: boolean;
  bursts: boolean;
}

function pick<T>(random: RandomStream, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function integer(random: RandomStream, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * A valid random scenario for fuzz run `runSeed`, in clock mode `clock`.
 * @param faults - whether faults may be drawn at all; default true.
 */
export function randomScenario(runSeed: number, clock: string, faults = true): Scenario {
  const random = createStream(runSeed, 'fuzz-scenario');
  const swarm: Swarm = {
    loss: faults && random() < 0.5,
    duplicate: faults && random() < 0.5,
    slowLinks: random() < 0.5,
    partitions: faults && random() < 0.3,
    crashes: faults && random() < 0.3,
    bursts: random() < 0.5,
  };
  const participants = Array.from({ length: integer(random, 2, 5) }, (_, k) => String(1111 * (k + 1)));
  const delay: DelayModel = swarm.slowLinks ? { kind: 'exponential', meanMs: integer(random, 5, 40), minMs: 1 } : { kind: 'uniform', minMs: 1, maxMs: integer(random, 2, 20) };
  const members = new Set<string>();
  const down = new Set<string>();
  const everJoined = new Set<string>();
  const steps: Step[] = [];
  let atMs = 0;
  let partitioned = false;
  const stepCount = integer(random, 3, 18);
  for (let k = 0; k < stepCount; k++) {
    atMs += swarm.bursts && random() < 0.5 ? integer(random, 0, 3) : integer(random, 5, 400);
    const up = participants.filter((name) => !down.has(name));
    const joinable = up.filter((name) => !members.has(name));
    const active = up.filter((name) => members.has(name));
    const choices: (() => Step | undefined)[] = [];
    const command = (node: string, name: string, args: Record<string, unknown> = {}): Step => ({ atMs, kind: 'command', node, command: name, args });
    if (joinable.length > 0) choices.push(() => command(pick(random, joinable), 'join'));
    if (active.length > 0) {
      choices.push(() => command(pick(random, active), 'publish', { text: pick(random, TEXTS) }));
      choices.push(() => command(pick(random, active), 'publish', { text: pick(random, TEXTS) }));
      choices.push(() => command(pick(random, active), 'leave'));
    }
    if (swarm.crashes) {
      const crashable = [SERVER_NAME, ...members].filter((name) => !down.has(name));
      if (crashable.length > 0) choices.push(() => ({ atMs, kind: 'crash', node: pick(random, crashable) }));
      if (down.size > 0) choices.push(() => ({ atMs, kind: 'restart', node: pick(random, [...down]) }));
    }
    if (swarm.partitions) {
      if (!partitioned) {
        choices.push(() => {
          const cut = pick(random, [...everJoined]);
          return cut === undefined ? undefined : { atMs, kind: 'partition', groups: [[cut]] };
        });
      } else {
        choices.push(() => ({ atMs, kind: 'heal' }));
      }
    }
    if (choices.length === 0) break;
    const step = pick(random, choices)();
    if (step === undefined) continue;
    if (step.kind === 'command' && step.command === 'join') {
      members.add(step.node);
      everJoined.add(step.node);
    }
    if (step.kind === 'command' && step.command === 'leave') members.delete(step.node);
    if (step.kind === 'crash') down.add(step.node);
    if (step.kind === 'restart') down.delete(step.node);
    if (step.kind === 'partition') partitioned = true;
    if (step.kind === 'heal') partitioned = false;
    steps.push(step);
  }
  return {
    name: `fuzz run ${runSeed}`,
    seed: runSeed,
    protocol: 'chitty-chat',
    variant: clock,
    nodes: chittyChatNodes(steps),
    startEpochMs: 0,
    network: {
      delay,
      loss: swarm.loss ? Math.round(random() * 30) / 100 : 0,
      duplicate: swarm.duplicate ? Math.round(random() * 10) / 100 : 0,
      links: [],
    },
    steps,
    clocks: {},
    options: faults && (swarm.loss || swarm.partitions || swarm.crashes) ? { timeouts: { rpcMs: 100, retries: 3 } } : {},
  };
}
