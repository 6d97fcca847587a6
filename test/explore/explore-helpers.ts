/** Shared helpers of the explorer's tests: running a search to its end, and small scenarios. */
import { NO_FAULTS, type FaultKinds } from '../../src/explore/choices.js';
import { Explorer, type ExploreOptions } from '../../src/explore/explorer.js';
import type { Protocol } from '../../src/protocols/protocol.js';
import type { Scenario } from '../../src/scenario/types.js';
import { MemoryTrace } from '../../src/trace/memory-trace.js';
import senders from './fixtures/senders.mjs';
import relay from './fixtures/relay.mjs';
import { scenarioFromText } from '../helpers.js';

export const SENDERS: Protocol = senders;
export const RELAY: Protocol = relay;

/** k senders that each send one message to the hub when told to, at the same time. */
export function sendersScenario(k: number): Scenario {
  const names = Array.from({ length: k }, (_, i) => `s${i + 1}`);
  return scenarioFromText(`protocol: ./senders.mjs\nnodes: [hub, ${names.join(', ')}]\nsteps:\n${names.map((name) => `  - { at: 0, node: ${name}, command: send }`).join('\n')}\n`);
}

export type SearchOptions = Partial<Omit<ExploreOptions, 'faults'>> & { protocol: Protocol; faults?: Partial<FaultKinds> };

/** Runs a search to its end. */
export function exploreAll(scenario: Scenario, options: SearchOptions): Explorer {
  const explorer = new Explorer(scenario, {
    variant: '',
    seed: scenario.seed,
    strategy: 'dfs',
    reduction: true,
    maxFaults: options.faults === undefined ? 0 : 1,
    maxExecutions: 1_000_000,
    maxDepth: 1000,
    shard: { index: 1, count: 1 },
    ...options,
    faults: { ...NO_FAULTS, ...options.faults },
  });
  while (!explorer.step(1000));
  return explorer;
}

/**
 * A run's trace up to happens-before, read from the trace alone: each node's events in order,
 * with messages named by sender and how many the sender had sent before (trace ids depend on the
 * order of every node's sends).
 */
export function traceFingerprint(trace: MemoryTrace): string {
  const sent = new Map<string, number>();
  const names = new Map<number, string>();
  const lines = new Map<string, string[]>();
  for (const event of trace.events()) {
    let message = '';
    if (event.msg !== undefined) {
      if (event.kind === 'send') {
        const count = sent.get(event.node) ?? 0;
        sent.set(event.node, count + 1);
        names.set(event.msg, `${event.node}#${count}`);
      }
      message = names.get(event.msg) ?? `?${event.msg}`;
    }
    const line = lines.get(event.node) ?? [];
    line.push(`${event.kind}:${message}:${event.type ?? ''}:${event.lamport}:${event.text}:${event.shows ?? ''}:${event.reason ?? ''}`);
    lines.set(event.node, line);
  }
  return [...lines.keys()]
    .sort()
    .map((node) => `${node}: ${lines.get(node)!.join(' ; ')}`)
    .join('\n');
}

/** Runs a search keeping each execution's trace fingerprint (blocked ones left out). */
export function exploreTraces(scenario: Scenario, options: SearchOptions): { explorer: Explorer; traces: Set<string> } {
  const traces = new Set<string>();
  let trace: MemoryTrace | undefined;
  const explorer = exploreAll(scenario, {
    ...options,
    fingerprints: true,
    sinks: () => [(trace = new MemoryTrace(scenario.nodes))],
    onExecution: (outcome) => {
      if (outcome.status !== 'blocked') traces.add(traceFingerprint(trace!));
    },
  });
  return { explorer, traces };
}
