/**
 * Fuzzing the fast path against JSON.parse: random mutations of valid event lines (digits
 * changed, spaces and escapes inserted, fields reordered or repeated, numbers and strings swapped
 * for awkward ones, lines cut short) must give exactly the same outcome on every path: the same
 * event, or the same error with the same line, field and message. Fixed seeds; a few seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLineScanner } from '../../src/trace/event-line-scanner.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';
import { decodable, outcomes, PATHS } from './paths.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

const HEADER = '{"format":"chitty-sim-trace","version":1,"scenario":"fuzz","seed":1,"clock":"lamport"}';

/** Thirty participants: vectors long enough for the scanner to hand them to JSON.parse. */
const CROWD = scenarioFromText(
  ['name: Crowd', 'seed: 4', 'clock: lamport', 'network:', '  delay: { uniform: [1, 5] }', 'generate:', '  participants: 30', '  publishesEach: 1', '  joinAt: 0', '  window: [1000, 1100]'].join('\n'),
);

/** Event lines of real traces: drops, crashes and restarts, shows, with and without vectors, short and long. */
const POOLS = [
  runToText(loadScenarioFile('faults-crash.yaml')).trace,
  runToText(loadScenarioFile('faults-loss.yaml'), { vectorClocks: false }).trace,
  runToText(loadScenarioFile('three-participants.yaml')).trace,
  runToText(CROWD).trace.split('\n').slice(-400).join('\n'),
].map((trace) => trace.split('\n').slice(1).filter((line) => line !== ''));

/** Numbers JSON takes, and tokens it does not, with the tricky roundings and limits. */
const NUMBERS = [
  '0', '-0', '-0.0', '1e5', '1E+2', '1e-7', '0.1', '5724.386', '0.30000000000000004', '123456789012345.6', '1234567890123456',
  '9007199254740993', '12345678901234567890', '1e400', '-1e400', '4.9e-324', '1.7976931348623157e308', '-1', '1.5', '100000000000000000000000',
  '00', '01', '-', '+1', '.5', '5.', '1e', '1e+', 'Infinity', 'NaN', '0x10', '1_000', '1.2.3', '--1', '- 1', '1 ', ' 1', 'null', 'true', '"1"', '[]', '{}',
];
const STRINGS = [
  '""', '"a"', '"send"', '"s\\u0065nd"', '"send "', '"SEND"', '"x\\"y"', '"\\\\"', '"\\n"', '"\\t"', '"\\/"', '"\\u00e6"', '"\\ud83d\\ude00"', '"\\ud800"',
  '"\\x41"', '"\\u12"', '"\\"', '"😀"', '"æøå"', '"\u2028"', '"a\tb"', '"a\u0001b"', '"__proto__"', '"server"', '"BroadcastRequest"', '"loss"', '"crashed"',
  'null', '1', '{}', '[]', 'true', '"\\u0000"', `"${'long'.repeat(20)}"`,
];
const INSERTIONS = [' ', '\t', '\r', '\\', '"', '\\"', '\\u0041', '\\ud83d', 'é', '😀', '\u0000', '\u001f', '\u2028', ',', '}', '{', ':', '0', '-', '.', 'e', '\ud800', '\ufeff'];
const KEYS = ['i', 't', 'node', 'kind', 'lamport', 'vc', 'msg', 'peer', 'type', 'text', 'shows', 'reason', 'interrupted', '__proto__', 'x'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('character' as const), at: fc.nat(), to: fc.constantFrom(...'0123456789+-.eE x"\\,:{}[]') }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INSERTIONS), fc.string({ maxLength: 3, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), nth: fc.nat(), value: fc.constantFrom(...NUMBERS) }),
  fc.record({ kind: fc.constant('string' as const), nth: fc.nat(), value: fc.constantFrom(...STRINGS) }),
  fc.record({ kind: fc.constant('repeat' as const), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...NUMBERS, ...STRINGS), front: fc.boolean() }),
  fc.record({ kind: fc.constant('reorder' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('vector' as const), entry: fc.constantFrom('"__proto__":1', '"p":-1', '"p":1.5', '"p":1e2', '"server":1,"server":2', '"":0', '"9":1,"a":-0', '"1111":2') }),
);

/** Applies a mutation to a line. */
function mutate(line: string, m: typeof mutation extends fc.Arbitrary<infer T> ? T : never): string {
  const at = (n: number) => n % (line.length + 1);
  switch (m.kind) {
    case 'character': {
      const k = at(m.at);
      return line.slice(0, k) + m.to + line.slice(k + 1);
    }
    case 'insert': {
      const k = at(m.at);
      return line.slice(0, k) + m.text + line.slice(k);
    }
    case 'delete': {
      const k = at(m.at);
      return line.slice(0, k) + line.slice(k + m.length);
    }
    case 'truncate':
      return line.slice(0, at(m.at));
    case 'number':
    case 'string': {
      const pattern = m.kind === 'number' ? /-?\d+(\.\d+)?([eE][+-]?\d+)?/g : /"(?:[^"\\]|\\.)*"/g;
      const found = [...line.matchAll(pattern)];
      if (found.length === 0) return line;
      const hit = found[m.nth % found.length];
      return line.slice(0, hit.index) + m.value + line.slice(hit.index + hit[0].length);
    }
    case 'repeat':
      return m.front ? `{"${m.key}":${m.value},${line.slice(1)}` : `${line.slice(0, -1)},"${m.key}":${m.value}}`;
    case 'reorder': {
      // Moves a top-level field: reads the line, moves one key, writes it back.
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return line;
      }
      const keys = Object.keys(record);
      const [moved] = keys.splice(m.from % keys.length, 1);
      keys.splice(m.to % (keys.length + 1), 0, moved);
      return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(record[key])}`).join(',')}}`;
    }
    case 'vector': {
      const open = line.indexOf('"vc":{');
      if (open < 0) return `${line.slice(0, -1)},"vc":{${m.entry}}}`;
      const inside = open + 6;
      return line.slice(0, inside) + m.entry + (line[inside] === '}' ? '' : ',') + line.slice(inside);
    }
  }
}

