/**
 * Exact counts: k nodes that each send one message to a common node can be received in k! orders,
 * and in no other way; every interleaving of the sends and deliveries is one of them.
 */
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../helpers.js';
import { exploreAll, RELAY, SENDERS, sendersScenario } from './explore-helpers.js';

/** (2k - 1)!!: the interleavings of k ordered steps, each followed (not at once) by its delivery to the hub. */
function interleavings(k: number): number {
  let product = 1;
  for (let odd = 1; odd < 2 * k; odd += 2) product *= odd;
  return product;
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}

describe('explore counts distinct executions exactly', () => {
  for (const k of [2, 3, 4, 5]) {
    it(`${k} senders to one node: ${factorial(k)} distinct executions, complete; ${interleavings(k)} interleavings without the reduction`, () => {
      const reduced = exploreAll(sendersScenario(k), { protocol: SENDERS, fingerprints: true });
      expect(reduced.executions).toBe(factorial(k));
      expect(reduced.distinct!.size).toBe(factorial(k));
      expect(reduced.complete).toBe(true);
      // The interleavings the executions stand for, counted on each: what the search without reduction runs.
      expect(reduced.interleavings).toBe(interleavings(k));

      const unreduced = exploreAll(sendersScenario(k), { protocol: SENDERS, reduction: false });
      expect(unreduced.executions).toBe(interleavings(k));
      expect(unreduced.distinct!.size).toBe(factorial(k));
      expect(unreduced.complete).toBe(true);
      expect(unreduced.executions).toBeGreaterThan(reduced.executions);
      // Same verdicts: nothing is broken either way.
      expect([...reduced.findings.keys()]).toEqual([]);
      expect([...unreduced.findings.keys()]).toEqual([]);
    });
  }

  it('runs each distinct execution about once: few runs stop as repeats', () => {
    const explorer = exploreAll(sendersScenario(5), { protocol: SENDERS });
    expect(explorer.runs).toBeLessThan(explorer.executions * 1.1);
  });

  it('every strategy finds the same executions', () => {
    for (const strategy of ['bfs', 'random'] as const) {
      const explorer = exploreAll(sendersScenario(4), { protocol: SENDERS, strategy, fingerprints: true });
      expect(explorer.executions, strategy).toBe(24);
      expect(explorer.distinct!.size, strategy).toBe(24);
      expect(explorer.complete, strategy).toBe(true);
    }
  });

  it('shards split the executions: together they run each once (each interleaving once, without the reduction)', () => {
    for (const count of [2, 3, 7]) {
      for (const reduction of [true, false]) {
        let executions = 0;
        const all = new Set<number>();
        for (let index = 1; index <= count; index++) {
          const shard = exploreAll(sendersScenario(4), { protocol: SENDERS, reduction, fingerprints: true, shard: { index, count } });
          expect(shard.complete).toBe(true);
          executions += shard.executions;
          for (const print of shard.distinct!) all.add(print);
        }
        expect(executions, `${count} shards${reduction ? '' : ', no reduction'}`).toBe(reduction ? 24 : 105);
        expect(all.size).toBe(24);
      }
    }
  });

  it('shards add up with faults and late timers too', () => {
    const scenario = scenarioFromText(`protocol: ./relay.mjs\nnodes: [a, b, c]\nsteps:\n  - { at: 0, node: b, command: arm, args: { hops: 1 } }\n  - { at: 0, node: c, command: send, args: { to: a, hops: 1 } }\n`);
    for (const timers of ['any', 'late'] as const) {
      const options = { protocol: RELAY, faults: { crash: true }, timers, fingerprints: true };
      const whole = exploreAll(scenario, options);
      expect(whole.complete).toBe(true);
      const shards = [1, 2, 3, 4, 5].map((index) => exploreAll(scenario, { ...options, shard: { index, count: 5 } }));
      expect(shards.reduce((sum, shard) => sum + shard.executions, 0), timers).toBe(whole.executions);
      expect(new Set(shards.flatMap((shard) => [...shard.distinct!])).size, timers).toBe(whole.executions);
    }
  });

  it('a bound stops the search, and the report says it is not complete', () => {
    const bounded = exploreAll(sendersScenario(4), { protocol: SENDERS, maxExecutions: 5 });
    expect(bounded.executions).toBe(5);
    expect(bounded.complete).toBe(false);
    expect(bounded.stoppedAtLimit).toBe(true);
    const shallow = exploreAll(sendersScenario(3), { protocol: SENDERS, maxDepth: 4 });
    expect(shallow.cut).toBeGreaterThan(0);
    expect(shallow.complete).toBe(false);
  });
});
