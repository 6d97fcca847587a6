import { describe, expect, it } from 'vitest';
import { drawDelayUs } from '../../src/sim/delay.js';
import { createStream } from '../../src/sim/random.js';

describe('delay models', () => {
  it('fixed: always the same, in µs', () => {
    const random = createStream(1, 'x');
    expect([1, 2, 3].map(() => drawDelayUs({ kind: 'fixed', ms: 20 }, random))).toEqual([20_000, 20_000, 20_000]);
  });

  it('uniform: within [min, max] and spread over it', () => {
    const random = createStream(1, 'x');
    const samples = Array.from({ length: 10_000 }, () => drawDelayUs({ kind: 'uniform', minMs: 1, maxMs: 5 }, random));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(5000);
    const meanMs = samples.reduce((a, b) => a + b, 0) / samples.length / 1000;
    expect(meanMs).toBeGreaterThan(2.9);
    expect(meanMs).toBeLessThan(3.1);
  });

  it('exponential: never below min, mean as asked', () => {
    const random = createStream(1, 'x');
    const samples = Array.from({ length: 20_000 }, () => drawDelayUs({ kind: 'exponential', meanMs: 30, minMs: 5 }, random));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(5000);
    const meanMs = samples.reduce((a, b) => a + b, 0) / samples.length / 1000;
    expect(meanMs).toBeGreaterThan(29);
    expect(meanMs).toBeLessThan(31);
  });

  it('is always positive, even for a zero-width uniform at 0', () => {
    const random = createStream(1, 'x');
    expect(drawDelayUs({ kind: 'uniform', minMs: 0, maxMs: 0 }, random)).toBe(1);
  });
});
