/**
 * The line splitter against node:readline (`crlfDelay: Infinity`, reading a UTF-8 stream), which
 * `chitty-sim check` used before: the same lines for any input cut into chunks anywhere, across
 * `\r\n`, a lone `\r`, a last line without a line break, and multi-byte characters.
 */
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/trace/lines.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** What readline gives for these chunks. */
async function readlineLines(chunks: readonly Buffer[]): Promise<string[]> {
  const input = new PassThrough();
  input.setEncoding('utf8');
  const lines: string[] = [];
  const reader = createInterface({ input, crlfDelay: Infinity });
  reader.on('line', (line) => lines.push(line));
  const closed = new Promise((resolve) => reader.on('close', resolve));
  for (const chunk of chunks) input.write(chunk);
  input.end();
  await closed;
  return lines;
}

/**
 * What the splitter gives when a line reader takes the lines that start with `x` and end within the
 * chunk, as `TraceLineReader.readLine` takes lines in the simulator's layout: the same lines.
 */
function takenLines(chunks: readonly Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter(
    (bytes, start, end) => lines.push(bytes.toString('utf8', start, end)),
    (bytes, start, limit) => {
      if (bytes[start] !== 0x78) return -1;
      const end = bytes.indexOf(0x0a, start);
      if (end < 0 || end >= limit) return -1;
      lines.push(bytes.toString('utf8', start, end));
      return end;
    },
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

/** What the splitter gives, each line's bytes decoded. */
function splitterLines(chunks: readonly Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((k) => k % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const SAMPLES = [
  '{"a":1}\n{"b":2}\n',
  '{"a":1}\n{"b":2}',
  'one\r\ntwo\r\nthree',
  'one\rtwo\r\rthree\r',
  '\n\n\nx\n\n',
  '\r\n\r\n',
  'ø\næ😀å\r\n𝄞x\n🍓',
  'last line without a break',
  '',
  '\n',
  '\r',
  'a\n\rb\r\n\nc',
  'tab\there\u0001\u001f ok\n',
];

describe('LineSplitter = readline', () => {
  it.each(SAMPLES.map((text) => [JSON.stringify(text), text]))('%s, split at every byte (one and two cuts)', async (_, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = await readlineLines([bytes]);
    expect(splitterLines([bytes])).toEqual(expected);
    for (let a = 0; a <= bytes.length; a++) {
      expect(splitterLines(cut(bytes, [a]))).toEqual(expected);
      for (let b = a; b <= bytes.length; b++) expect(splitterLines(cut(bytes, [a, b]))).toEqual(expected);
    }
    // readline itself, cut anywhere, agrees with itself (so the comparison is with one answer).
    for (let a = 0; a <= bytes.length; a++) expect(await readlineLines(cut(bytes, [a]))).toEqual(expected);
  });

  it('a character split over three chunks, one byte each', () => {
    const bytes = Buffer.from('a😀b\n', 'utf8');
    expect(splitterLines([...bytes].map((byte) => Buffer.from([byte])))).toEqual(['a😀b']);
  });

  it('random text from awkward pieces, cut anywhere', async () => {
    const piece = fc.constantFrom('a', 'x', 'xy\n', '{"i":1}', '\n', '\r', '\r\n', 'ø', '😀', '\u2028', ' ', '\t', '\u0000');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), async (pieces, at) => {
        const bytes = Buffer.from(pieces.join(''), 'utf8');
        const chunks = cut(bytes, at);
        const expected = await readlineLines(chunks);
        expect(splitterLines(chunks)).toEqual(expected);
        expect(takenLines(chunks)).toEqual(expected);
      }),
      { seed: 21, numRuns: RUNS },
    );
  });

  it('invalid UTF-8 decodes as the whole stream would, wherever the chunks end', async () => {
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x0a, 0xc3, 0x0d, 0x0a, 0xff, 0x62, 0xf0, 0x9f, 0x98]);
    const whole = bytes.toString('utf8').split(/\r\n|\r|\n/);
    expect(splitterLines([bytes])).toEqual(whole);
    for (let a = 0; a <= bytes.length; a++) expect(splitterLines(cut(bytes, [a]))).toEqual(whole);
    expect(await readlineLines([bytes])).toEqual(whole);
  });

  it('keeps no reference to a chunk: the caller may reuse its buffer', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
    const buffer = Buffer.from('abc\nde');
    splitter.push(buffer);
    buffer.write('XY\nZZZ');
    splitter.push(buffer);
    splitter.end();
    expect(lines).toEqual(['abc', 'deXY', 'ZZZ']);
  });

  it('accepts a Uint8Array as well as a Buffer, and empty chunks', () => {
    const bytes = new TextEncoder().encode('x\ny');
    const lines: string[] = [];
    const splitter = new LineSplitter((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
    splitter.push(new Uint8Array(0));
    splitter.push(bytes);
    splitter.push(new Uint8Array(0));
    splitter.end();
    expect(lines).toEqual(['x', 'y']);
  });
});
