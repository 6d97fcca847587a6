/**
 * Each rule with a minimal trace that passes and one that fails. Rules 1-3 use traces built
 * event by event; rule 4 (Chitty-Chat's promises) changes one thing in the Diagram.log trace with
 * correct clocks, which passes every rule as it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace as checkEvents, createTraceChecker as createChecker } from '../../src/protocols/checking.js';
import type { CheckResult } from '../../src/check/types.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';
import { HEADER, TraceBuilder } from './synthetic.js';

const check = (events: Iterable<TraceEvent>, options = {}): CheckResult => checkEvents(HEADER, events, options);
const rules = (result: CheckResult) => result.violations.map((violation) => violation.rule);

describe('process-order', () => {
  it('passes when every process counts up', () => {
    const trace = new TraceBuilder();
    trace.local('a');
    trace.local('a');
    trace.local('b');
    expect(check(trace.events)).toMatchObject({ status: 'pass', violations: [], omitted: 0 });
  });

  it('fails when a time goes back, naming both events', () => {
    const trace = new TraceBuilder();
    trace.local('a', { lamport: 5 });
    trace.local('a', { lamport: 3 });
    const result = check(trace.events);
    expect(result.status).toBe('fail');
    expect(result.violations).toEqual([
      {
        rule: 'process-order',
        events: [
          { i: 0, node: 'a', lamport: 5 },
          { i: 1, node: 'a', lamport: 3 },
        ],
        message: expect.stringContaining('goes from 5 (event 0) back to 3 (event 1)'),
      },
    ]);
  });

  it('fails when a time stays the same', () => {
    const trace = new TraceBuilder();
    trace.local('a', { lamport: 4 });
    trace.local('a', { lamport: 4 });
    expect(check(trace.events).violations[0].message).toContain('stays at 4');
  });

  it('compares the events around a crash and restart, not the markers', () => {
    const kept = new TraceBuilder();
    kept.local('a');
    kept.crash('a');
    kept.restart('a');
    kept.local('a');
    expect(check(kept.events).status).toBe('pass');
    // A clock not kept across the crash starts again at 0: the next event goes back.
    const lost = new TraceBuilder();
    lost.local('a', { lamport: 7 });
    lost.crash('a', { lamport: 7 });
    lost.restart('a', { lamport: 0 });
    lost.local('a', { lamport: 1 });
    const result = check(lost.events);
    expect(rules(result)).toEqual(['process-order']);
    expect(result.violations[0].message).toContain('across a crash and restart');
  });
});

describe('receive-after-send', () => {
  it('passes when the receive is later than its send', () => {
    const trace = new TraceBuilder();
    trace.receive(trace.send('a', 'b'));
    expect(check(trace.events).status).toBe('pass');
  });

  it('fails when the receive is not later, naming the send and the receive', () => {
    const trace = new TraceBuilder();
    const msg = trace.send('a', 'b', 'JoinRequest', { lamport: 9 });
    trace.receive(msg, { lamport: 9 });
    const result = check(trace.events);
    expect(rules(result)).toEqual(['receive-after-send']);
    expect(result.violations[0].events).toEqual([
      { i: 0, node: 'a', lamport: 9 },
      { i: 1, node: 'b', lamport: 9 },
    ]);
  });

  it('checks each copy of a duplicated message', () => {
    const trace = new TraceBuilder();
    const msg = trace.send('a', 'b', undefined, { lamport: 10 });
    trace.receive(msg, { lamport: 11 });
    trace.receive(msg, { lamport: 12 });
    expect(check(trace.events).status).toBe('pass');
    const late = new TraceBuilder();
    const again = late.send('a', 'b', undefined, { lamport: 10 });
    late.local('b', { lamport: 1 });
    late.receive(again, { lamport: 11 });
    late.receive(again, { lamport: 12 });
    expect(check(late.events).status).toBe('pass');
    // The first copy is lost; the second arrives with a time that is not after the send.
    const wrong = new TraceBuilder();
    const copy = wrong.send('c', 'd', undefined, { lamport: 10 });
    wrong.drop(copy);
    wrong.receive(copy, { lamport: 5 });
    expect(rules(check(wrong.events))).toEqual(['receive-after-send']);
  });

  it('counts, without judging, a copy that arrives after its send left the window', () => {
    const trace = new TraceBuilder();
    const first = trace.send('a', 'b');
    trace.receive(first);
    for (let k = 0; k < 5; k++) trace.receive(trace.send('a', 'b'));
    trace.receive(first);
    const result = check(trace.events, { duplicateWindowMessages: 2 });
    expect(result.status).toBe('pass');
    expect(result.stats?.lateCopiesUnchecked).toBe(1);
    expect(check(trace.events).stats?.lateCopiesUnchecked).toBe(0);
  });
});

describe('message-match', () => {
  it('passes for sends matched by receives and drops', () => {
    const trace = new TraceBuilder();
    trace.receive(trace.send('a', 'b'));
    trace.drop(trace.send('a', 'b'));
    const result = check(trace.events);
    expect(result.status).toBe('pass');
    expect(result.stats?.inFlightAtEnd).toBe(0);
  });

  it('fails for a receive whose message was never sent', () => {
    const trace = new TraceBuilder();
    trace.receive(7, { node: 'b' });
    expect(rules(check(trace.events))).toEqual(['message-match']);
  });

  it('fails for a message id sent twice, and for a receive at the wrong node', () => {
    const twice = new TraceBuilder();
    twice.send('a', 'b', undefined, { msg: 1 });
    twice.send('a', 'b', undefined, { msg: 1 });
    expect(rules(check(twice.events))).toEqual(['message-match']);
    const elsewhere = new TraceBuilder();
    elsewhere.receive(elsewhere.send('a', 'b'), { node: 'c' });
    expect(rules(check(elsewhere.events))).toEqual(['message-match']);
  });
});

describe('vector-clock', () => {
  it('passes for vectors that follow program order and messages', () => {
    const trace = new TraceBuilder();
    trace.local('a');
    const msg = trace.send('a', 'b');
    trace.local('b');
    trace.receive(msg);
    trace.crash('b');
    trace.restart('b');
    expect(check(trace.events).status).toBe('pass');
  });

  it('fails for a receive that does not merge the send’s vector', () => {
    const trace = new TraceBuilder();
    trace.local('a');
    const msg = trace.send('a', 'b');
    trace.receive(msg, { vc: { b: 1 } });
    const result = check(trace.events);
    expect(rules(result)).toEqual(['vector-clock']);
    expect(result.violations[0].message).toContain('a is 0, expected 2');
    expect(result.violations[0].events.map((event) => event.i)).toEqual([1, 2]);
  });

  it('fails for an event that does not count itself, once', () => {
    const trace = new TraceBuilder();
    trace.local('a');
    trace.local('a', { vc: { a: 1 } });
    trace.local('a', { vc: { a: 2 } });
    // Each event is compared with its recorded predecessor, so one mistake is one violation.
    expect(rules(check(trace.events))).toEqual(['vector-clock']);
  });

  it('judges nothing where the trace has no vectors', () => {
    const trace = new TraceBuilder();
    trace.local('a');
    trace.local('a');
    const events = trace.events.map(({ vc: _vc, ...event }) => event);
    expect(check(events).status).toBe('pass');
  });
});

// --- rule 4 --------------------------------------------------------------------------------------

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'diagram-log.lamport.ndjson');
const base = (): TraceEvent[] => readTrace(readFileSync(FIXTURE, 'utf8')).events;
/** The Diagram.log run with correct clocks, changed by `change`. */
function changed(change: (events: TraceEvent[]) => void): CheckResult {
  const events = base();
  change(events);
  return check(events);
}
const find = (events: TraceEvent[], node: string, shows: string) => events.find((event) => event.node === node && event.shows?.startsWith(shows))!;

