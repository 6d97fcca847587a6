/**
 * Fuzzing the ShiViz importer: random text and mutations of valid logs must give a trace or a
 * TraceFormatError naming a line of the input, never another exception; what it returns must be a
 * trace the trace reader accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceToNdjson } from '../../src/export/ndjson.js';
import { exportShiviz } from '../../src/export/shiviz.js';
import { readShivizLog } from '../../src/import/shiviz.js';
import { readTrace, TraceFormatError } from '../../src/trace/read.js';
import { scenarioTrace } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const exported = exportShiviz(scenarioTrace('faults-crash.yaml').events.slice(0, 60));
const goVector = [
  '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)',
  '',
  'client {"client":1}',
  'Initialization Complete',
  'client {"client":2}',
  'Sending request',
  'server {"server":1}',
  'Initialization Complete',
  'server {"client":2, "server":2}',
  'Received request',
  'server {"client":2, "server":3}',
  'Sending reply',
  'client {"client":3, "server":3}',
  'Received reply',
].join('\n');
const VALID = [exported, exported.replace(/^(send|receive|local|crash|restart) .*$/gm, 'event'), goVector];

function expectTraceOrLineError(text: string): void {
  let trace;
  try {
    trace = readShivizLog(text);
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(text.split('\n').length + 1);
    expect(error.message).toMatch(/^line \d+: /);
    return;
  }
  expect(readTrace(traceToNdjson(trace.header, trace.events)).events).toHaveLength(trace.events.length);
}

const hostileValue = fc.constantFrom('-1', '0', '1.5', '1e309', '9007199254740993', '"x"', 'null', '{}', '[]', '', '{', '}', ' ', '\u2028', '__proto__', 'constructor');

describe('ShiViz importer fuzzing', () => {
  it('random text gives a trace or a line error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), expectTraceOrLineError), { seed: 21, numRuns: RUNS });
  });

  it('random lines shaped like a log give a trace or a line error', () => {
    const host = fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', '');
    const clockLine = fc.tuple(host, fc.dictionary(host, fc.integer({ min: -1, max: 4 }), { maxKeys: 3 })).map(([h, vc]) => `${h} ${JSON.stringify(vc)}`);
    const line = fc.oneof(clockLine, fc.constantFrom('event', '', 'send JoinRequest to b #0 L1 @0ms', '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})'));
    fc.assert(fc.property(fc.array(line, { maxLength: 14 }), (lines) => expectTraceOrLineError(lines.join('\n'))), { seed: 22, numRuns: RUNS });
  });

  it('mutated logs (lines cut, doubled, swapped, dropped; values replaced) give a trace or a line error', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(), at: fc.nat(80) }),
      fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
      fc.record({ kind: fc.constant('value' as const), line: fc.nat(), value: hostileValue }),
      fc.record({ kind: fc.constant('char' as const), line: fc.nat(), at: fc.nat(80), char: fc.string({ minLength: 1, maxLength: 2, unit: 'binary' }) }),
    );
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        const lines = VALID[which].split('\n');
        for (const m of mutations) {
          const k = m.line % lines.length;
          if (m.kind === 'truncate') lines[k] = lines[k].slice(0, m.at);
          else if (m.kind === 'duplicate') lines.splice(k, 0, lines[k]);
          else if (m.kind === 'delete') lines.splice(k, 1);
          else if (m.kind === 'swap') [lines[k], lines[m.other % lines.length]] = [lines[m.other % lines.length], lines[k]];
          else if (m.kind === 'value') lines[k] = lines[k].replace(/\d+/, m.value);
          else lines[k] = lines[k].slice(0, m.at) + m.char + lines[k].slice(m.at + 1);
          if (lines.length === 0) lines.push('');
        }
        expectTraceOrLineError(lines.join('\n'));
      }),
      { seed: 23, numRuns: RUNS },
    );
  });

  it('the valid logs read', () => {
    for (const log of VALID) expect(readShivizLog(log).events.length).toBeGreaterThan(0);
  });
});
