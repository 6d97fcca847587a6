/**
 * Fuzzing the built-in protocols in-process, with fixed campaign seeds: every bug variant is found
 * and shrunk to a scenario that replays the failure; the correct variants pass a few hundred runs;
 * the drawn scenarios are valid, reproducible and varied.
 */
import { describe, expect, it } from 'vitest';
import { fuzzRun, runAndCheck, runSeedOf, shrinkFuzzRun } from '../../src/fuzz/campaign.js';
import { isValidScenario } from '../../src/fuzz/shrink.js';
import { scenarioForRun, type FuzzTarget } from '../../src/fuzz/target.js';
import { builtinProtocol } from '../../src/protocols/registry.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { isCommandStep } from '../../src/scenario/types.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { loadScenarioFile } from '../helpers.js';

function target(name: string, variant: string, base?: FuzzTarget['base']): FuzzTarget {
  return { protocol: builtinProtocol(name)!, protocolRef: name, variant, faults: true, base };
}

const BUGS: [protocol: string, variant: string, rule: string][] = [
  ['ricart-agrawala', 'no-tie-break', 'mutual-exclusion'],
  ['ricart-agrawala', 'no-merge', 'receive-after-send'],
  ['ricart-agrawala', 'reply-in-cs', 'mutual-exclusion'],
  ['causal-broadcast', 'fifo', 'causal-delivery'],
  ['causal-broadcast', 'no-holdback', 'causal-delivery'],
];

describe('fuzzing the built-in protocols', () => {
  it.each(BUGS)('%s --variant %s: found within 40 runs, shrunk, and replayed from its file (%s)', (protocol, variant, rule) => {
    const fuzzed = target(protocol, variant);
    let found;
    for (let runIndex = 0; runIndex < 40 && found === undefined; runIndex++) {
      const outcome = fuzzRun(fuzzed, 1, runIndex);
      if (outcome.status === 'fail') found = outcome;
    }
    expect(found?.rule).toBe(rule);
    const { shrunk, original } = shrinkFuzzRun(fuzzed, 1, found!.runIndex, rule);
    expect(shrunk.steps.length).toBeLessThanOrEqual(original.steps.length);
    expect(shrunk.steps.filter(isCommandStep).length).toBeLessThanOrEqual(4);
    const parsed = parseScenario(scenarioToYaml(shrunk));
    expect(parsed.ok).toBe(true);
    const replay = runAndCheck(parsed.ok ? parsed.scenario : shrunk).result;
    expect(replay.violations.map((violation) => violation.rule)).toContain(rule);
  });

  it.each([
    ['ricart-agrawala', 'correct'],
    ['causal-broadcast', 'causal'],
  ])('%s --variant %s passes 300 runs with faults', (protocol, variant) => {
    const failures = [];
    for (let runIndex = 0; runIndex < 300; runIndex++) {
      const outcome = fuzzRun(target(protocol, variant), 2, runIndex);
      if (outcome.status === 'fail') failures.push(`run ${runIndex}: ${outcome.rule}: ${outcome.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('shrinks away whole nodes: a tie needs two', () => {
    const fuzzed = target('ricart-agrawala', 'no-tie-break');
    for (let runIndex = 0; runIndex < 40; runIndex++) {
      const outcome = fuzzRun(fuzzed, 1, runIndex);
      if (outcome.status !== 'fail') continue;
      const { original, shrunk } = shrinkFuzzRun(fuzzed, 1, runIndex, outcome.rule);
      if (original.nodes.length < 3) continue;
      expect(shrunk.nodes).toHaveLength(2);
      return;
    }
    throw new Error('no failure with three nodes or more in 40 runs');
  });
});

describe('scenarios drawn for a protocol', () => {
  it.each(['ricart-agrawala', 'causal-broadcast'])('%s: valid, reproducible from the run seed, and varied', (protocol) => {
    const scenarios = Array.from({ length: 200 }, (_, runIndex) => scenarioForRun(target(protocol, ''), runSeedOf(1, runIndex)));
    for (const scenario of scenarios) {
      expect(isValidScenario(scenario), scenario.name).toBe(true);
      expect(scenarioForRun(target(protocol, ''), scenario.seed)).toEqual(scenario);
    }
    const share = (test: (scenario: (typeof scenarios)[number]) => boolean) => scenarios.filter(test).length / scenarios.length;
    for (const kind of ['crash', 'restart', 'partition', 'heal']) expect(share((s) => s.steps.some((step) => step.kind === kind)), kind).toBeGreaterThan(0.1);
    expect(share((s) => s.network.loss > 0)).toBeGreaterThan(0.2);
    expect(share((s) => s.network.duplicate > 0)).toBeGreaterThan(0.2);
    expect(share((s) => s.network.links.length > 0)).toBeGreaterThan(0.2);
    expect(share((s) => s.network.loss === 0 && s.steps.every(isCommandStep))).toBeGreaterThan(0.1);
  });

  it('without faults, draws only delays', () => {
    for (let runIndex = 0; runIndex < 100; runIndex++) {
      const scenario = scenarioForRun({ ...target('causal-broadcast', 'causal'), faults: false }, runSeedOf(1, runIndex));
      expect(scenario.steps.every(isCommandStep)).toBe(true);
      expect([scenario.network.loss, scenario.network.duplicate]).toEqual([0, 0]);
    }
  });

  it("over a scenario file, keeps its commands and nodes and varies the seed, network and faults", () => {
    const base = loadScenarioFile('ricart-agrawala.yaml');
    const scenarios = Array.from({ length: 100 }, (_, runIndex) => scenarioForRun(target('ricart-agrawala', 'correct', base), runSeedOf(1, runIndex)));
    for (const scenario of scenarios) {
      expect(scenario.steps.filter(isCommandStep)).toEqual(base.steps);
      expect(scenario.nodes).toEqual(base.nodes);
      expect(isValidScenario(scenario)).toBe(true);
    }
    expect(new Set(scenarios.map((scenario) => scenario.seed)).size).toBe(100);
    expect(scenarios.some((scenario) => scenario.steps.some((step) => step.kind === 'crash'))).toBe(true);
  });

  it("over a Chitty-Chat scenario, draws faults its own rules accept", () => {
    const base = loadScenarioFile('faults-crash.yaml');
    for (let runIndex = 0; runIndex < 100; runIndex++) {
      const scenario = scenarioForRun(target('chitty-chat', 'lamport', base), runSeedOf(1, runIndex));
      expect(isValidScenario(scenario), `run ${runIndex}`).toBe(true);
    }
  });
});
