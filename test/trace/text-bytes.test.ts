/**
 * BytesText, the text views the checker asks of events read from a trace, agrees with the String
 * methods on the decoded text, for ASCII and non-ASCII texts and values, and invalid UTF-8.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesText } from '../../src/trace/text-bytes.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const piece = fc.constantFrom('a', 'B', ' ', ',', 'lamport time: ', 'é', 'ø', '😀', '\u2028', 'Leave Request sent', ' (attempt ', '\ud800', '');
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('BytesText', () => {
  it('invalid UTF-8 reads as its decoding (U+FFFD)', () => {
    const view = new BytesText();
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x62]);
    view.setBytes(bytes, 0, 4, false);
    expect(view.slice()).toBe('a\ufffdb');
    expect(view.startsWith('a\ufffd')).toBe(true);
    expect(view.includes('\ufffdb')).toBe(true);
    view.setBytes(bytes, 0, 1, true);
    expect(view.slice()).toBe('a');
  });

  it('answers length, charCodeAt, startsWith, includes, lastIndexOf and slice as the decoded string does', () => {
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
          expect(view.includes(part)).toBe(decoded.includes(part));
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
