/**
 * Logs of real programs hold shapes a request and its reply never make: a message several hosts
 * receive, an event that receives and sends, an event with two parents. The importer keeps every
 * edge ShiViz sees, and the checker holds every valid log to its rules without a false alarm,
 * while still reporting each log whose clocks are impossible, at the log's lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvents } from '../../src/check/checker.js';
import { exportShiviz } from '../../src/export/shiviz.js';
import { readShivizExecutions, readShivizLog, type ShivizExecution } from '../../src/import/shiviz.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { messageEnds } from '../../src/trace/message-ends.js';
import { akkaLog, AKKA_REGEX, goVectorLog, shiVectorLog, SHIVECTOR_REGEX, shivizModel, shivizVerifies, simulate, stepsArbitrary, tlaLog, TLA_DELIMITER, TLA_REGEX, tsvizLog, TSVIZ_REGEX, type LoggedEvent } from './vc-logs.js';

function check(execution: ShivizExecution) {
  return checkEvents(execution.events, { rules: [] });
}

/** Each event's first and further ends, as `kind msg peer`. */
function ends(event: TraceEvent): string[] {
  return messageEnds(event).map((end) => `${end.kind} ${end.msg} ${end.peer}`);
}

/** The parents the importer gives each event (`host:own` of the sends it receives), by `host:own`. */
function importedParents(events: readonly TraceEvent[]): Map<string, string[]> {
  const key = (event: TraceEvent) => `${event.node}:${event.vc![event.node]}`;
  const senderOf = new Map<number, string>();
  for (const event of events) for (const end of messageEnds(event)) if (end.kind === 'send') senderOf.set(end.msg, key(event));
  return new Map(events.map((event) => [key(event), messageEnds(event).filter((end) => end.kind === 'receive').map((end) => senderOf.get(end.msg)!).sort()]));
}

