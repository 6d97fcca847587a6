/**
 * Seeded network conditions and faults over a fixed list of commands, swarm style: each run draws
 * its own mix (loss, duplication, a jittery or slow link, partitions, crashes and restarts), so
 * rare combinations get explored. Used for workloads a protocol generates and for the steps of a
 * scenario file; Chitty-Chat's own generator (generate.ts) draws its faults with its workload.
 */
import type { DelayModel } from '../sim/delay.js';
import type { LinkOverride, NetworkConfig } from '../sim/network.js';
import type { RandomStream } from '../sim/random.js';
import type { CommandStep, FaultStep, Step } from '../scenario/types.js';

/** Which features a run uses. */
export interface FaultSwarm {
  loss: boolean;
  duplicate: boolean;
  slowLinks: boolean;
  oddLink: boolean;
  partitions: boolean;
  crashes: boolean;
}

function integer(random: RandomStream, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: RandomStream, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** How long after the last command faults may still happen, ms: retries and restarts play out there. */
const TAIL_MS = 1500;

/** A run's network and its steps: the commands with drawn faults among them, in time order. */
export function drawFaults(random: RandomStream, nodes: readonly string[], commands: readonly CommandStep[], faults: boolean): { network: NetworkConfig; steps: Step[] } {
  const swarm: FaultSwarm = {
    loss: faults && random() < 0.4,
    duplicate: faults && random() < 0.4,
    slowLinks: random() < 0.5,
    oddLink: nodes.length > 1 && random() < 0.5,
    partitions: faults && nodes.length > 1 && random() < 0.3,
    crashes: faults && random() < 0.4,
  };
  const delay: DelayModel = swarm.slowLinks ? { kind: 'exponential', meanMs: integer(random, 5, 40), minMs: 1 } : { kind: 'uniform', minMs: 1, maxMs: integer(random, 2, 30) };
  const links: LinkOverride[] = [];
  if (swarm.oddLink) {
    // One link much slower or more jittery than the rest: where messages overtake each other.
    const from = pick(random, nodes);
    const to = pick(random, nodes.filter((name) => name !== from));
    links.push({ from, to, delay: random() < 0.5 ? { kind: 'fixed', ms: integer(random, 30, 200) } : { kind: 'uniform', minMs: 1, maxMs: integer(random, 50, 300) } });
  }
  const network: NetworkConfig = {
    delay,
    loss: swarm.loss ? Math.round(random() * 30) / 100 : 0,
    duplicate: swarm.duplicate ? Math.round(random() * 15) / 100 : 0,
    links,
  };
  const endMs = (commands.length > 0 ? commands[commands.length - 1].atMs : 0) + TAIL_MS;
  const drawn: FaultStep[] = [];
  if (swarm.partitions) drawn.push(...drawPartitions(random, nodes, endMs));
  if (swarm.crashes) drawn.push(...drawCrashes(random, nodes, commands, endMs));
  return { network, steps: mergeSteps(commands, drawn) };
}

/** One to three partitions that cut one node off, each healed after a while (or never, sometimes). */
function drawPartitions(random: RandomStream, nodes: readonly string[], endMs: number): FaultStep[] {
  const steps: FaultStep[] = [];
  let atMs = 0;
  for (let k = integer(random, 1, 3); k > 0; k--) {
    atMs += integer(random, 0, Math.round(endMs / 2));
    steps.push({ atMs, kind: 'partition', groups: [[pick(random, nodes)]] });
    if (random() < 0.15) break;
    atMs += integer(random, 1, 1000);
    steps.push({ atMs, kind: 'heal' });
  }
  return steps;
}

/**
 * Crash windows: a node crashes, and restarts before its next command (a scenario gives no command
 * to a crashed node), or never when it has none left, sometimes.
 */
function drawCrashes(random: RandomStream, nodes: readonly string[], commands: readonly CommandStep[], endMs: number): FaultStep[] {
  const steps: FaultStep[] = [];
  const windows = new Map<string, [number, number][]>();
  for (let k = integer(random, 1, 3); k > 0; k--) {
    const node = pick(random, nodes);
    const crashMs = integer(random, 0, endMs);
    const next = commands.find((step) => step.node === node && step.atMs > crashMs);
    let restartMs: number | undefined;
    if (next !== undefined) {
      const lastMs = Math.ceil(next.atMs) - 1;
      if (lastMs < crashMs + 1) continue;
      restartMs = integer(random, crashMs + 1, Math.min(lastMs, crashMs + 2000));
    } else if (random() < 0.75) {
      restartMs = crashMs + integer(random, 1, 2000);
    }
    const own = windows.get(node) ?? [];
    const untilMs = restartMs ?? Number.POSITIVE_INFINITY;
    if (own.some(([from, to]) => crashMs <= to && from <= untilMs)) continue;
    own.push([crashMs, untilMs]);
    windows.set(node, own);
    steps.push({ atMs: crashMs, kind: 'crash', node });
    if (restartMs !== undefined) steps.push({ atMs: restartMs, kind: 'restart', node });
  }
  return steps;
}

/** Commands and faults in time order; at one instant, commands first (a crash then follows the command). */
export function mergeSteps(commands: readonly Step[], faults: readonly FaultStep[]): Step[] {
  const faultsInOrder = [...faults].sort((a, b) => a.atMs - b.atMs);
  const steps: Step[] = [];
  let f = 0;
  for (const command of commands) {
    while (f < faultsInOrder.length && faultsInOrder[f].atMs < command.atMs) steps.push(faultsInOrder[f++]);
    steps.push(command);
  }
  while (f < faultsInOrder.length) steps.push(faultsInOrder[f++]);
  return steps;
}
