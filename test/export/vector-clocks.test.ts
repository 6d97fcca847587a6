/** Computed vector clocks must be the engine's, on every shipped scenario. */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/format.js';
import { compareVectorClocks, computeVectorClocks, VectorClockTracker, withVectorClocks } from '../../src/trace/vector-clocks.js';
import { SCENARIOS, scenarioTrace } from './helpers.js';

describe('computed vector clocks', () => {
  it.each(SCENARIOS)('equal the engine\'s on %s, from the same run without them', (name) => {
    const withVc = scenarioTrace(name, true).events;
    const withoutVc = scenarioTrace(name, false).events;
    expect(withoutVc.length).toBe(withVc.length);
    expect(withoutVc.every((event) => event.vc === undefined)).toBe(true);
    const computed = computeVectorClocks(withoutVc);
    withVc.forEach((event, k) => expect(computed[k], `event ${k} (${event.kind} on ${event.node})`).toEqual(event.vc));
    expect(withVectorClocks(withoutVc)).toEqual(withVc);
  });

  it('leave traces that have them as they are', () => {
    const events = scenarioTrace('three-participants.yaml').events;
    expect(withVectorClocks(events)).toBe(events);
  });

  it('tick on crash and restart, not on drop, and merge the send on every delivery', () => {
    const e = (i: number, node: string, kind: TraceEvent['kind'], extra: Partial<TraceEvent> = {}): TraceEvent => ({ i, t: i, node, kind, lamport: 0, text: '', ...extra });
    const events = [
      e(0, 'a', 'send', { msg: 0, peer: 'b' }),
      e(1, 'b', 'local'),
      e(2, 'b', 'receive', { msg: 0, peer: 'a' }),
      e(3, 'a', 'send', { msg: 1, peer: 'b' }),
      e(4, 'b', 'drop', { msg: 1, peer: 'a', reason: 'loss' }),
      e(5, 'b', 'crash'),
      e(6, 'b', 'restart'),
      e(7, 'b', 'receive', { msg: 0, peer: 'a' }),
      e(8, 'b', 'receive', { msg: 9, peer: 'a' }),
    ];
    expect(computeVectorClocks(events)).toEqual([{ a: 1 }, { b: 1 }, { a: 1, b: 2 }, { a: 2 }, undefined, { a: 1, b: 3 }, { a: 1, b: 4 }, { a: 1, b: 5 }, { a: 1, b: 6 }]);
  });

  it('treat node names like "__proto__" and "constructor" as names', () => {
    const tracker = new VectorClockTracker();
    const vc = tracker.next({ i: 0, t: 0, node: '__proto__', kind: 'send', lamport: 1, msg: 0, peer: 'constructor', text: '' })!;
    expect(Object.keys(vc)).toEqual(['__proto__']);
    expect(tracker.next({ i: 1, t: 1, node: 'constructor', kind: 'receive', lamport: 2, msg: 0, peer: '__proto__', text: '' })).toEqual(Object.fromEntries([['__proto__', 1], ['constructor', 1]]));
    expect(compareVectorClocks({ a: 1 }, Object.fromEntries([['constructor', 1]]))).toBe('concurrent');
  });

  it('compare', () => {
    expect(compareVectorClocks({ a: 1 }, { a: 1, b: 1 })).toBe('before');
    expect(compareVectorClocks({ a: 2, b: 1 }, { a: 1, b: 1 })).toBe('after');
    expect(compareVectorClocks({ a: 1 }, { a: 1 })).toBe('equal');
    expect(compareVectorClocks({ a: 2 }, { b: 1 })).toBe('concurrent');
  });
});
