/**
 * Ricart-Agrawala's behaviour, in-process: who enters when, retries under loss, a crash inside the
 * critical section, the clock across a restart, and determinism.
 */
import { describe, expect, it } from 'vitest';
import { runAndCheck } from '../../src/fuzz/campaign.js';
import { ricartAgrawala } from '../../src/protocols/ricart-agrawala/protocol.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';

const enters = (events: TraceEvent[]) => events.filter((event) => event.mark?.enter === 'cs').map((event) => event.node);

describe('ricart-agrawala', () => {
  it('orders two requests with one timestamp by node name, and a later one after both', () => {
    const { memory } = runToText(loadScenarioFile('ricart-agrawala.yaml'));
    const events = memory.events();
    const requests = events.filter((event) => event.text.startsWith('Request the critical section'));
    expect(requests.map((event) => [event.node, event.text])).toEqual([
      ['a', 'Request the critical section (timestamp 1)'],
      ['b', 'Request the critical section (timestamp 1)'],
      ['c', 'Request the critical section (timestamp 8)'],
    ]);
    expect(enters(events)).toEqual(['a', 'b', 'c']);
    expect(events.find((event) => event.node === 'a' && event.text.startsWith('Request from b'))?.text).toBe('Request from b (timestamp 1): defer the reply');
  });

  it('holds the critical section for holdMs: the default, the options, or the request', () => {
    const held = (text: string) => {
      const events = runToText(scenarioFromText(text)).memory.events();
      const enter = events.find((event) => event.mark?.enter === 'cs')!;
      const exit = events.find((event) => event.mark?.exit === 'cs')!;
      return exit.t - enter.t;
    };
    const scenario = 'protocol: ricart-agrawala\nnodes: [a, b]\n';
    expect(held(`${scenario}steps:\n  - { at: 0, node: a, command: request }\n`)).toBe(100);
    expect(held(`${scenario}options: { holdMs: 30 }\nsteps:\n  - { at: 0, node: a, command: request }\n`)).toBe(30);
    expect(held(`${scenario}options: { holdMs: 30 }\nsteps:\n  - { at: 0, node: a, command: request, args: { holdMs: 7 } }\n`)).toBe(7);
  });

  it('queues a request given while one is under way', () => {
    const scenario = scenarioFromText('protocol: ricart-agrawala\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: request }\n  - { at: 1, node: a, command: request }\n');
    const { result } = runAndCheck(scenario);
    expect(result.status).toBe('pass');
    expect(enters(runToText(scenario).memory.events())).toEqual(['a', 'a']);
  });

  it('under loss, retries until every request gets in, with every region ordered', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const scenario = scenarioFromText(`protocol: ricart-agrawala\nseed: ${seed}\nnodes: [a, b, c]\nnetwork: { delay: { uniform: [1, 20] }, loss: 0.2, duplicate: 0.1 }\nsteps:
  - { at: 0, node: a, command: request }
  - { at: 0, node: b, command: request }
  - { at: 5, node: c, command: request }
  - { at: 50, node: a, command: request }\n`);
      expect(runAndCheck(scenario).result.violations, `seed ${seed}`).toEqual([]);
      const events = runToText(scenario).memory.events();
      expect(enters(events).sort(), `seed ${seed}`).toEqual(['a', 'a', 'b', 'c']);
      if (seed === 1) expect(events.some((event) => event.text.includes('(attempt 2)'))).toBe(true);
    }
  });

  it('leaves the critical section at a crash; the others get in after the restart; the clock goes on rising', () => {
    const scenario = loadScenarioFile('ricart-agrawala-crash.yaml');
    expect(runAndCheck(scenario).result.status).toBe('pass');
    const events = runToText(scenario).memory.events();
    expect(enters(events)).toEqual(['b', 'a', 'c']);
    const crash = events.findIndex((event) => event.kind === 'crash');
    const before = events.slice(0, crash).filter((event) => event.node === 'b' && event.kind !== 'drop').at(-1)!;
    const after = events.slice(crash).find((event) => event.node === 'b' && ['send', 'receive', 'local'].includes(event.kind))!;
    expect(after.lamport).toBeGreaterThan(before.lamport);
  });

  it('abandons a request when a node never comes back, and grants what it deferred', () => {
    const scenario = scenarioFromText(`protocol: ricart-agrawala\nnodes: [a, b, c]\noptions: { retryMs: 50, retries: 2 }\nsteps:
  - { at: 0, crash: c }
  - { at: 10, node: a, command: request }
  - { at: 40, node: b, command: request }\n`);
    const events = runToText(scenario).memory.events();
    expect(events.filter((event) => event.text.startsWith('Request abandoned')).map((event) => [event.node, event.text])).toEqual([
      ['a', 'Request abandoned: no reply from c after 3 attempts'],
      ['b', 'Request abandoned: no reply from c after 3 attempts'],
    ]);
    expect(events.some((event) => event.node === 'a' && event.text === 'Reply to b (deferred)')).toBe(true);
    expect(enters(events)).toEqual([]);
  });

  it('is deterministic: the same seed gives the same trace, another seed another', () => {
    const scenario = loadScenarioFile('ricart-agrawala-crash.yaml');
    expect(runToText(scenario).trace).toBe(runToText(loadScenarioFile('ricart-agrawala-crash.yaml')).trace);
    expect(runToText(scenario, { seed: 4 }).trace).not.toBe(runToText(scenario).trace);
  });

  it('draws small valid workloads for the fuzzer', () => {
    let draws = 0;
    const random = () => ((draws = (draws * 9301 + 49297) % 233280) / 233280);
    for (let k = 0; k < 50; k++) {
      const { nodes, steps } = ricartAgrawala.generate!(random);
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      expect(steps.length).toBeGreaterThanOrEqual(2);
      for (const step of steps) expect(nodes).toContain(step.node);
      expect(steps.map((step) => step.at)).toEqual([...steps.map((step) => step.at)].sort((a, b) => a - b));
    }
  });
});
