/**
 * Properties over random message-passing runs with correct clocks (fast-check): they pass; one
 * Lamport time set to 0 is caught exactly when the event has a predecessor or is a receive; one
 * vector entry changed is caught at that event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace as checkEvents } from '../../src/protocols/checking.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { HEADER, TraceBuilder } from './synthetic.js';

const NODES = ['a', 'b', 'c', 'd'];

/** A step of a random run: a local event, a send, or the delivery, duplicate delivery or loss of a message in flight. */
const step = fc.oneof(
  fc.record({ op: fc.constant('local' as const), node: fc.nat(3) }),
  fc.record({ op: fc.constant('send' as const), node: fc.nat(3), peer: fc.nat(3) }),
  fc.record({ op: fc.constant('deliver' as const), pick: fc.nat(), twice: fc.boolean() }),
  fc.record({ op: fc.constant('lose' as const), pick: fc.nat() }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function run(steps: Step[]): TraceEvent[] {
  const trace = new TraceBuilder();
  const inFlight: number[] = [];
  for (const s of steps) {
    if (s.op === 'local') trace.local(NODES[s.node]);
    else if (s.op === 'send') inFlight.push(trace.send(NODES[s.node], NODES[s.peer]));
    else if (inFlight.length > 0) {
      const [msg] = inFlight.splice(s.pick % inFlight.length, 1);
      if (s.op === 'lose') trace.drop(msg);
      else {
        trace.receive(msg);
        if (s.twice) trace.receive(msg);
      }
    }
  }
  return trace.events;
}

const runs = fc.array(step, { minLength: 1, maxLength: 60 }).map(run).filter((events) => events.length > 0);

describe('random runs with correct clocks', () => {
  it('pass every rule', () => {
    fc.assert(fc.property(runs, (events) => checkEvents(HEADER, events).status === 'pass'));
  });

  it('a Lamport time set to 0 is caught exactly when the event has a predecessor or is a receive', () => {
    fc.assert(
      fc.property(runs, fc.nat(), (events, pick) => {
        const processEvents = events.filter((event) => event.kind !== 'drop');
        fc.pre(processEvents.length > 0);
        const target = processEvents[pick % processEvents.length];
        const hasPredecessor = events.some((event) => event.i < target.i && event.node === target.node && event.kind !== 'drop');
        const mutated = events.map((event) => (event === target ? { ...event, lamport: 0 } : event));
        const rules = new Set(checkEvents(HEADER, mutated).violations.map((violation) => violation.rule));
        const caught = rules.has('process-order') || rules.has('receive-after-send');
        expect(caught).toBe(hasPredecessor || target.kind === 'receive');
        expect([...rules].every((rule) => rule === 'process-order' || rule === 'receive-after-send')).toBe(true);
      }),
    );
  });

  it('a vector entry changed is caught at that event', () => {
    fc.assert(
      fc.property(runs, fc.nat(), fc.nat(3), (events, pick, entry) => {
        const processEvents = events.filter((event) => event.kind !== 'drop');
        fc.pre(processEvents.length > 0);
        const target = processEvents[pick % processEvents.length];
        const name = NODES[entry];
        const vc = { ...target.vc, [name]: (target.vc?.[name] ?? 0) + 1 };
        const mutated = events.map((event) => (event === target ? { ...event, vc } : event));
        const violations = checkEvents(HEADER, mutated).violations;
        expect(violations.length).toBeGreaterThan(0);
        expect(violations.every((violation) => violation.rule === 'vector-clock')).toBe(true);
        expect(violations.some((violation) => violation.events.at(-1)!.i === target.i)).toBe(true);
      }),
    );
  });
});
