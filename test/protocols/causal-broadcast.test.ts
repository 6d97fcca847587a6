/**
 * Causal broadcast's behaviour, in-process: hold-back and delivery order, every message delivered
 * once under loss and duplication, a crash and restart with Sync, and determinism.
 */
import { describe, expect, it } from 'vitest';
import { runAndCheck } from '../../src/fuzz/campaign.js';
import { causalBroadcast } from '../../src/protocols/causal-broadcast/protocol.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';

/** What each node shows, in order. */
function shown(events: TraceEvent[]): Record<string, string[]> {
  const byNode: Record<string, string[]> = {};
  for (const event of events) if (event.shows) (byNode[event.node] ??= []).push(event.shows);
  return byNode;
}

describe('causal-broadcast', () => {
  it('holds back an answer that overtook the message it answers, then delivers both in order', () => {
    const events = runToText(loadScenarioFile('causal-broadcast.yaml')).memory.events();
    const held = events.find((event) => event.text.startsWith('Hold back'));
    expect([held?.node, held?.text]).toEqual(['c', 'Hold back b#1: hi a! (waiting for a#1)']);
    expect(shown(events)).toEqual({
      a: ['a#1: hello, anyone here?', 'b#1: hi a!'],
      b: ['a#1: hello, anyone here?', 'b#1: hi a!'],
      c: ['a#1: hello, anyone here?', 'b#1: hi a!'],
    });
  });

  it('in the fifo variant, delivers the answer first; in no-holdback, overtaken messages out of order', () => {
    const fifo = shown(runToText(loadScenarioFile('causal-broadcast.yaml'), { clock: 'fifo' }).memory.events());
    expect(fifo.c).toEqual(['b#1: hi a!', 'a#1: hello, anyone here?']);
    const noHoldback = shown(runToText(loadScenarioFile('causal-broadcast-no-holdback.yaml')).memory.events());
    expect(noHoldback.c.slice(0, 2)).toEqual(['a#2: never mind', 'a#1: what is 6 x 7?']);
    expect(shown(runToText(loadScenarioFile('causal-broadcast-no-holdback.yaml'), { clock: 'causal' }).memory.events()).c.slice(0, 2)).toEqual(['a#1: what is 6 x 7?', 'a#2: never mind']);
  });

  it('holds back its own message until it has delivered what it had received before publishing', () => {
    const scenario = scenarioFromText(`protocol: causal-broadcast\nnodes: [a, b, c]\nnetwork:\n  delay: { fixed: 10 }\n  links:\n    - { from: a, to: c, delay: { fixed: 50 } }\nsteps:
  - { at: 0, node: a, command: publish, args: { text: one } }
  - { at: 15, node: b, command: publish, args: { text: two } }
  - { at: 30, node: c, command: publish, args: { text: three } }\n`);
    expect(runAndCheck(scenario).result.status).toBe('pass');
    const events = runToText(scenario).memory.events();
    // c has received b's two (which depends on a#1) but not a#1 when it publishes: its own three waits too.
    const own = events.filter((event) => event.node === 'c' && event.kind === 'local').map((event) => [event.t, event.text]);
    expect(own).toEqual([
      [30, 'Publish c#1: three (held back: waiting for a#1)'],
      [50, 'Deliver b#1: two'],
      [50, 'Deliver c#1: three'],
    ]);
    expect(shown(events).c).toEqual(['a#1: one', 'b#1: two', 'c#1: three']);
  });

  it('under loss and duplication, every node delivers every message once, in causal order', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const scenario = scenarioFromText(`protocol: causal-broadcast\nseed: ${seed}\nnodes: [a, b, c]\nnetwork: { delay: { uniform: [1, 40] }, loss: 0.3, duplicate: 0.1 }\nsteps:
  - { at: 0, node: a, command: publish, args: { text: one } }
  - { at: 10, node: b, command: publish, args: { text: two } }
  - { at: 15, node: c, command: publish, args: { text: three } }
  - { at: 20, node: a, command: publish, args: { text: four } }\n`);
      expect(runAndCheck(scenario).result.violations, `seed ${seed}`).toEqual([]);
      const byNode = shown(runToText(scenario).memory.events());
      for (const node of ['a', 'b', 'c']) expect([...byNode[node]].sort(), `seed ${seed}, ${node}`).toEqual(['a#1: one', 'a#2: four', 'b#1: two', 'c#1: three']);
    }
  });

  it('after a crash, keeps what it delivered, asks for what it missed, and its clock goes on rising', () => {
    const scenario = loadScenarioFile('causal-broadcast-crash.yaml');
    expect(runAndCheck(scenario).result.status).toBe('pass');
    const events = runToText(scenario).memory.events();
    const all = ['a#1: hello', 'b#1: hi a', 'a#2: where is c?', 'c#1: back again'];
    expect(shown(events)).toEqual({ a: all, b: all, c: all });
    expect(events.filter((event) => event.kind === 'send' && event.type === 'Sync').map((event) => event.node)).toEqual(['c', 'c']);
    const crash = events.findIndex((event) => event.kind === 'crash');
    const before = events.slice(0, crash).filter((event) => event.node === 'c' && event.kind !== 'drop').at(-1)!;
    const after = events.slice(crash).find((event) => event.node === 'c' && event.kind === 'send')!;
    expect(after.lamport).toBeGreaterThan(before.lamport);
  });

  it('sends no acknowledgements when nothing can be lost', () => {
    const events = runToText(loadScenarioFile('causal-broadcast.yaml')).memory.events();
    expect(new Set(events.filter((event) => event.kind === 'send').map((event) => event.type))).toEqual(new Set(['Broadcast']));
  });

  it('is deterministic: the same seed gives the same trace, another seed another', () => {
    const scenario = loadScenarioFile('causal-broadcast-crash.yaml');
    expect(runToText(scenario).trace).toBe(runToText(loadScenarioFile('causal-broadcast-crash.yaml')).trace);
    expect(runToText(scenario, { seed: 5 }).trace).not.toBe(runToText(scenario).trace);
  });

  it('draws small valid workloads for the fuzzer', () => {
    let draws = 0;
    const random = () => ((draws = (draws * 9301 + 49297) % 233280) / 233280);
    for (let k = 0; k < 50; k++) {
      const { nodes, steps } = causalBroadcast.generate!(random);
      expect(nodes.length).toBeGreaterThanOrEqual(3);
      for (const step of steps) {
        expect(nodes).toContain(step.node);
        expect(step).toMatchObject({ command: 'publish', args: { text: expect.any(String) } });
      }
    }
  });
});
