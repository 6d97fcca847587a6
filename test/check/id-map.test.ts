/**
 * IdMap (the checker's table of messages by id) against a Map: any sequence of sets, gets and
 * deletes gives the same answers, with ids in order (the usual case), colliding in one slot, and
 * from 2^32 on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/check/messages.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const id = fc.oneof(fc.nat({ max: 200 }), fc.nat({ max: 8 }).map((k) => k * 16), fc.constantFrom(2 ** 32, 2 ** 32 + 16, 2 ** 53 - 1, 2 ** 40));
const operation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), id, value: fc.nat() }),
  fc.record({ op: fc.constant('get' as const), id }),
  fc.record({ op: fc.constant('delete' as const), id }),
);

describe('IdMap', () => {
  it('answers as a Map does', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        // 16 slots: many ids share a slot.
        const table = new IdMap<number>(16);
        const reference = new Map<number, number>();
        for (const step of operations) {
          if (step.op === 'set') {
            table.set(step.id, step.value);
            reference.set(step.id, step.value);
          } else if (step.op === 'delete') {
            table.delete(step.id);
            reference.delete(step.id);
          }
          expect(table.get(step.id)).toBe(reference.get(step.id));
          expect(table.size).toBe(reference.size);
        }
        expect([...table.entries()].sort((a, b) => a - b)).toEqual([...reference.values()].sort((a, b) => a - b));
      }),
      { seed: 21, numRuns: RUNS },
    );
  });

  it('a window of ids in order stays in its table', () => {
    const table = new IdMap<number>(64);
    for (let next = 0; next < 10_000; next++) {
      table.set(next, next);
      if (next >= 20) table.delete(next - 20);
      expect(table.get(next - 19)).toBe(next >= 19 ? next - 19 : undefined);
    }
    expect(table.size).toBe(20);
  });
});
