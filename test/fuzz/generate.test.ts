import { describe, expect, it } from 'vitest';
import { isValidScenario, shrinkScenario } from '../../src/fuzz/shrink.js';
import { randomScenario } from '../../src/fuzz/generate.js';
import { Simulation } from '../../src/scenario/simulate.js';

describe('fuzz scenarios', () => {
  it('are valid, runnable and reproducible from their seed', () => {
    for (let seed = 0; seed < 200; seed++) {
      const scenario = randomScenario(seed, 'lamport');
      expect(isValidScenario(scenario), `seed ${seed}`).toBe(true);
      new Simulation(scenario, { sinks: [] }).run();
      expect(randomScenario(seed, 'lamport')).toEqual(scenario);
    }
  });

  it('vary: the swarm draws different mixes of features', () => {
    const scenarios = Array.from({ length: 100 }, (_, seed) => randomScenario(seed, 'lamport'));
    expect(scenarios.some((s) => s.network.loss > 0)).toBe(true);
    expect(scenarios.some((s) => s.network.loss === 0)).toBe(true);
    expect(scenarios.some((s) => s.steps.some((step) => step.kind === 'crash'))).toBe(true);
    expect(scenarios.some((s) => s.steps.some((step) => step.kind === 'partition'))).toBe(true);
  });

  it('shrink to a small scenario that still fails', () => {
    const scenario = randomScenario(7, 'lamport');
    const publishes = (s: typeof scenario) => s.steps.filter((step) => step.kind === 'command' && step.command === 'publish').length;
    // A stand-in failure: "has a publish".
    if (publishes(scenario) === 0) return;
    const shrunk = shrinkScenario(scenario, (candidate) => publishes(candidate) > 0);
    expect(publishes(shrunk)).toBe(1);
    expect(shrunk.steps.length).toBeLessThanOrEqual(2);
  });
});
