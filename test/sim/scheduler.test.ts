import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler, Timer } from '../../src/sim/scheduler.js';

describe('Scheduler', () => {
  it('fires entries in time order and ties in insertion order', () => {
    const scheduler = new Scheduler();
    const fired: string[] = [];
    const add = (name: string, atUs: number) => scheduler.schedule(new Timer(() => fired.push(`${name}@${scheduler.nowUs}`)), atUs);
    add('c', 30);
    add('a', 10);
    add('b1', 20);
    add('b2', 20);
    add('b3', 20);
    scheduler.run();
    expect(fired).toEqual(['a@10', 'b1@20', 'b2@20', 'b3@20', 'c@30']);
  });

  it('never schedules into the past: an entry for an earlier time fires now', () => {
    const scheduler = new Scheduler();
    const times: number[] = [];
    scheduler.schedule(new Timer(() => scheduler.schedule(new Timer(() => times.push(scheduler.nowUs)), 5)), 100);
    scheduler.run();
    expect(times).toEqual([100]);
  });

  it('stops at a time limit and resumes', () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    for (const atUs of [1, 2, 3, 4]) scheduler.schedule(new Timer(() => fired.push(atUs)), atUs);
    expect(scheduler.run(2)).toBe(2);
    expect(scheduler.size).toBe(2);
    scheduler.run();
    expect(fired).toEqual([1, 2, 3, 4]);
  });

  it('orders any set of entries like a stable sort by time (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const scheduler = new Scheduler();
        const fired: number[] = [];
        times.forEach((atUs, index) => scheduler.schedule(new Timer(() => fired.push(index)), atUs));
        scheduler.run();
        const expected = times.map((atUs, index) => ({ atUs, index })).sort((a, b) => a.atUs - b.atUs || a.index - b.index).map((e) => e.index);
        expect(fired).toEqual(expected);
      }),
      { seed: 42 },
    );
  });

  it('lets entries scheduled while running interleave correctly', () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    scheduler.schedule(new Timer(() => {
      fired.push(scheduler.nowUs);
      scheduler.schedule(new Timer(() => fired.push(scheduler.nowUs)), 15);
    }), 10);
    scheduler.schedule(new Timer(() => fired.push(scheduler.nowUs)), 20);
    scheduler.run();
    expect(fired).toEqual([10, 15, 20]);
  });

  it('fires reserved entries queued one at a time exactly as if all were queued up front (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), (stepTimes, messageDelays) => {
        const steps = [...stepTimes].sort((a, b) => a - b);
        const order = (reserved: boolean): string[] => {
          const scheduler = new Scheduler();
          const fired: string[] = [];
          // Each step schedules a "message" at now + delay, so steps and messages interleave.
          const act = (k: number) => {
            fired.push(`s${k}@${scheduler.nowUs}`);
            const delay = messageDelays[k % Math.max(1, messageDelays.length)] ?? 0;
            scheduler.schedule(new Timer(() => fired.push(`m${k}@${scheduler.nowUs}`)), scheduler.nowUs + delay);
          };
          if (!reserved) {
            steps.forEach((atUs, k) => scheduler.schedule(new Timer(() => act(k)), atUs));
          } else {
            const first = scheduler.reserve(steps.length);
            let next = 0;
            const cursor = new Timer(() => {
              const k = next++;
              if (next < steps.length) scheduler.scheduleReserved(cursor, steps[next], first + next);
              act(k);
            });
            if (steps.length > 0) scheduler.scheduleReserved(cursor, steps[0], first);
          }
          scheduler.run();
          return fired;
        };
        expect(order(true)).toEqual(order(false));
      }),
      { seed: 43 },
    );
  });
});
