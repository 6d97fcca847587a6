/**
 * Property tests of clock ordering: correct clocks pass every check on arbitrary scenarios, and
 * for every buggy preset fast-check finds a failing scenario and shrinks it to a few steps that
 * replay to the same violation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAndCheck } from '../../src/fuzz/campaign.js';
import { CLOCK_MODE_NAMES } from '../../src/protocols/chitty-chat/clock-modes.js';
import { isValidScenario } from '../../src/fuzz/shrink.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import { SERVER_NAME } from '../../src/protocols/chitty-chat/messages.js';
import { chittyChatNodes } from '../../src/protocols/chitty-chat/scenario-syntax.js';
import { runToText } from '../helpers.js';

const TEXTS = ['Hej', 'rødgrød 🍓', 'a < b & "c"', 'x'.repeat(129)];
const operation = fc.record({
  kind: fc.constantFrom('join', 'publish', 'publish', 'leave', 'crash', 'restart', 'partition', 'heal'),
  who: fc.nat(4),
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 6, max: 300 })),
  text: fc.nat(TEXTS.length - 1),
});

/** Arbitrary valid scenarios; operations that would be invalid where they fall are left out. */
function scenarios(clock: string, faults: boolean): fc.Arbitrary<Scenario> {
  return fc
    .record({
      participants: fc.integer({ min: 1, max: 4 }),
      operations: fc.array(operation, { maxLength: 14 }),
      maxDelayMs: fc.integer({ min: 1, max: 30 }),
      loss: faults ? fc.constantFrom(0, 0, 0.1, 0.3) : fc.constant(0),
      duplicate: faults ? fc.constantFrom(0, 0, 0.05) : fc.constant(0),
      seed: fc.nat(10_000),
    })
    .map(({ participants, operations, maxDelayMs, loss, duplicate, seed }) => {
      const names = Array.from({ length: participants }, (_, k) => `p${k + 1}`);
      const members = new Set<string>();
      const joined = new Set<string>();
      const down = new Set<string>();
      let partitioned = false;
      let atMs = 0;
      const steps: Step[] = [];
      for (const op of operations) {
        atMs += op.gapMs;
        const name = names[op.who % names.length];
        const node = op.who % (names.length + 1) === names.length ? SERVER_NAME : name;
        if (op.kind === 'join' && !members.has(name) && !down.has(name)) {
          steps.push({ atMs, kind: 'command', node: name, command: 'join', args: {} });
          members.add(name);
          joined.add(name);
        } else if (op.kind === 'publish' && members.has(name) && !down.has(name)) {
          steps.push({ atMs, kind: 'command', node: name, command: 'publish', args: { text: TEXTS[op.text] } });
        } else if (op.kind === 'leave' && members.has(name) && !down.has(name)) {
          steps.push({ atMs, kind: 'command', node: name, command: 'leave', args: {} });
          members.delete(name);
        } else if (faults && op.kind === 'crash' && !down.has(node) && (node === SERVER_NAME || joined.has(node))) {
          steps.push({ atMs, kind: 'crash', node });
          down.add(node);
        } else if (faults && op.kind === 'restart' && down.has(node)) {
          steps.push({ atMs, kind: 'restart', node });
          down.delete(node);
        } else if (faults && op.kind === 'partition' && !partitioned && joined.has(name)) {
          steps.push({ atMs, kind: 'partition', groups: [[name]] });
          partitioned = true;
        } else if (faults && op.kind === 'heal' && partitioned) {
          steps.push({ atMs, kind: 'heal' });
          partitioned = false;
        }
      }
      const scenario: Scenario = {
        name: 'property',
        seed,
        protocol: 'chitty-chat',
        variant: clock,
        startEpochMs: 0,
        network: { delay: { kind: 'uniform', minMs: 1, maxMs: maxDelayMs }, loss, duplicate, links: [] },
        nodes: chittyChatNodes(steps),
        steps,
        clocks: {},
        options: faults ? { timeouts: { rpcMs: 100, retries: 3 } } : {},
      };
      return scenario;
    });
}

describe('lamport clocks (property)', () => {
  it('pass every check on arbitrary scenarios, faults included', () => {
    fc.assert(
      fc.property(scenarios('lamport', true), (scenario) => {
        expect(isValidScenario(scenario)).toBe(true);
        const { result } = runAndCheck(scenario);
        expect(result.violations.map((violation) => `${violation.rule}: ${violation.message}`)).toEqual([]);
      }),
      { seed: 5, numRuns: 150 },
    );
  });

  it('the same scenario and seed give the same trace', () => {
    fc.assert(
      fc.property(scenarios('lamport', true), (scenario) => {
        expect(runToText(scenario).trace).toBe(runToText(structuredClone(scenario)).trace);
      }),
      { seed: 6, numRuns: 40 },
    );
  });
});

/** Every clock mode but the correct one, from the code's list: a new preset is tested without being named here. */
const BUGGY_PRESETS = CLOCK_MODE_NAMES.filter((name) => name !== 'lamport');

describe('buggy presets (property)', () => {
  it('are all the clock modes but lamport', () => {
    expect(CLOCK_MODE_NAMES).toContain('lamport');
    expect(BUGGY_PRESETS.length).toBeGreaterThanOrEqual(6);
  });

  for (const preset of BUGGY_PRESETS) {
    it(`${preset}: fast-check finds a violation and shrinks it to a few steps that replay`, () => {
      // Without faults first (smaller counterexamples); a bug that only shows across crashes or
      // lost messages needs them.
      const search = (faults: boolean) =>
        fc.check(
          fc.property(scenarios(preset, faults), (scenario) => runAndCheck(scenario).result.status === 'pass'),
          { seed: 7, numRuns: 400 },
        );
      let outcome = search(false);
      if (!outcome.failed) outcome = search(true);
      expect(outcome.failed, `no failing scenario found for ${preset}, with or without faults`).toBe(true);
      const [shrunk] = outcome.counterexample!;
      expect(shrunk.steps.length).toBeLessThanOrEqual(6);
      const replay = runAndCheck(shrunk).result;
      expect(replay.status).toBe('fail');
      expect(runAndCheck(structuredClone(shrunk)).result.violations).toEqual(replay.violations);
    });
  }
});
