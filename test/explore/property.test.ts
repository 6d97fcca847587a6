/**
 * The reduction runs every distinct execution: on random small scenarios (a relay protocol with
 * timers, and Chitty-Chat), with and without faults, timers firing any time or late, the set of final traces up to
 * happens-before (read from the traces alone) is the same with the reduction as without, and the
 * reduction runs each once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultKinds, TimerModel } from '../../src/explore/choices.js';
import { chittyChat } from '../../src/protocols/chitty-chat/protocol.js';
import type { Protocol } from '../../src/protocols/protocol.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioFromText } from '../helpers.js';
import { exploreTraces, RELAY } from './explore-helpers.js';

interface Case {
  scenario: Scenario;
  protocol: Protocol;
  faults: Partial<FaultKinds> | undefined;
  strategy: 'dfs' | 'bfs' | 'random';
  timers: TimerModel;
}

const faultKinds = fc.constantFrom<Partial<FaultKinds> | undefined>(undefined, undefined, { loss: true }, { duplicate: true }, { crash: true });
const strategy = fc.constantFrom<'dfs' | 'bfs' | 'random'>('dfs', 'bfs', 'random');
const timers = fc.constantFrom<TimerModel>('any', 'late');

const relayCase: fc.Arbitrary<Case> = fc
  .record({
    nodes: fc.integer({ min: 2, max: 3 }),
    steps: fc.array(fc.record({ from: fc.nat(2), to: fc.nat(2), arm: fc.boolean(), hops: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 3 }),
    faults: faultKinds,
    strategy,
    timers,
  })
  .map(({ nodes, steps, faults, strategy, timers }) => {
    const names = ['a', 'b', 'c'].slice(0, nodes);
    // With faults every step multiplies the executions: keep two.
    const kept = faults === undefined ? steps : steps.slice(0, 2);
    const lines = kept.map(({ from, to, arm, hops }) => {
      const node = names[from % nodes];
      return arm ? `  - { at: 0, node: ${node}, command: arm, args: { hops: ${hops} } }` : `  - { at: 0, node: ${node}, command: send, args: { to: ${names[to % nodes]}, hops: ${hops} } }`;
    });
    const scenario = scenarioFromText(`protocol: ./relay.mjs\nnodes: [${names.join(', ')}]\nsteps:\n${lines.join('\n')}\n`);
    return { scenario, protocol: RELAY, faults, strategy, timers };
  });

const CHAT_STEPS = [
  ['{ at: 0, join: "1111" }'],
  ['{ at: 0, join: "1111" }', '{ at: 0, publish: "1111", message: "Hej" }'],
  ['{ at: 0, join: "1111" }', '{ at: 0, leave: "1111" }'],
  ['{ at: 0, join: "1111" }', '{ at: 0, join: "2222" }'],
];
const chatCase: fc.Arbitrary<Case> = fc
  .record({ steps: fc.nat(CHAT_STEPS.length - 1), faults: faultKinds, strategy, timers, clock: fc.constantFrom('lamport', 'report', 'concurrent-broadcast') })
  .map(({ steps, faults, strategy, timers, clock }) => {
    // Two participants with faults or concurrent broadcasts run to tens of thousands of
    // interleavings, which the search without reduction takes too long over: one participant then.
    const two = steps === 3 && faults === undefined && clock !== 'concurrent-broadcast';
    // Crashes with timeouts armed: one join is already over a thousand executions.
    const chosen = faults?.crash && timers === 'late' ? 0 : steps === 3 && !two ? 1 : steps;
    // With faults, the calls time out (late timers only: any time, they multiply past what the
    // search without reduction runs in a test).
    const timeouts = faults !== undefined && timers === 'late' ? 'timeouts: { rpcMs: 1000, retries: 1 }\n' : '';
    const scenario = scenarioFromText(`clock: ${clock}\n${timeouts}steps:\n${CHAT_STEPS[chosen].map((step) => `  - ${step}`).join('\n')}\n`);
    return { scenario, protocol: chittyChat, faults, strategy, timers };
  });

function check({ scenario, protocol, faults, strategy, timers }: Case): void {
  const options = { protocol, variant: scenario.variant, faults, timers };
  const reduced = exploreTraces(scenario, { ...options, strategy });
  const everything = exploreTraces(scenario, { ...options, reduction: false, maxExecutions: 100_000 });
  expect(everything.explorer.complete, 'the search without reduction ends').toBe(true);
  expect(reduced.explorer.complete).toBe(true);
  expect([...reduced.traces].sort()).toEqual([...everything.traces].sort());
  // Each distinct execution once: as many as the search without reduction tells apart.
  expect(reduced.explorer.executions).toBe(everything.explorer.distinct!.size);
  expect(reduced.explorer.distinct!.size).toBe(reduced.explorer.executions);
  // And the interleavings it stands for are those the other search ran.
  expect(Math.round(reduced.explorer.interleavings)).toBe(everything.explorer.executions);
  // The same verdicts.
  expect([...reduced.explorer.findings.keys()].sort()).toEqual([...everything.explorer.findings.keys()].sort());
}

describe('the reduction finds every distinct execution', () => {
  it('on random relay scenarios, with and without faults', () => {
    fc.assert(fc.property(relayCase, check), { seed: 11, numRuns: 25 });
  });

  it('on small Chitty-Chat scenarios, with and without faults', () => {
    fc.assert(fc.property(chatCase, check), { seed: 12, numRuns: 12 });
  });
});
