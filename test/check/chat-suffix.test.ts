/**
 * chatSuffixStart, read from the end of the text, agrees with its definition (the last
 * `, lamport time: ` followed by one or more digits to the end), on strings and on byte views.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatSuffixStart } from '../../src/protocols/chitty-chat/rules/texts.js';
import { BytesText } from '../../src/trace/text-bytes.js';

const SUFFIX = ', lamport time: ';

function byDefinition(shows: string): number {
  const at = shows.lastIndexOf(SUFFIX);
  if (at < 0) return -1;
  const digits = shows.slice(at + SUFFIX.length);
  return /^[0-9]+$/.test(digits) ? at : -1;
}

describe('chatSuffixStart', () => {
  it('finds the suffix as its definition does', () => {
    const piece = fc.constantFrom(SUFFIX, ', lamport time:', '1', '42', '0', 'x', ' ', 'ø', 'p1 said: hi', ',');
    const view = new BytesText();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const shows = pieces.join('');
        expect(chatSuffixStart(shows)).toBe(byDefinition(shows));
        const bytes = Buffer.from(shows);
        view.setBytes(bytes, 0, bytes.length, bytes.length === shows.length);
        expect(chatSuffixStart(view)).toBe(byDefinition(shows));
      }),
      { seed: 8, numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
    );
    expect(chatSuffixStart('p1 said: hi, lamport time: 12')).toBe(11);
    expect(chatSuffixStart(', lamport time: 7')).toBe(0);
    expect(chatSuffixStart('x, lamport time: ')).toBe(-1);
  });
});
