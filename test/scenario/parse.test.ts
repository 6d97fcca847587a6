import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from '../../src/scenario/parse.js';

function problems(text: string): string[] {
  const result = parseScenario(text);
  if (result.ok) return [];
  return result.problems.map((problem) => formatProblem('s.yaml', problem));
}

function scenario(text: string) {
  const result = parseScenario(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('scenario files', () => {
  it('read the example of the issue, with defaults', () => {
    const s = scenario(`
name: Diagram.log from the report
clock: report
start: 2021-11-03T08:51:02
network:
  links:
    - { from: server, to: "1111", delay: { fixed: 20 } }
steps:
  - { at: 0, join: 1111 }
  - { at: 16000, publish: "1111", message: "Hej" }
`);
    expect(s.seed).toBe(1);
    expect(s.variant).toBe('report');
    expect(s.protocol).toBe('chitty-chat');
    expect(s.nodes).toEqual(['server', '1111']);
    expect(new Date(s.startEpochMs).toISOString()).toBe('2021-11-03T08:51:02.000Z');
    expect(s.network.delay).toEqual({ kind: 'uniform', minMs: 1, maxMs: 5 });
    expect(s.network.links).toEqual([{ from: 'server', to: '1111', delay: { kind: 'fixed', ms: 20 } }]);
    expect(s.steps).toEqual([
      { atMs: 0, kind: 'command', node: '1111', command: 'join', args: {} },
      { atMs: 16000, kind: 'command', node: '1111', command: 'publish', args: { text: 'Hej' } },
    ]);
  });

  it('read unquoted names as written', () => {
    expect(scenario('steps:\n  - { at: 0, join: 0011 }\n').steps[0]).toMatchObject({ node: '0011' });
  });

  const cases: [string, string, string][] = [
    ['unknown key', 'steps: []\nnetwrk: {}\n', 's.yaml:2:1: netwrk: unknown key; expected one of name, seed, protocol, clock, variant, start, network, clocks, nodes, options, steps, schedule, timeouts, generate'],
    ['unknown step key', 'steps:\n  - { at: 0, join: a, when: 3 }\n', 's.yaml:2:23: steps[0].when: unknown key'],
    ['wrong type', 'seed: seven\nsteps: []\n', 's.yaml:1:7: seed: must be a whole number'],
    ['negative time', 'steps:\n  - { at: -5, join: a }\n', 's.yaml:2:11: steps[0].at: must not be negative'],
    ['negative delay', 'network:\n  delay: { fixed: -1 }\nsteps: []\n', 's.yaml:2:19: network.delay.fixed: must be positive'],
    ['reversed delay', 'network:\n  delay: { uniform: [5, 1] }\nsteps: []\n', 's.yaml:2:21: network.delay.uniform: reversed: min 5 is more than max 1'],
    ['exponential min above mean', 'network:\n  delay: { exponential: { mean: 5, min: 10 } }\nsteps: []\n', 'network.delay.exponential: reversed'],
    ['publish before join', 'steps:\n  - { at: 0, publish: a, message: hi }\n', 's.yaml:2:23: steps[0].publish: "a" has not joined (or has left) before this publish'],
    ['leave before join', 'steps:\n  - { at: 0, leave: b }\n', 's.yaml:2:21: steps[0].leave: "b" has not joined'],
    ['publish after leave', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, leave: a }\n  - { at: 2, publish: a, message: x }\n', 'steps[2].publish: "a" has not joined (or has left)'],
    ['double join', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, join: a }\n', 's.yaml:3:20: steps[1].join: "a" has already joined and not left'],
    ['out of order', 'steps:\n  - { at: 10, join: a }\n  - { at: 5, join: b }\n', 's.yaml:3:11: steps[1].at: steps must be in time order: 5 comes after 10'],
    ['unknown clock', 'clock: vector\nsteps: []\n', 's.yaml:1:8: clock: unknown clock mode "vector" of chitty-chat'],
    ['bad start', 'start: yesterday\nsteps: []\n', 's.yaml:1:8: start: must be a date and time'],
    ['server as participant', 'steps:\n  - { at: 0, join: server }\n', 'steps[0].join: "server" is the server\'s name'],
    ['two actions', 'steps:\n  - { at: 0, join: a, leave: a }\n', 'steps[0]: one action per step, found join and leave'],
    ['missing message', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, publish: a }\n', 'steps[1].message: missing'],
    ['missing at', 'steps:\n  - { join: a }\n', 'steps[0].at: missing'],
    ['no steps', 'name: x\n', 's.yaml:1:1: steps: missing'],
    ['YAML syntax', 'steps: [\n', 's.yaml:'],
    ['duplicate key', 'seed: 1\nseed: 2\nsteps: []\n', 's.yaml:2:1: seed: given twice in the same mapping'],
    ['alias', 'x: &a 1\nsteps: []\nseed: *a\n', 'unknown key'],
    ['alias in a field', 'name: &a x\nsteps: []\nclock: *a\n', 'clock: aliases (*name) are not supported'],
    ['not a mapping', '- 1\n- 2\n', 's.yaml:1:1: must be a mapping'],
    ['loss above 1', 'network: { loss: 1.5 }\nsteps: []\n', 's.yaml:1:18: network.loss: must be at most 1'],
    ['crash twice', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, crash: a }\n  - { at: 2, crash: a }\n', 'steps[2].crash: "a" has already crashed'],
    ['restart without crash', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, restart: a }\n', 'steps[1].restart: "a" has not crashed'],
    ['step by a crashed participant', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, crash: a }\n  - { at: 2, publish: a, message: hi }\n', 'steps[2].publish: "a" has crashed and not restarted'],
    ['unknown node in a partition', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, partition: [[server], [b]] }\n', 's.yaml:3:37: steps[1].partition[1][0]: no node "b"'],
    ['node in two groups', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, partition: [[server, a], [a]] }\n', '"a" is in two groups'],
    ['bad heal', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, heal: everything }\n', 'steps[1].heal: must be all, or { from, to } of a block'],
    ['block without to', 'steps:\n  - { at: 0, join: a }\n  - { at: 1, block: { from: a } }\n', 'steps[1].block.to: missing'],
    ['clock of nobody', 'clocks: { zed: { offsetMs: 5 } }\nsteps: []\n', 'clocks.zed: no node "zed"'],
    ['negative retries', 'timeouts: { retries: -1 }\nsteps: []\n', 'timeouts.retries: must not be negative'],
    ['link to itself', 'network:\n  links:\n    - { from: a, to: a, delay: { fixed: 1 } }\nsteps: []\n', 'network.links[0]: a link joins two different nodes'],
  ];
  for (const [name, text, expected] of cases) {
    it(`report ${name}`, () => {
      const found = problems(text);
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toContain(expected);
    });
  }

  it('report every problem, not just the first', () => {
    const found = problems('seed: x\nclock: y\nsteps:\n  - { at: -1, join: a }\n  - { at: 0, publish: b, message: hi }\n');
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  it('read faults, clocks and timeouts', () => {
    const s = scenario(`
network: { loss: 0.05, duplicate: 0.01, links: [{ from: server, to: "2222", delay: { exponential: { mean: 30, min: 5 } }, loss: 0.2 }] }
clocks: { "2222": { offsetMs: 1500, driftPpm: 200 } }
timeouts: { rpcMs: 1000, retries: 3 }
steps:
  - { at: 0, join: "1111" }
  - { at: 0, join: "2222" }
  - { at: 100, partition: [[server, "1111"], ["2222"]] }
  - { at: 200, block: { from: server, to: "2222" } }
  - { at: 300, heal: all }
  - { at: 350, heal: { from: server, to: "2222" } }
  - { at: 400, crash: "2222" }
  - { at: 900, restart: "2222" }
`);
    expect(s.network).toMatchObject({ loss: 0.05, duplicate: 0.01 });
    expect(s.network.links[0]).toEqual({ from: 'server', to: '2222', delay: { kind: 'exponential', meanMs: 30, minMs: 5 }, loss: 0.2 });
    expect(s.clocks).toEqual({ '2222': { offsetMs: 1500, driftPpm: 200 } });
    expect(s.options.timeouts).toEqual({ rpcMs: 1000, retries: 3 });
    expect(s.steps.slice(2).map((step) => step.kind)).toEqual(['partition', 'block', 'heal', 'heal', 'crash', 'restart']);
    expect(s.steps[2]).toEqual({ atMs: 100, kind: 'partition', groups: [['server', '1111'], ['2222']] });
  });

  it('accept a message over 128 characters: the server refuses it at run time', () => {
    expect(problems(`steps:\n  - { at: 0, join: a }\n  - { at: 1, publish: a, message: "${'x'.repeat(200)}" }\n`)).toEqual([]);
  });

  it('expand a generate: section with seeded times', () => {
    const s = scenario('seed: 3\ngenerate: { participants: 3, publishesEach: 2, window: [1000, 2000] }\n');
    const commands = s.steps.filter((step) => step.kind === 'command');
    expect(commands.filter((step) => step.command === 'join').map((step) => step.node)).toEqual(['p0', 'p1', 'p2']);
    const publishes = commands.filter((step) => step.command === 'publish');
    expect(publishes).toHaveLength(6);
    for (let k = 1; k < s.steps.length; k++) expect(s.steps[k].atMs).toBeGreaterThanOrEqual(s.steps[k - 1].atMs);
    expect(scenario('seed: 3\ngenerate: { participants: 3, publishesEach: 2, window: [1000, 2000] }\n').steps).toEqual(s.steps);
    expect(scenario('seed: 4\ngenerate: { participants: 3, publishesEach: 2, window: [1000, 2000] }\n').steps).not.toEqual(s.steps);
  });
});
