/** Width estimates, shortening and wrapping, XML safety. */
import { describe, expect, test } from 'vitest';
import { ellipsize, formatDurationMs, labelText, textWidthPx, wrapText, xmlSafe } from '../../src/diagram/text.js';

describe('textWidthPx', () => {
  test('is at least the width of DejaVu Sans and Helvetica (the wider of them)', () => {
    // DejaVu Sans: "m" is 0.974 em, a digit 0.636 em; at 10 px.
    expect(textWidthPx('m', 10)).toBeGreaterThanOrEqual(9.74);
    expect(textWidthPx('0123456789', 10)).toBeGreaterThanOrEqual(63.6);
    expect(textWidthPx('Join', 10, 'bold')).toBeGreaterThan(textWidthPx('Join', 10));
  });

  test('counts emoji and full-width characters wider, combining marks and joiners as nothing', () => {
    expect(textWidthPx('🎉', 10)).toBeGreaterThan(textWidthPx('m', 10));
    expect(textWidthPx('漢', 10)).toBeGreaterThanOrEqual(10);
    expect(textWidthPx('e\u0301', 10)).toBeCloseTo(textWidthPx('e', 10), 6);
    expect(textWidthPx('👩\u200D💻', 10)).toBeCloseTo(textWidthPx('👩💻', 10), 6);
    expect(textWidthPx('مرحبا', 10)).toBeGreaterThan(0);
  });
});

describe('ellipsize', () => {
  test('leaves text that fits alone', () => {
    expect(ellipsize('Hej', 100, 10)).toBe('Hej');
  });

  test('cuts at the end or in the middle, within the width, never inside a grapheme', () => {
    const text = 'Participant 1111 joined Chitty-Chat at Lamport time 5';
    const end = ellipsize(text, 100, 10);
    expect(end.endsWith('…')).toBe(true);
    expect(textWidthPx(end, 10)).toBeLessThanOrEqual(100);
    const middle = ellipsize(text, 100, 10, 'middle');
    expect(middle).toMatch(/^Particip.*….*time 5$/);
    expect(textWidthPx(middle, 10)).toBeLessThanOrEqual(100);
    const family = '👨‍👩‍👧‍👦'.repeat(10);
    const cut = ellipsize(family, 60, 10);
    expect(cut.replace('…', '').length % '👨‍👩‍👧‍👦'.length).toBe(0);
    expect(ellipsize('anything', 1, 10)).toBe('');
  });
});

describe('wrapText', () => {
  test('breaks at spaces into at most the lines asked for, each within the width', () => {
    const lines = wrapText('Participant 1111 joined Chitty-Chat at Lamport time 5', 190, 11);
    expect(lines).toEqual(['Participant 1111 joined', 'Chitty-Chat at Lamport time 5']);
    for (const line of lines) expect(textWidthPx(line, 11)).toBeLessThanOrEqual(190);
  });

  test('breaks a word longer than a line anywhere, and ends what does not fit with an ellipsis', () => {
    const lines = wrapText('x'.repeat(200), 100, 10);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidthPx(line, 10)).toBeLessThanOrEqual(100);
  });
});

describe('XML safety', () => {
  test('replaces what XML cannot hold and keeps everything else', () => {
    expect(xmlSafe('a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\uDC00g')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg');
    expect(xmlSafe('tab\tline\nreturn\r 😀 مرحبا <&>')).toBe('tab\tline\nreturn\r 😀 مرحبا <&>');
    expect(labelText('  two\n lines\tand  spaces ')).toBe('two lines and spaces');
  });
});

test('formatDurationMs', () => {
  expect(formatDurationMs(7985.3)).toBe('7.99 s');
  expect(formatDurationMs(2.314)).toBe('2.31 ms');
  expect(formatDurationMs(125_000)).toBe('2 min 5 s');
  expect(formatDurationMs(45_000)).toBe('45 s');
});