describe('ShiViz shapes', () => {
  it('a message several hosts receive is one send to all of them, with no violation', () => {
    const log = 'broadcast\na {"a":1}\ngot it\nb {"a":1,"b":1}\ngot it too\nc {"a":1,"c":1}\n';
    const execution = readShivizLog(log);
    expect(execution.events.map((event) => [event.node, ...ends(event)])).toEqual([
      ['a', 'send 0 b', 'send 0 c'],
      ['b', 'receive 0 a'],
      ['c', 'receive 0 a'],
    ]);
    expect(execution.header.version).toBe(2);
    expect(check(execution).status).toBe('pass');
  });

  it('an event that receives and sends keeps both, and what it sends carries its clock', () => {
    const log = 'ask\na {"a":1}\nforward\nb {"a":1,"b":1}\nanswer\nc {"a":1,"b":1,"c":1}\n';
    const execution = readShivizLog(log);
    expect(execution.events.map((event) => [event.node, event.kind, ...ends(event)])).toEqual([
      ['a', 'send', 'send 0 b'],
      ['b', 'receive', 'receive 0 a', 'send 1 c'],
      ['c', 'receive', 'receive 1 b'],
    ]);
    expect(execution.events.map((event) => event.lamport)).toEqual([1, 2, 3]);
    expect(check(execution).status).toBe('pass');
  });

  it('an event with two parents receives both, and its Lamport time is after both', () => {
    const log = 'x\na {"a":1}\nx2\na {"a":2}\ny\nb {"b":1}\nmerge\nc {"a":2,"b":1,"c":1}\n';
    const execution = readShivizLog(log);
    const merge = execution.events.find((event) => event.text === 'merge')!;
    expect(ends(merge)).toEqual(['receive 0 b', 'receive 1 a']);
    expect(merge.lamport).toBe(3);
    const result = check(execution);
    expect(result.violations).toEqual([]);
    // With the second parent left out (as a trace of one end per event had it), the vector-clock rule would not hold.
    const { also: _also, ...firstOnly } = merge;
    const second = checkEvents(execution.events.map((event) => (event === merge ? firstOnly : event)), { rules: [] });
    expect(second.byRule).toEqual({ 'vector-clock': 1 });
  });

  it("reads each tool's layout of the same run, with ShiViz's edges and no violation", () => {
    const events = simulate(4, [
      { host: 0, action: 'send', to: [1, 2, 3] },
      { host: 1, action: 'relay', to: [2] },
      { host: 2, action: 'receive', count: 2 },
      { host: 3, action: 'receive', count: 1 },
      { host: 3, action: 'send', to: [0] },
      { host: 0, action: 'receive', count: 1 },
      { host: 2, action: 'local' },
    ]);
    const layouts: [string, string, { regex?: string; delimiter?: string }][] = [
      ['GoVector', goVectorLog(events), {}],
      ['ShiVector', shiVectorLog(events), { regex: SHIVECTOR_REGEX }],
      ['Akka', akkaLog(events), { regex: AKKA_REGEX }],
      ['TSViz', tsvizLog(events), { regex: TSVIZ_REGEX }],
      ['TLA+', tlaLog([{ name: 'one', events }]), { regex: TLA_REGEX, delimiter: TLA_DELIMITER }],
    ];
    for (const [tool, log, options] of layouts) {
      const execution = readShivizLog(log, options);
      expect(execution.events, tool).toHaveLength(events.length);
      expect(check(execution).violations, tool).toEqual([]);
      // The broadcast and the relay have several ends (host2's second message is covered by host1's, as ShiViz sees it).
      expect(execution.events.filter((event) => event.also !== undefined).map((event) => event.node), tool).toEqual(['host0', 'host1']);
    }
  });

  it('keeps exactly the edges of ShiViz\'s model and passes the checker, for any run in any layout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((hosts) => fc.tuple(fc.constant(hosts), stepsArbitrary(hosts))), fc.nat(3), ([hosts, steps], layout) => {
        const events = simulate(hosts, steps);
        const log = [goVectorLog(events), shiVectorLog(events), akkaLog(events), tsvizLog(events)][layout];
        const regex = [undefined, SHIVECTOR_REGEX, AKKA_REGEX, TSVIZ_REGEX][layout];
        const execution = readShivizLog(log, { regex });
        expect(execution.events).toHaveLength(events.length);
        const model = shivizModel(events.map((event) => ({ host: event.host, clock: event.vc })));
        const parents = importedParents(execution.events);
        for (const entry of model) expect(parents.get(`${entry.host}:${entry.own}`)).toEqual(entry.parents);
        // Lamport times: 1 + the largest of the previous event's and every parent's.
        const lamportOf = new Map(execution.events.map((event) => [`${event.node}:${event.vc![event.node]}`, event.lamport]));
        for (const entry of model) {
          const before = [...entry.parents, ...(entry.own > 1 ? [`${entry.host}:${entry.own - 1}`] : [])].map((name) => lamportOf.get(name)!);
          expect(lamportOf.get(`${entry.host}:${entry.own}`)).toBe(1 + Math.max(0, ...before));
        }
        expect(check(execution).violations).toEqual([]);
        // Exported again, it reads back exactly: several ends and fields included.
        const back = readShivizLog(exportShiviz(execution.events));
        expect(back.restored).toBe(true);
        expect(back.events).toEqual(execution.events);
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('reports a log exactly when ShiViz\'s verification refuses its clocks, at the log\'s lines', () => {
    let broken = 0;
    fc.assert(
      fc.property(stepsArbitrary(3, 30), fc.nat(), fc.nat(), fc.integer({ min: -2, max: 2 }).filter((delta) => delta !== 0), (steps, which, entry, delta) => {
        const events = simulate(3, steps);
        const mutated: LoggedEvent[] = events.map((event) => ({ ...event, vc: { ...event.vc } }));
        const target = mutated[which % mutated.length];
        const others = ['host0', 'host1', 'host2'].filter((host) => host !== target.host);
        const other = others[entry % others.length];
        const count = (target.vc[other] ?? 0) + delta;
        const events0f = mutated.filter((event) => event.host === other).length;
        // Only what ShiViz opens: an entry from 0 up to that host's number of events.
        fc.pre(count >= 0 && count <= events0f);
        if (count === 0) delete target.vc[other];
        else target.vc[other] = count;
        const log = goVectorLog(mutated);
        const execution = readShivizLog(log);
        const valid = shivizVerifies(shivizModel(mutated.map((event) => ({ host: event.host, clock: event.vc }))));
        const result = check(execution);
        expect(result.status).toBe(valid ? 'pass' : 'fail');
        if (!valid) {
          broken++;
          for (const violation of result.violations) for (const ref of violation.events) expect(execution.lines[ref.i]).toBeGreaterThan(0);
        }
      }),
      { seed: 12, numRuns: 200 },
    );
    expect(broken).toBeGreaterThan(50);
  });
});

describe('impossible clocks', () => {
  it('an entry that goes down along a host is a vector-clock violation at its line', () => {
    const log = 'a sends\na {"a":1}\nb receives\nb {"a":1,"b":1}\nb forgets\nb {"b":2}\n';
    const execution = readShivizLog(log);
    const result = check(execution);
    expect(result.byRule).toEqual({ 'vector-clock': 1 });
    const ref = result.violations[0].events.at(-1)!;
    expect(execution.lines[ref.i]).toBe(6);
  });

  it('a clock that knows less than its parent knew is a vector-clock violation', () => {
    const log = 'x\na {"a":1}\ny\nb {"a":1,"b":1}\nz\nc {"b":1,"c":1}\n';
    const result = check(readShivizLog(log));
    expect(result.byRule).toEqual({ 'vector-clock': 1 });
    expect(result.violations[0].message).toMatch(/a is 0, expected 1/);
  });

  it('clocks that make a cycle are read, reported and explained', () => {
    const log = 'x\na {"a":1,"b":1}\ny\nb {"a":1,"b":1}\n';
    const execution = readShivizLog(log);
    expect(execution.events).toHaveLength(2);
    expect(execution.notes.join()).toMatch(/cycle: the event of a on line 2/);
    const result = check(execution);
    expect(result.status).toBe('fail');
    expect(result.byRule!['message-match']).toBe(1);
  });

  it('every execution is read, each with its own events and lines', () => {
    const one = simulate(2, [{ host: 0, action: 'send', to: [1] }, { host: 1, action: 'receive', count: 1 }]);
    const two = simulate(3, [{ host: 2, action: 'send', to: [0, 1] }, { host: 0, action: 'receive', count: 1 }]);
    const executions = readShivizExecutions(tlaLog([{ name: 'first run', events: one }, { name: 'second', events: two }]), { regex: TLA_REGEX, delimiter: TLA_DELIMITER });
    expect(executions.map((execution) => [execution.name, execution.events.length, execution.hosts.length])).toEqual([
      ['first run', 2, 2],
      ['second', 2, 2],
    ]);
    expect(executions[1].lines.every((line) => line > executions[0].lines.at(-1)!)).toBe(true);
    for (const execution of executions) expect(check(execution).status).toBe('pass');
  });
});
