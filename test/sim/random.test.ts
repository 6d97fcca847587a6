import { describe, expect, it } from 'vitest';
import { createStream, linkPurpose } from '../../src/sim/random.js';
import { DEFAULT_NETWORK, Network } from '../../src/sim/network.js';

const draws = (stream: () => number, count: number) => Array.from({ length: count }, () => stream());

describe('random streams', () => {
  it('give the same numbers for the same seed and purpose, in [0, 1)', () => {
    const a = draws(createStream(7, 'workload'), 100);
    expect(draws(createStream(7, 'workload'), 100)).toEqual(a);
    for (const value of a) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('differ between seeds and between purposes', () => {
    const base = draws(createStream(7, 'workload'), 10);
    expect(draws(createStream(8, 'workload'), 10)).not.toEqual(base);
    expect(draws(createStream(7, linkPurpose('server', '1111')), 10)).not.toEqual(base);
    expect(draws(createStream(7, linkPurpose('1111', 'server')), 10)).not.toEqual(draws(createStream(7, linkPurpose('server', '1111')), 10));
  });

  it('are pinned: a change of generator would change every run', () => {
    expect(draws(createStream(1, 'workload'), 3).map((x) => x.toFixed(12))).toMatchInlineSnapshot(`
      [
        "0.068714759080",
        "0.332652788144",
        "0.646795233944",
      ]
    `);
  });

  it('leave existing links alone when a participant is added', () => {
    const small = new Network(3, DEFAULT_NETWORK, ['server', 'a']);
    const large = new Network(3, DEFAULT_NETWORK, ['server', 'b', 'a']);
    const smallDelays = [0, 1, 2].map(() => small.delayUs(0, 1));
    // Traffic on the new participant's links first must not shift server -> a.
    large.delayUs(0, 1);
    large.delayUs(1, 0);
    const largeDelays = [0, 1, 2].map(() => large.delayUs(0, 2));
    expect(largeDelays).toEqual(smallDelays);
  });
});
