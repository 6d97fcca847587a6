/**
 * The checker streams: what it holds depends on the nodes, the messages in flight, the duplicate
 * window and the open broadcasts, never on the length of the trace.
 */
import { describe, expect, it } from 'vitest';
import { createTraceChecker as createChecker } from '../../src/protocols/checking.js';
import { IdRanges } from '../../src/check/messages.js';
import { syntheticChat } from './synthetic.js';

describe('memory', () => {
  it('stays small after a long trace of completed messages', () => {
    const checker = createChecker(undefined, { duplicateWindowMessages: 64 });
    let events = 0;
    for (const event of syntheticChat({ participants: 6, publishes: 8000 })) {
      checker.push(event);
      events++;
    }
    const size = checker.stateSize();
    const result = checker.finish();
    expect(events).toBeGreaterThan(250_000);
    expect(result).toMatchObject({ status: 'pass', events });
    expect(result.stats?.broadcasts).toBe(8000 + 6 + 6);
    // Seven nodes; the 64 most recent completed messages (for duplicates); one range of ids sent.
    expect(size).toEqual({ nodes: 7, messages: 64, messageWindow: 64, idRanges: 1, openRounds: 16, participants: 6, violations: 0 });
  });

  it('stays small when every event breaks a rule', () => {
    const checker = createChecker(undefined, { maxViolations: 100 });
    for (const event of syntheticChat({ participants: 3, publishes: 3000 })) checker.push({ ...event, lamport: 1 });
    const size = checker.stateSize();
    const result = checker.finish();
    expect(result.violations).toHaveLength(100);
    expect(result.omitted).toBeGreaterThan(50_000);
    expect(size.violations).toBe(100);
    expect(size.messages).toBeLessThanOrEqual(4096);
  });

  it('keeps the ids ever sent as ranges', () => {
    const ids = new IdRanges();
    let added = 0;
    for (let id = 0; id < 100_000; id++) if (ids.add(id)) added++;
    expect(added).toBe(100_000);
    expect(ids.ranges).toBe(1);
    expect(ids.add(5)).toBe(false);
    // Out of order, the ranges merge again once the gaps fill.
    for (const id of [200_005, 200_003, 200_004, 100_001, 100_000]) ids.add(id);
    expect(ids.ranges).toBe(2);
    expect(ids.has(200_004)).toBe(true);
    expect(ids.has(150_000)).toBe(false);
    for (let id = 100_002; id < 200_003; id++) ids.add(id);
    expect(ids.ranges).toBe(1);
  });
});
