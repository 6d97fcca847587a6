import { describe, expect, it } from 'vitest';
import { VectorClockPool } from '../../src/sim/vector-clock-pool.js';

describe('VectorClockPool', () => {
  it('stores copies, merges them, and frees a block after its last reader', () => {
    const pool = new VectorClockPool(3, 1);
    const clock = Int32Array.from([1, 5, 0]);
    const a = pool.store(clock, 1);
    clock[0] = 9; // the stored copy must not change
    const b = pool.store(clock, 2); // grows the pool
    const target = Int32Array.from([2, 2, 2]);
    pool.mergeInto(target, a);
    expect([...target]).toEqual([2, 5, 2]);
    pool.mergeInto(target, b);
    expect([...target]).toEqual([9, 5, 2]);
    expect(pool.inUse).toBe(2);
    pool.release(a);
    pool.release(b);
    expect(pool.inUse).toBe(1);
    pool.release(b);
    expect(pool.inUse).toBe(0);
    const c = pool.store(Int32Array.from([7, 7, 7]), 1);
    const fresh = new Int32Array(3);
    pool.mergeInto(fresh, c);
    expect([...fresh]).toEqual([7, 7, 7]);
  });
});
