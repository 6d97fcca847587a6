/**
 * The fast path against JSON.parse on every shipped scenario's trace: with and without vector
 * clocks, under several clock modes, fault scenarios included. Every event line must be read by
 * the scanner (or this proves nothing), and give exactly what JSON.parse gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLineScanner } from '../../src/trace/event-line-scanner.js';
import { readTrace } from '../../src/trace/read.js';
import { ROOT, runToText, scenarioFromText } from '../helpers.js';
import { outcomes, PATHS } from './paths.js';

const SCENARIOS = readdirSync(path.join(ROOT, 'scenarios')).filter((name) => name.endsWith('.yaml'));

/** The scenario's text; the benchmark (millions of events) shrunk to a few participants and publishes. */
function scenarioText(name: string): string {
  const text = readFileSync(path.join(ROOT, 'scenarios', name), 'utf8');
  if (name !== 'bench-broadcast.yaml') return text;
  return text
    .replace(/^(\s*participants:\s*)\d+/m, '$14')
    .replace(/^(\s*publishesEach:\s*)\d+/m, '$13')
    .replace(/^(\s*window:\s*)\[[^\]]*\]/m, '$1[1000, 1300]');
}

const CASES = SCENARIOS.flatMap((name) =>
  [undefined, 'report', 'lamport', 'concurrent-broadcast'].flatMap((clock) => [true, false].map((vectorClocks) => ({ name, clock, vectorClocks }))),
);

describe('fast path = JSON.parse on simulator traces', () => {
  it('covers every scenario', () => {
    expect(SCENARIOS).toEqual(expect.arrayContaining(['diagram-log.yaml', 'faults-crash.yaml', 'faults-loss.yaml', 'faults-partition.yaml', 'bench-broadcast.yaml']));
  });

  it.each(CASES)('$name, clock $clock, vector clocks $vectorClocks', ({ name, clock, vectorClocks }) => {
    const { trace } = runToText(scenarioFromText(scenarioText(name)), { clock, vectorClocks });
    const lines = trace.split('\n');
    const eventLines = lines.slice(1).filter((line) => line !== '');
    expect(eventLines.length).toBeGreaterThan(10);

    // Every event line is in the layout the scanner reads.
    const scanner = new EventLineScanner();
    const declined = eventLines.filter((line) => {
      const bytes = Buffer.from(line, 'utf8');
      return !scanner.scan(bytes, 0, bytes.length);
    });
    expect(declined).toEqual([]);

    const [json, ...others] = PATHS.map((p) => outcomes(lines, p));
    for (const other of others) expect(other).toEqual(json);
    expect(json.filter((outcome) => outcome.startsWith('TraceFormatError'))).toEqual([]);
    if (vectorClocks) expect(json.some((outcome) => outcome.includes('"vc":{'))).toBe(true);
    // readTrace goes through the fast path too.
    expect(readTrace(trace).events.length).toBe(eventLines.length);
  });

  it('names and types of every length up to 20 bytes, differing only in their last byte, on every path', () => {
    // The scanner caches names and types by their words: names that share all but one byte, of
    // every length across the word boundaries, must each come back as themselves.
    const header = '{"format":"chitty-sim-trace","version":1,"scenario":"names","seed":1,"clock":"lamport"}';
    const lines = [header];
    // Every printable ASCII last byte (and a two-byte one), so that names sharing all other bytes
    // meet in a slot of the cache; each is read twice, after the others, so one that overwrote its
    // slot is there when it comes back.
    const lasts = [...Array.from({ length: 94 }, (_, k) => String.fromCharCode(0x21 + k)).filter((c) => c !== '"' && c !== '\\'), 'é'];
    let i = 0;
    for (let length = 1; length <= 20; length++) {
      for (let round = 0; round < 2; round++) {
        for (const last of lasts) {
          const name = 'n'.repeat(length - 1) + last;
          const type = 'T'.repeat(length - 1) + last;
          lines.push(JSON.stringify({ i, t: 0, node: name, kind: 'send', lamport: i + 1, msg: i, peer: 'p', type, text: 'x' }));
          i++;
        }
      }
    }
    const [json, ...others] = PATHS.map((p) => outcomes(lines, p));
    expect(json.filter((outcome) => outcome.startsWith('TraceFormatError'))).toEqual([]);
    for (const other of others) expect(other).toEqual(json);
    expect(new Set(json).size).toBe(json.length);
  });

  it('escapes and non-ASCII text, in names and messages, on every path', () => {
    const scenario = scenarioFromText(
      [
        'name: "Escapes \\"and\\" ünïcode"',
        'seed: 3',
        'clock: lamport',
        'network:',
        '  delay: { uniform: [1, 5] }',
        'steps:',
        '  - { at: 0, join: "Søren" }',
        '  - { at: 10, join: "q\\"uote" }',
        '  - { at: 20, join: "back\\\\slash" }',
        '  - { at: 30, join: "1111" }',
        '  - { at: 100, publish: "Søren", message: "He said \\"hi\\" \\\\ and\\ttab 🍓 \\u2028 end \\u0001" }',
        '  - { at: 200, publish: "q\\"uote", message: "\\"\\"" }',
        '  - { at: 300, publish: "back\\\\slash", message: "ÆØÅ æøå 👋🏽 ﷽" }',
        '  - { at: 400, leave: "q\\"uote" }',
      ].join('\n'),
    );
    const { trace } = runToText(scenario, {});
    const lines = trace.split('\n');
    expect(lines.some((line) => line.includes('\\"'))).toBe(true);
    expect(lines.some((line) => line.includes('\\u0001'))).toBe(true);
    expect(lines.some((line) => line.includes('👋🏽'))).toBe(true);
    const [json, ...others] = PATHS.map((p) => outcomes(lines, p));
    for (const other of others) expect(other).toEqual(json);
    expect(json.filter((outcome) => outcome.startsWith('TraceFormatError'))).toEqual([]);
    const scanner = new EventLineScanner();
    for (const line of lines.slice(1, -1)) {
      const bytes = Buffer.from(line, 'utf8');
      expect(scanner.scan(bytes, 0, bytes.length)).toBe(true);
    }
  });

  it('a long vector (handed to JSON.parse) and a short one (built by hand) read the same on every path', () => {
    const names = Array.from({ length: 40 }, (_, k) => `p${k}`);
    const vc = Object.fromEntries(names.map((name, k) => [name, k]));
    const header = '{"format":"chitty-sim-trace","version":1,"scenario":"s","seed":1,"clock":"lamport"}';
    const long = `{"i":0,"t":0,"node":"p1","kind":"local","lamport":1,"vc":${JSON.stringify(vc)},"text":""}`;
    const short = `{"i":1,"t":0,"node":"p1","kind":"local","lamport":2,"vc":{"p1":2,"1111":3,"p1":4},"text":""}`;
    const bad = `{"i":2,"t":0,"node":"p1","kind":"local","lamport":3,"vc":${JSON.stringify({ ...vc, p7: -1, 5: 1.5 })},"text":""}`;
    const lines = [header, long, short, bad];
    const [json, ...others] = PATHS.map((p) => outcomes(lines, p));
    for (const other of others) expect(other).toEqual(json);
    expect(json[1]).toContain('"p39":39');
    expect(json[2]).toContain('"vc":{"1111":3,"p1":4}');
    // The first bad entry in for...in order: integer-like names come first.
    expect(json[3]).toContain('field="vc.5"');
  });
});
