/**
 * Fuzzing the trace reader: random lines and mutations of a real trace must give events or a
 * TraceFormatError naming the line, never another exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTrace, TraceFormatError } from '../../src/trace/read.js';
import { loadScenarioFile, runToText } from '../helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const validLines = runToText(loadScenarioFile('faults-crash.yaml')).trace.trimEnd().split('\n');

function expectReadOrLineError(text: string): void {
  try {
    readTrace(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TraceFormatError);
    const failure = error as TraceFormatError;
    expect(failure.line).toBeGreaterThanOrEqual(1);
    expect(failure.message).toMatch(/^line \d+: /);
  }
}

const hostile = fc.constantFrom('-1', '1e309', 'NaN', 'null', '"x"', '[]', '{}', 'true', '99999999999999999999999', '-0', '"\\ud800"', '1.5');
const field = fc.constantFrom('i', 't', 'node', 'kind', 'lamport', 'vc', 'msg', 'peer', 'type', 'text', 'shows', 'reason', 'format', 'version', 'seed');

describe('trace reader fuzzing', () => {
  it('random bytes give events or a line error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'binary' }), expectReadOrLineError), { seed: 11, numRuns: RUNS });
  });

  it('mutated traces (truncated, wrong types, huge numbers, swapped lines) give events or a line error', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('field' as const), line: fc.nat(), field, value: hostile }),
            fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(), at: fc.nat(200) }),
            fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
            fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (mutations) => {
          const lines = [...validLines];
          for (const m of mutations) {
            const k = m.line % lines.length;
            if (m.kind === 'field') lines[k] = lines[k].replace(new RegExp(`"${m.field}":("[^"]*"|[^,}]*|\\{[^}]*\\})`), `"${m.field}":${m.value}`);
            else if (m.kind === 'truncate') lines[k] = lines[k].slice(0, m.at);
            else if (m.kind === 'swap') [lines[k], lines[m.other % lines.length]] = [lines[m.other % lines.length], lines[k]];
            else lines.splice(k, 0, lines[k]);
          }
          expectReadOrLineError(lines.join('\n'));
        },
      ),
      { seed: 12, numRuns: RUNS },
    );
  });

  it('a valid trace reads back whole', () => {
    const { events } = readTrace(validLines.join('\n'));
    expect(events.length).toBe(validLines.length - 1);
  });
});
