/**
 * `schedule:` in a scenario file: read with its places, written back, and replayed exactly by a
 * run; an entry that names an event that cannot happen at its point is an error naming the entry
 * and its line.
 */
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../../src/explore/schedule-error.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { Simulation } from '../../src/scenario/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { MemoryTrace } from '../../src/trace/memory-trace.js';
import { scenarioFromText } from '../helpers.js';
import { RELAY } from './explore-helpers.js';

const RELAY_SCENARIO = `protocol: ./relay.mjs
nodes: [a, b]
steps:
  - { at: 0, node: a, command: send, args: { to: b, hops: 1 } }
  - { at: 5, node: b, command: arm, args: { hops: 0 } }
`;

function run(scenario: Scenario) {
  const trace = new MemoryTrace(scenario.nodes);
  new Simulation(scenario, { protocol: RELAY, sinks: [trace] }).run();
  return trace.events().map((event) => `${event.node} ${event.kind}${event.msg === undefined ? '' : ` ${event.msg}`}${event.reason ? ` ${event.reason}` : ''} ${event.text}`);
}

describe('schedule:', () => {
  it('reads every kind of entry with its place, and writes it back the same', () => {
    const text = `${RELAY_SCENARIO}schedule:
  - step: 0
  - deliver: 0
  - lose: 1
  - duplicate: 7
  - timer: { node: b, name: "tick" }
  - crash: a
  - restart: a
  - step: 1
`;
    const scenario = scenarioFromText(text);
    expect(scenario.schedule).toEqual([
      { kind: 'step', step: 0, source: { line: 7, col: 5 } },
      { kind: 'deliver', message: 0, source: { line: 8, col: 5 } },
      { kind: 'lose', message: 1, source: { line: 9, col: 5 } },
      { kind: 'duplicate', message: 7, source: { line: 10, col: 5 } },
      { kind: 'timer', node: 'b', name: 'tick', source: { line: 11, col: 5 } },
      { kind: 'crash', node: 'a', source: { line: 12, col: 5 } },
      { kind: 'restart', node: 'a', source: { line: 13, col: 5 } },
      { kind: 'step', step: 1, source: { line: 14, col: 5 } },
    ]);
    const written = scenarioToYaml({ ...scenario, schedule: scenario.schedule!.map((entry, k) => ({ ...entry, note: k === 1 ? 'Hop a -> b' : undefined })) });
    expect(written).toContain('  - deliver: 0               # Hop a -> b\n');
    const again = scenarioFromText(written);
    const plain = (entries: Scenario['schedule']) => entries!.map(({ source: _source, note: _note, ...entry }) => entry);
    expect(plain(again.schedule)).toEqual(plain(scenario.schedule));
  });

  it('reports what is wrong in the file with line, column and field', () => {
    const result = parseScenario(`${RELAY_SCENARIO}schedule:
  - step: 1
  - deliver: -1
  - timer: { node: z }
  - crash: nobody
  - step: 0
    deliver: 2
  - hurry: 3
  - step: 7
`);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.col}: ${problem.path}: ${problem.message}`);
    expect(problems).toEqual([
      '7:11: schedule[0].step: steps keep their order: the next step here is 0, not 1',
      '8:14: schedule[1].deliver: must not be negative',
      '9:12: schedule[2].timer.name: missing: the name the node gave the timer',
      '10:12: schedule[3].crash: no node "nobody"; the nodes are a, b',
      '11:5: schedule[4]: one choice per entry, found step and deliver',
      '13:5: schedule[5].hurry: unknown key; expected one of deliver, lose, duplicate, timer, step, crash, restart',
      '14:11: schedule[6].step: there is no step 7: the steps are 0 to 1',
    ]);
  });

  it('is replayed exactly, and the default order (messages, restarts, the next step, timers) goes on after it', () => {
    const base = scenarioFromText(RELAY_SCENARIO);
    // The default order: the hop is delivered and forwarded before b is told to arm its timer.
    expect(run({ ...base, schedule: [] })).toEqual([
      'a send 0 send 1',
      'b receive 0 Hop from a',
      'b send 1 ',
      'a receive 1 Hop from b',
      'b local arm',
      'b send 2 tick',
      'a receive 2 Tick from b',
    ]);
    // The timer armed and fired before the hop arrives; the hop's message is lost.
    const pinned = scenarioFromText(`${RELAY_SCENARIO}schedule:
  - step: 0
  - step: 1
  - timer: { node: b, name: tick }
  - lose: 0
`);
    expect(run(pinned)).toEqual(['a send 0 send 1', 'b local arm', 'b send 1 tick', 'b drop 0 loss ', 'a receive 1 Tick from b']);
    // The same file runs the same way every time.
    expect(run(pinned)).toEqual(run(pinned));
  });

  it('replays duplicates, crashes and restarts', () => {
    const scenario = scenarioFromText(`${RELAY_SCENARIO}schedule:
  - step: 0
  - duplicate: 0
  - crash: b
  - deliver: 0
  - restart: b
`);
    expect(run(scenario)).toEqual([
      'a send 0 send 1',
      'b receive 0 Hop from a',
      'b send 1 ',
      'b crash ',
      'b drop 0 crashed ',
      'b restart ',
      'a receive 1 Hop from b',
      'b local arm',
      'b send 2 tick',
      'a receive 2 Tick from b',
    ]);
  });

  it('stops at an entry whose event cannot happen there, naming the entry, its line and what could', () => {
    const scenario = scenarioFromText(`${RELAY_SCENARIO}schedule:
  - step: 0
  - deliver: 0
  - deliver: 0
`);
    const error = (() => {
      try {
        run(scenario);
      } catch (caught) {
        return caught;
      }
    })() as ScheduleError;
    expect(error).toBeInstanceOf(ScheduleError);
    expect(error.located('relay.yaml')).toBe('relay.yaml:9:5: schedule[2]: message 0 is not in flight here; in flight: 1 (Hop b -> a)');
    for (const [entry, reason] of [
      ['timer: { node: b, name: tick }', 'schedule[1]: b has no timer "tick" set here; it has none'],
      ['restart: a', 'schedule[1]: a was not crashed by a crash: entry, so it cannot restart here'],
    ]) {
      const bad = scenarioFromText(`${RELAY_SCENARIO}schedule:\n  - crash: b\n  - ${entry}\n`);
      expect(() => run(bad), entry).toThrow(reason);
    }
  });
});