describe('rule 4 on the Diagram.log run with correct clocks', () => {
  it('passes as it is', () => {
    expect(check(base())).toMatchObject({ status: 'pass', violations: [] });
  });

  it('broadcast-once: a member that never shows a broadcast', () => {
    const result = changed((events) => delete find(events, '2222', '1111 said: Hej').shows);
    expect(rules(result)).toEqual(['broadcast-once']);
    expect(result.violations[0].message).toMatch(/^2222 was a member when broadcast #3 "1111 said: Hej" began at event \d+, but never showed it/);
  });

  it('broadcast-once: a member that shows a broadcast twice', () => {
    const result = changed((events) => {
      const shown = find(events, '2222', '1111 said: Hej');
      events[shown.i + 1].shows = shown.shows;
    });
    expect(rules(result)).toEqual(['broadcast-once']);
    expect(result.violations[0].message).toContain('twice');
  });

  it('own-announcement: a joiner that does not show its own join announcement', () => {
    const result = changed((events) => delete find(events, '2222', 'Participant 2222 joined').shows);
    expect(rules(result)).toEqual(['own-announcement']);
    expect(result.violations[0].message).toContain('never showed its own join announcement');
  });

  it('own-announcement: a leaver that shows its own leave announcement', () => {
    const result = changed((events) => {
      const announcement = find(events, '2222', 'Participant 1111 left').shows!;
      const leaverReceives = events.find((event) => event.node === '1111' && event.type === 'BroadcastRequest' && event.kind === 'receive' && event.i > 53)!;
      leaverReceives.shows = announcement;
    });
    expect(rules(result)).toEqual(['own-announcement']);
    expect(result.violations[0].message).toContain('showed its own leave announcement');
  });

  it("announcement-time: a join announced with another time than the joiner's join response", () => {
    const result = changed((events) => {
      for (const event of events) if (event.shows?.startsWith('Participant 2222 joined')) event.shows = 'Participant 2222 joined Chitty-Chat at Lamport time 18';
    });
    expect(rules(result)).toEqual(['announcement-time']);
    expect(result.violations[0].message).toContain("2222's join response was at 19");
  });

  it('announcement-time: a leave announced with another time than "Leave Request sent"', () => {
    const result = changed((events) => {
      find(events, '2222', 'Participant 1111 left').shows = 'Participant 1111 left Chitty-Chat at Lamport time 51';
    });
    expect(rules(result)).toEqual(['announcement-time']);
  });

  it('message-length: 128 code points may be broadcast, 129 may not', () => {
    const withText = (text: string) =>
      changed((events) => {
        for (const event of events) if (event.shows?.startsWith('1111 said: Hej')) event.shows = event.shows.replace('Hej', text);
      });
    expect(withText('🍓'.repeat(128)).status).toBe('pass');
    const result = withText('🍓'.repeat(129));
    expect(rules(result)).toEqual(['message-length']);
    expect(result.violations[0].message).toContain('129 characters');
  });

  it('message-length and announcement checks work for a show outside any broadcast', () => {
    const trace = new TraceBuilder();
    trace.local('p', { shows: `p said: ${'x'.repeat(200)}, lamport time: 1` });
    expect(rules(check(trace.events))).toEqual(['message-length']);
  });
});

describe('broadcast-order', () => {
  /** Two publishes whose broadcasts overlap (as under the concurrent-broadcast clock mode). */
  function overlapping(secondOrderAtB: 'same' | 'opposite'): TraceEvent[] {
    const trace = new TraceBuilder();
    const join = (name: string) => {
      trace.receive(trace.send(name, 'server', 'JoinRequest', { text: 'Join Request sent, lamport time: 1' }));
      const reply = trace.send('server', name, 'JoinReply');
      trace.receive(reply, { text: 'Join response from the Server: You are now connected, lamport time: 1' });
    };
    join('a');
    join('b');
    const start = () => trace.local('server', { text: 'BroadCast Request sent, lamport time: 1' });
    const serve = (msg: number, text: string) => {
      trace.receive(msg);
      trace.local(trace.events[trace.events.length - 1].node, { shows: text });
      return trace.send(trace.events[trace.events.length - 1].node, 'server', 'BroadcastReply');
    };
    start();
    const firstToA = trace.send('server', 'a', 'BroadcastRequest');
    start();
    const secondToA = trace.send('server', 'a', 'BroadcastRequest');
    trace.receive(serve(firstToA, 'x said: one, lamport time: 1'));
    const firstToB = trace.send('server', 'b', 'BroadcastRequest');
    trace.receive(serve(secondToA, 'y said: two, lamport time: 1'));
    const secondToB = trace.send('server', 'b', 'BroadcastRequest');
    if (secondOrderAtB === 'same') {
      trace.receive(serve(firstToB, 'x said: one, lamport time: 1'));
      trace.receive(serve(secondToB, 'y said: two, lamport time: 1'));
    } else {
      trace.receive(serve(secondToB, 'y said: two, lamport time: 1'));
      trace.receive(serve(firstToB, 'x said: one, lamport time: 1'));
    }
    return trace.events;
  }

  it('passes when members show overlapping broadcasts in the same order', () => {
    const result = check(overlapping('same'));
    expect(rules(result)).toEqual([]);
    expect(result.stats?.overlappingBroadcasts).toBe(true);
  });

  it('fails when two members show two broadcasts in opposite orders', () => {
    const result = check(overlapping('opposite'));
    expect(rules(result)).toEqual(['broadcast-order']);
    const order = result.violations[0];
    expect(order.message).toBe('b showed "y said: two" before "x said: one", but a showed them in the opposite order.');
    expect(order.events).toHaveLength(4);
  });
});

describe('the violation list', () => {
  it('is capped; the rest are counted', () => {
    const trace = new TraceBuilder();
    for (let k = 0; k < 50; k++) trace.local('a', { lamport: 1 });
    const result = check(trace.events, { maxViolations: 10 });
    expect(result.violations).toHaveLength(10);
    expect(result.omitted).toBe(39);
    expect(result.byRule).toEqual({ 'process-order': 49 });
  });

  it('is the same whether the checker gets objects or a running simulation', async () => {
    const { CheckSink } = await import('../../src/check/index.js');
    const { Simulation } = await import('../../src/scenario/simulate.js');
    const { checkOptionsFor } = await import('../../src/protocols/checking.js');
    const { chittyChat } = await import('../../src/protocols/chitty-chat/protocol.js');
    const { loadScenarioFile, runToText } = await import('../helpers.js');
    for (const clock of ['report', 'lamport', 'concurrent-broadcast']) {
      const scenario = loadScenarioFile(clock === 'concurrent-broadcast' ? 'concurrent-publish.yaml' : 'diagram-log.yaml');
      const sink = new CheckSink(scenario.nodes, checkOptionsFor(chittyChat));
      new Simulation(scenario, { variant: clock, sinks: [sink] }).run();
      const fromFile = createChecker(HEADER);
      for (const event of readTrace(runToText(scenario, { clock }).trace).events) fromFile.push(event);
      expect(sink.finish()).toEqual(fromFile.finish());
    }
  });
});