/** A few consecutive lines of a pool, renumbered from 0 so the index rule passes unless mutated. */
const lines = fc
  .record({
    pool: fc.nat(POOLS.length - 1),
    start: fc.nat(),
    mutations: fc.array(fc.array(mutation, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ pool, start, mutations }) => {
    const source = POOLS[pool];
    const first = start % source.length;
    return mutations.map((ms, k) => ms.reduce(mutate, source[(first + k) % source.length].replace(/^\{"i":\d+,/, `{"i":${k},`)));
  });

function expectSameOnEveryPath(trace: readonly string[]): void {
  const [json, ...others] = PATHS.map((p) => outcomes(trace, p));
  for (const other of others) expect(other).toEqual(json);
  expect(json.filter((outcome) => outcome.startsWith('OTHER'))).toEqual([]);
}

describe('fast path = JSON.parse on mutated lines', () => {
  it('mutated event lines give the same event or the same error on every path', () => {
    fc.assert(
      fc.property(lines, (mutated) => {
        expectSameOnEveryPath([HEADER, ...mutated].map(decodable));
      }),
      { seed: 7, numRuns: RUNS },
    );
  });

  it('and lone surrogates, which only text can hold, the same with and without the scanner', () => {
    fc.assert(
      fc.property(lines, fc.nat(), fc.constantFrom('\ud800', '\udfff', '\ud83d'), (mutated, at, surrogate) => {
        const line = mutated[0];
        const k = at % (line.length + 1);
        const trace = [HEADER, line.slice(0, k) + surrogate + line.slice(k)];
        const json = outcomes(trace, 'json');
        expect(outcomes(trace, 'text')).toEqual(json);
      }),
      { seed: 8, numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('random text after a valid beginning', () => {
    fc.assert(
      fc.property(fc.constantFrom(...POOLS[0]), fc.nat(), fc.string({ maxLength: 40, unit: 'binary' }), (line, at, tail) => {
        const k = at % line.length;
        expectSameOnEveryPath([HEADER, decodable(line.replace(/^\{"i":\d+,/, '{"i":0,').slice(0, k) + tail)]);
      }),
      { seed: 9, numRuns: RUNS },
    );
  });

  it('the awkward numbers, one by one, in every numeric field', () => {
    const line = POOLS[0].find((l) => l.includes('"msg":') && l.includes('"vc":{'))!.replace(/^\{"i":\d+,/, '{"i":0,');
    for (const value of NUMBERS) {
      for (let nth = 0; nth < 8; nth++) expectSameOnEveryPath([HEADER, mutate(line, { kind: 'number', nth, value })]);
    }
  });

  it('random JSON numbers of up to 20 digits, where rounding twice would show, read exactly', () => {
    const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    const number = fc
      .record({
        minus: fc.boolean(),
        whole: fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 19)).map(([a, b]) => a + b)),
        fraction: fc.option(digits(1, 19)),
        exponent: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3))),
      })
      .map(({ minus, whole, fraction, exponent }) => `${minus ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : exponent.join('')}`);
    const scanner = new EventLineScanner();
    fc.assert(
      fc.property(number, (token) => {
        const line = `{"i":0,"t":${token},"node":"a","kind":"local","lamport":${token},"text":""}`;
        const bytes = Buffer.from(line);
        expect(scanner.scan(bytes, 0, bytes.length)).toBe(true);
        expect(Object.is(scanner.t, JSON.parse(token))).toBe(true);
        expectSameOnEveryPath([HEADER, line]);
      }),
      { seed: 10, numRuns: RUNS * 4 },
    );
  });

  it('the scanner takes every form of JSON number and every field of the layout', () => {
    const scanner = new EventLineScanner();
    for (const token of ['0', '-0', '-0.0', '1e5', '1E+2', '1e-7', '0.1', '1234567890123456789', '1e400']) {
      const line = `{"i":0,"t":${token},"node":"ø","kind":"drop","lamport":1,"vc":{"a":${token}},"msg":${token},"peer":"p","type":"JoinReply","text":"x\\"","shows":"","reason":"loss"}`;
      const bytes = Buffer.from(line);
      expect(scanner.scan(bytes, 0, bytes.length), line).toBe(true);
      expect(Object.is(scanner.msg, JSON.parse(token))).toBe(true);
    }
  });

  it('keys the scanner does not expect, before and after the fields', () => {
    const line = POOLS[0].find((l) => l.includes('"shows":'))!.replace(/^\{"i":\d+,/, '{"i":0,');
    for (const key of KEYS) {
      for (const value of [...NUMBERS.slice(0, 6), ...STRINGS.slice(0, 6)]) {
        for (const front of [true, false]) expectSameOnEveryPath([HEADER, mutate(line, { kind: 'repeat', key, value, front })]);
      }
    }
  });
});
