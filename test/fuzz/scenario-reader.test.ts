/**
 * Fuzzing the scenario reader: random text and mutations of the shipped scenarios must give a
 * scenario or problems with positions, never an exception or a hang. FUZZ_RUNS raises the count
 * (`npm run fuzz:long`).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { Simulation } from '../../src/scenario/simulate.js';
import { ROOT } from '../helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const scenarioDir = path.join(ROOT, 'scenarios');
const valid = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml') && !name.startsWith('bench'))
  .map((name) => readFileSync(path.join(scenarioDir, name), 'utf8'));

function expectWellFormed(text: string): void {
  const result = parseScenario(text);
  if (result.ok) {
    // Whatever parses must also run without throwing (kept small: a few steps).
    if (result.scenario.steps.length <= 40) {
      new Simulation(result.scenario, { sinks: [] }).run();
    }
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.col).toBeGreaterThanOrEqual(1);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

const mutation = fc.oneof(
  // Truncate.
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // Replace a value after a colon with something hostile.
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.constantFrom('-1', '1e309', 'NaN', '.nan', '-.inf', '99999999999999999999', '"x"', '[]', '{}', 'null', '~', '*a', '&a 1', '"\u202e\u0627\u0644"', '0x10', 'true', "'", '"', '[[[[', '<script>'),
  }),
  // Insert random text.
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.string({ maxLength: 20 }) }),
  // Delete a span.
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    const at = Math.floor(m.at * text.length);
    if (m.kind === 'truncate') text = text.slice(0, at);
    else if (m.kind === 'insert') text = text.slice(0, at) + m.value + text.slice(at);
    else if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.length);
    else {
      const colon = text.indexOf(': ', at);
      if (colon < 0) continue;
      const end = text.slice(colon + 2).search(/[,}\n]/);
      text = text.slice(0, colon + 2) + m.value + (end < 0 ? '' : text.slice(colon + 2 + end));
    }
  }
  return text;
}

describe('scenario reader fuzzing', () => {
  it('random text gives a scenario or positioned problems', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), expectWellFormed), { seed: 8, numRuns: RUNS });
  });

  it('random YAML-ish text gives a scenario or positioned problems', () => {
    const token = fc.constantFrom('steps:', '\n', '  - ', '{', '}', '[', ']', ', ', 'at: ', 'join: ', 'publish: ', 'message: ', 'leave: ', 'crash: ', 'partition: ', '1', '-3', 'a', '"b"', 'server', '&x ', '*x', '# c', 'network:', 'delay: ', 'uniform: ', 'loss: ', '0.5');
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (tokens) => expectWellFormed(tokens.join(''))), { seed: 9, numRuns: RUNS });
  });

  it('mutations of the shipped scenarios give a scenario or positioned problems', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, mutations) => expectWellFormed(mutate(text, mutations))),
      { seed: 10, numRuns: RUNS },
    );
  });

  it('expanding, deep and huge documents are refused by the limits, before they are expanded or walked', () => {
    let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let k = 1; k < 30; k++) laughs += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
    laughs += 'steps: *a29\n';
    const inputs = [
      laughs,
      'steps: ' + '['.repeat(100_000) + ']'.repeat(100_000),
      'steps:\n' + Array.from({ length: 5000 }, (_, k) => ' '.repeat(k + 2) + '-').join('\n'),
      'steps:\n' + '  - { at: 0, join: a }\n'.repeat(120_000),
    ];
    // The limit that refuses each (how fast that is: npm run bench has no row; a refusal reads at most 2 MiB once).
    const refusals = [/aliases \(\*name\) are not supported/, /nested more than 32 levels deep/, /larger than 2 MiB/, /larger than 2 MiB/];
    inputs.forEach((input, k) => {
      const result = parseScenario(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((problem) => problem.message).join('\n')).toMatch(refusals[k]);
    });
  });
});
