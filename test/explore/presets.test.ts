/**
 * Every built-in protocol's variants under explore, on a small scenario of its own: each variant
 * with a bug is caught (and its counterexample replays to the same rule), each correct variant
 * is proven clean (every execution explored, none broken). A built-in without a scenario in the
 * table fails here: add one (a few participants, a step or two each) with its correct variants.
 * An entry for a protocol not registered is not used.
 */
import { describe, expect, it } from 'vitest';
import { CheckSink } from '../../src/check/sink.js';
import { counterexample } from '../../src/explore/counterexample.js';
import { checkOptionsFor } from '../../src/protocols/checking.js';
import { BUILTIN_PROTOCOLS } from '../../src/protocols/registry.js';
import { Simulation } from '../../src/scenario/simulate.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { scenarioFromText } from '../helpers.js';
import { exploreAll } from './explore-helpers.js';

/** Per built-in: a small scenario (naming the protocol), and the variants that must come out clean. */
const SMALL_SCENARIOS: Record<string, { scenario: string; correct: string[] }> = {
  'chitty-chat': {
    scenario: `protocol: chitty-chat
steps:
  - { at: 0, join: "1111" }
  - { at: 0, join: "2222" }
  - { at: 10, publish: "1111", message: "Hej" }
`,
    correct: ['lamport'],
  },
  'ricart-agrawala': {
    scenario: `protocol: ricart-agrawala
nodes: [a, b]
steps:
  - { at: 0, node: a, command: request }
  - { at: 0, node: b, command: request }
  - { at: 0, node: a, command: request }
`,
    correct: ['correct'],
  },
  'causal-broadcast': {
    scenario: `protocol: causal-broadcast
nodes: [a, b, c]
steps:
  - { at: 0, node: a, command: publish, args: { text: "hello" } }
  - { at: 0, node: a, command: publish, args: { text: "never mind" } }
  - { at: 0, node: b, command: publish, args: { text: "hi" } }
`,
    correct: ['causal'],
  },
};

describe('explore catches every buggy variant of every built-in protocol, and proves the correct ones clean', () => {
  for (const protocol of BUILTIN_PROTOCOLS) {
    describe(protocol.name, () => {
      const entry = SMALL_SCENARIOS[protocol.name];
      it('has a small scenario to explore', () => {
        expect(entry, `add ${protocol.name} to SMALL_SCENARIOS in ${import.meta.filename}`).toBeDefined();
      });
      if (entry === undefined) return;
      for (const variant of protocol.variants?.map((v) => v.name) ?? ['']) {
        const correct = entry.correct.includes(variant);
        it(`${variant || '(no variant)'}: ${correct ? 'clean in every execution' : 'a violation found, and replayed by its counterexample'}`, () => {
          const scenario = scenarioFromText(entry.scenario);
          expect(scenario.protocol).toBe(protocol.name);
          const explorer = exploreAll(scenario, { protocol, variant });
          expect(explorer.complete).toBe(true);
          if (correct) {
            expect([...explorer.findings.keys()]).toEqual([]);
            return;
          }
          expect(explorer.findings.size).toBeGreaterThan(0);
          for (const finding of explorer.findings.values()) {
            const found = counterexample({ ...scenario, variant }, finding, { protocol, variant, seed: scenario.seed });
            // Written and read back, it replays to the same rule: what `chitty-sim run FILE --check` does.
            const replayed = scenarioFromText(scenarioToYaml(found.scenario));
            const check = new CheckSink(replayed.nodes, checkOptionsFor(protocol));
            new Simulation(replayed, { protocol, sinks: [check] }).run();
            const rules = check.finish().violations.map((violation) => violation.rule);
            expect(rules, finding.rule).toContain(finding.rule);
            expect(found.events).toBeGreaterThan(0);
            expect(found.choices).toBeLessThanOrEqual(finding.keys.length);
          }
        });
      }
    });
  }
});
