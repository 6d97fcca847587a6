/**
 * The byte-level text tests the checker asks of events read from a trace agree with the String
 * methods on the decoded text, for ASCII and non-ASCII texts and values, and invalid UTF-8.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesText, bytesEqual, bytesInclude, bytesStartWith } from '../../src/trace/text-bytes.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const piece = fc.constantFrom('a', 'B', ' ', ',', 'lamport time: ', 'é', 'ø', '😀', '\u2028', 'Leave Request sent', ' (attempt ', '\ud800', '');
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('bytesEqual, bytesStartWith, bytesInclude', () => {
  it('match ===, startsWith and includes on the decoded text', () => {
    fc.assert(
      fc.property(text, text, fc.nat({ max: 5 }), fc.nat({ max: 5 }), (content, value, before, after) => {
        // The text sits inside a larger buffer, as a line's field does.
        const bytes = Buffer.concat([Buffer.alloc(before, 0x7b), Buffer.from(content), Buffer.alloc(after, 0x22)]);
        const start = before;
        const end = bytes.length - after;
        const decoded = bytes.toString('utf8', start, end);
        for (const candidate of [value, decoded.slice(0, value.length), decoded]) {
          expect(bytesEqual(bytes, start, end, candidate)).toBe(decoded === candidate);
          expect(bytesStartWith(bytes, start, end, candidate)).toBe(decoded.startsWith(candidate));
          expect(bytesInclude(bytes, start, end, candidate)).toBe(decoded.includes(candidate));
        }
      }),
      { seed: 5, numRuns: RUNS },
    );
  });

  it('invalid UTF-8 compares as its decoding (U+FFFD)', () => {
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x62]);
    expect(bytesEqual(bytes, 0, 4, 'a\ufffdb')).toBe(true);
    expect(bytesStartWith(bytes, 0, 4, 'a\ufffd')).toBe(true);
    expect(bytesInclude(bytes, 0, 4, '\ufffdb')).toBe(true);
    expect(bytesEqual(bytes, 0, 1, 'a')).toBe(true);
  });

  it('BytesText answers length, charCodeAt, startsWith, lastIndexOf and slice as the decoded string does', () => {
    const view = new BytesText();
    fc.assert(
      fc.property(text, text, fc.integer({ min: -3, max: 40 }), fc.integer({ min: -3, max: 40 }), fc.boolean(), (content, probe, a, b, asString) => {
        const bytes = Buffer.concat([Buffer.from('{"x":"'), Buffer.from(content), Buffer.from('"}')]);
        const decoded = bytes.toString('utf8', 6, bytes.length - 2);
        if (asString) view.setString(decoded);
        else view.setBytes(bytes, 6, bytes.length - 2, !/[^\x00-\x7f]/.test(decoded));
        expect(view.length).toBe(decoded.length);
        expect(view.charCodeAt(a)).toBe(decoded.charCodeAt(a));
        for (const part of [probe, decoded.slice(a, b), ', lamport time: ']) {
          expect(view.startsWith(part)).toBe(decoded.startsWith(part));
          expect(view.startsWith(part, a)).toBe(decoded.startsWith(part, a));
          expect(view.lastIndexOf(part)).toBe(decoded.lastIndexOf(part));
        }
        expect(view.slice()).toBe(decoded);
        expect(view.slice(a, b)).toBe(decoded.slice(a, b));
        expect(view.slice(0, b)).toBe(decoded.slice(0, b));
      }),
      { seed: 6, numRuns: RUNS },
    );
  });
});
