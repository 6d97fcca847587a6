/**
 * The clock rules on events with several message ends (trace format 2): a message sent to
 * several nodes, an event that receives several messages, an event that receives and sends. Each
 * rule holds on such events when they are right, and still fires when they are wrong.
 */
import { describe, expect, it } from 'vitest';
import { checkEvents } from '../../src/check/checker.js';
import { mutualExclusionRules } from '../../src/check/mutual-exclusion.js';
import type { CheckResult } from '../../src/check/types.js';
import type { MessageEnd, TraceEvent } from '../../src/trace/format.js';
import { withVectorClocks } from '../../src/trace/vector-clocks.js';

const HEADER = { format: 'chitty-sim-trace', version: 2, scenario: 't', seed: 0, clock: 'unknown' } as const;

/** Events built in order; clocks computed from them unless given. */
function trace(...events: Omit<TraceEvent, 'i' | 't' | 'text'>[]): TraceEvent[] {
  return events.map((event, i) => ({ i, t: 0, text: '', ...event }));
}

function send(node: string, lamport: number, msg: number, peers: string[], more: MessageEnd[] = []): Omit<TraceEvent, 'i' | 't' | 'text'> {
  const also = [...peers.slice(1).map((peer): MessageEnd => ({ kind: 'send', msg, peer })), ...more];
  return { node, kind: 'send', lamport, msg, peer: peers[0], ...(also.length > 0 ? { also } : {}) };
}

function receive(node: string, lamport: number, msg: number, peer: string, more: MessageEnd[] = []): Omit<TraceEvent, 'i' | 't' | 'text'> {
  return { node, kind: 'receive', lamport, msg, peer, ...(more.length > 0 ? { also: more } : {}) };
}

const check = (events: TraceEvent[], options = {}): CheckResult => checkEvents(withVectorClocks(events), { rules: [], ...options });

/** A broadcast from a to b and c; b relays to c; c receives from a and b in one event. */
function valid(): TraceEvent[] {
  return trace(
    send('a', 1, 0, ['b', 'c']),
    receive('b', 2, 0, 'a', [{ kind: 'send', msg: 1, peer: 'c' }]),
    receive('c', 3, 0, 'a', [{ kind: 'receive', msg: 1, peer: 'b' }]),
  );
}

describe('events with several message ends', () => {
  it('a valid run holds every rule, and no message is left in flight', () => {
    const result = check(valid());
    expect(result.violations).toEqual([]);
    expect(result.stats?.inFlightAtEnd).toBe(0);
  });

  it('message-match: each receiver of a message sent to several receives it; another node does not', () => {
    const events = valid();
    events[2] = { ...events[2], node: 'd', also: [{ kind: 'receive', msg: 1, peer: 'b' }] };
    const result = check(events);
    expect(result.byRule).toEqual({ 'message-match': 2 });
    expect(result.violations.map((violation) => violation.message)).toEqual([
      'Message 0 was sent to b, c but is received at d.',
      'Message 1 was sent to c but is received at d.',
    ]);
  });

  it('message-match: a further receive end of a message never sent, and an id two events send', () => {
    const unknown = valid();
    unknown[2] = { ...unknown[2], also: [{ kind: 'receive', msg: 7, peer: 'b' }] };
    expect(check(unknown).violations.map((violation) => violation.message)).toContain('Message 7 is received at event 2 but was never sent before it.');
    const twice = trace(send('a', 1, 0, ['b', 'c']), receive('b', 2, 3, 'x', [{ kind: 'send', msg: 0, peer: 'c' }]));
    expect(check(twice).violations.map((violation) => violation.message)).toContain('Message id 0 is sent a second time at event 1; every send needs its own id.');
  });

  it('receive-after-send: every message an event receives, not only its first', () => {
    const events = valid();
    events[2] = { ...events[2], lamport: 2 };
    const result = check(events);
    expect(result.byRule).toEqual({ 'receive-after-send': 1 });
    expect(result.violations[0].events).toEqual([
      { i: 1, node: 'b', lamport: 2 },
      { i: 2, node: 'c', lamport: 2 },
    ]);
  });

  it('process-order: an event with several ends is one event of its process', () => {
    const events = trace(send('a', 2, 0, ['b', 'c']), { node: 'a', kind: 'local', lamport: 2 });
    expect(check(events).byRule).toEqual({ 'process-order': 1 });
  });

  it('vector-clock: an event merges every message it receives, and what it sends carries its clock', () => {
    const events = withVectorClocks(valid());
    expect(events[2].vc).toEqual({ a: 1, b: 1, c: 1 });
    // Merging only the first message received misses b.
    const firstOnly = events.map((event, k) => (k === 2 ? { ...event, vc: { a: 1, c: 1 } } : event));
    const result = checkEvents(firstOnly, { rules: [] });
    expect(result.byRule).toEqual({ 'vector-clock': 1 });
    expect(result.violations[0].message).toBe("Event 2 (c) has a vector clock that is not its predecessor's merged with the sends' of the messages it receives, plus one: b is 0, expected 1.");
    expect(result.violations[0].events.map((ref) => ref.i)).toEqual([0, 1, 2]);
  });

  it('a message sent to several is in flight until every receiver has it or lost it', () => {
    const oneMissing = trace(send('a', 1, 0, ['b', 'c']), receive('b', 2, 0, 'a'));
    expect(check(oneMissing).stats?.inFlightAtEnd).toBe(1);
    const lost = [...oneMissing, { i: 2, t: 0, node: 'c', kind: 'drop' as const, lamport: 1, msg: 0, peer: 'a', text: '', reason: 'loss' as const }];
    const result = check(lost);
    expect(result.violations).toEqual([]);
    expect(result.stats?.inFlightAtEnd).toBe(0);
  });

  it('a second delivery at the same receiver is a duplicate, compared with the send', () => {
    const events = trace(send('a', 5, 0, ['b', 'c']), receive('b', 6, 0, 'a'), receive('c', 6, 0, 'a'), receive('b', 5, 0, 'a'));
    expect(check(events).byRule).toEqual({ 'receive-after-send': 1, 'process-order': 1 });
  });

  it('clocks computed for rule sets merge every message an event receives', () => {
    // c enters after a's exit, which it knows only through the second message of its event.
    const events = trace(
      { node: 'a', kind: 'local', lamport: 1, mark: { enter: 'R' } },
      { node: 'a', kind: 'local', lamport: 2, mark: { exit: 'R' } },
      send('a', 3, 0, ['c']),
      send('z', 1, 1, ['c']),
      receive('c', 4, 1, 'z', [{ kind: 'receive', msg: 0, peer: 'a' }]),
      { node: 'c', kind: 'local', lamport: 5, mark: { enter: 'R' } },
      { node: 'c', kind: 'local', lamport: 6, mark: { exit: 'R' } },
    );
    const rules = [mutualExclusionRules(['R'])];
    expect(checkEvents(events, { rules }).violations).toEqual([]);
    const { also: _also, ...firstOnly } = events[4];
    expect(checkEvents(events.map((event, k) => (k === 4 ? firstOnly : event)), { rules }).byRule).toEqual({ 'mutual-exclusion': 1 });
  });
});
