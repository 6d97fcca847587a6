/** PNG output: resvg with the shipped fonts, the same bytes everywhere, real glyphs for every script. */
import { CHITTY_STYLE } from './chitty-style.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderSvg } from '../../src/diagram/index.js';
import { cmapCoverage, covers } from '../../src/diagram/font-coverage.js';
import { textWithFont, withShippedFonts } from '../../src/diagram/fonts.js';
import { shippedFonts } from '../../src/diagram/shipped-fonts.js';
import { PngTooLargeError, svgToPng } from '../../src/diagram/png.js';
import { readTrace } from '../../src/trace/read.js';
import { runCli } from '../helpers.js';
import { fixtureText, parseSvg } from './helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-png-'));
const diagramLog = path.join(import.meta.dirname, 'fixtures', 'diagram-log.ndjson');

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(Buffer.from(png.subarray(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A small SVG with one line of text, in the diagram's own font list. */
function textSvg(text: string, attributes = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40" font-family="Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif">` +
    `<text x="8" y="27" font-size="18"${attributes}>${text}</text></svg>`
  );
}

const png = (text: string, attributes = '') => svgToPng(textSvg(text, attributes), { scale: 1 });

describe('svgToPng', () => {
  test('is a PNG of the SVG size times the scale', async () => {
    expect(pngSize(await svgToPng(textSvg('Hej'), { scale: 1 }))).toEqual({ width: 240, height: 40 });
    expect(pngSize(await svgToPng(textSvg('Hej')))).toEqual({ width: 480, height: 80 });
    expect(pngSize(await svgToPng(textSvg('Hej'), { scale: 1.5 }))).toEqual({ width: 360, height: 60 });
  });

  test('draws Danish letters, emoji, Arabic, Hebrew and the diagram symbols with glyphs, not boxes', async () => {
    // Boxes (a missing glyph) look alike for every character: a text that differs only in such
    // characters would give the same picture.
    const empty = await png('');
    const pairs: [string, string][] = [
      ['æøå 😀', 'åøæ 😎'],
      ['æøå 😀', 'æøå 😎'],
      ['Godt! fløde 🍓', 'Godt! fløde 🍒'],
      ['office 🎉 ffi', 'office 🎈 ffi'],
      ['مرحبا', 'مرحبي'],
      ['שלום', 'שלוש'],
      ['Broadcast → 2222', 'Broadcast ← 2222'],
      ['✗ process-order', '⋯ process-order'],
      ['Ωмega', 'Ωжega'],
    ];
    for (const [a, b] of pairs) {
      const first = await png(a);
      expect(Buffer.compare(first, empty), a).not.toBe(0);
      expect(Buffer.compare(first, await png(b)), `${a} / ${b}`).not.toBe(0);
    }
    // In bold and italic too (the fallback must not depend on the style).
    for (const style of [' font-weight="bold"', ' font-style="italic"']) {
      expect(Buffer.compare(await png('fløde 🍓 →', style), await png('fløde 🍒 →', style))).not.toBe(0);
      expect(Buffer.compare(await png('fløde 🍓 →', style), await png('fløde 🍓 ←', style))).not.toBe(0);
    }
  });

  test('gives the same bytes for the same SVG', async () => {
    const svg = textSvg('æøå 😀 مرحبا');
    expect(Buffer.compare(await svgToPng(svg), await svgToPng(svg))).toBe(0);
  });

  test('refuses a PNG larger than maxPixels', async () => {
    await expect(svgToPng(textSvg('x'), { maxPixels: 1000 })).rejects.toBeInstanceOf(PngTooLargeError);
    await expect(svgToPng(textSvg('x'), { scale: 0 })).rejects.toThrow(/scale/);
  });
});

describe('the shipped fonts', () => {
  test('their character maps are read', () => {
    const fonts = Object.fromEntries(shippedFonts().map((font) => [font.family, font.coverage]));
    expect(Object.keys(fonts)).toEqual(['Noto Sans', 'Noto Emoji', 'Noto Sans Arabic', 'DejaVu Sans']);
    const has = (family: string, char: string) => covers(fonts[family], char.codePointAt(0)!);
    expect(has('Noto Sans', 'æ')).toBe(true);
    expect(has('Noto Sans', 'Ж')).toBe(true);
    expect(has('Noto Sans', '😀')).toBe(false);
    expect(has('Noto Sans', '→')).toBe(false);
    expect(has('Noto Emoji', '🍓')).toBe(true);
    expect(has('Noto Sans Arabic', 'م')).toBe(true);
    expect(has('DejaVu Sans', '✗')).toBe(true);
    expect(has('DejaVu Sans', 'ש')).toBe(true);
    expect(cmapCoverage(new Uint8Array(12))).toEqual([]);
  });

  test('each text gets the font that has its characters', () => {
    expect(textWithFont('Hej Søren &amp; Ωж')).toBe('Hej Søren &amp; Ωж');
    expect(textWithFont('Broadcast → 2222')).toBe(`<tspan font-family="'DejaVu Sans'">Broadcast → 2222</tspan>`);
    expect(textWithFont('مرحبا hej')).toBe(`<tspan font-family="'Noto Sans Arabic'">مرحبا hej</tspan>`);
    // Words with emoji: non-joiners between the characters (no ligatures), emoji sequences in parts.
    expect(textWithFont('fi 🍓')).toBe('f\u200Ci\u200C \u200C🍓');
    expect(textWithFont('👨‍👩‍👧!')).toBe('👨\u200C👩\u200C👧\u200C!');
    expect(textWithFont('e\u0301 😀')).toBe('é\u200C \u200C😀');
  });

  test('the SVG is drawn in them: font-family lists are replaced, tooltips left alone', () => {
    const svg = withShippedFonts(`<svg font-family="Helvetica, 'DejaVu Sans'"><title>→ 😀</title><text x="1"><tspan x="1">→</tspan></text></svg>`);
    expect(svg).toBe(`<svg font-family="'Noto Sans', sans-serif"><title>→ 😀</title><text x="1"><tspan x="1"><tspan font-family="'DejaVu Sans'">→</tspan></tspan></text></svg>`);
  });
});

describe('chitty-sim render to PNG', () => {
  test('-o FILE.png writes a PNG twice the size of the SVG, the same bytes every time', async () => {
    const { header, events } = readTrace(fixtureText('diagram-log.ndjson'));
    const svg = parseSvg(await renderSvg(header, events, { ...CHITTY_STYLE, allNodes: ['1111', 'server', '2222'] }));
    const a = path.join(scratch, 'a.png');
    const b = path.join(scratch, 'b.png');
    for (const out of [a, b]) {
      const result = await runCli(['render', diagramLog, '-o', out]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${out}\n`);
    }
    const bytes = readFileSync(a);
    expect(pngSize(bytes)).toEqual({ width: 2 * Number(svg.getAttribute('width')), height: 2 * Number(svg.getAttribute('height')) });
    expect(Buffer.compare(bytes, readFileSync(b))).toBe(0);
  });

  test('--png writes PNG to standard output, --scale sets its size', async () => {
    const result = await runCli(['render', diagramLog, '--png', '--scale', '1', '--from', '0', '--to', '10']);
    expect(result.code).toBe(0);
    // execFile decodes as UTF-8; the signature's ASCII part survives.
    expect(result.stdout.slice(1, 4)).toBe('PNG');
  });

  test('refuses what makes no sense, with exit code 2', async () => {
    const svgNamed = await runCli(['render', diagramLog, '--png', '-o', path.join(scratch, 'x.svg')]);
    expect(svgNamed.code).toBe(2);
    expect(svgNamed.stderr).toMatch(/named \.svg/);
    const scaleForSvg = await runCli(['render', diagramLog, '--scale', '2']);
    expect(scaleForSvg.code).toBe(2);
    expect(scaleForSvg.stderr).toMatch(/--scale: only for PNG/);
    const tooLarge = await runCli(['render', diagramLog, '-o', path.join(scratch, 'big.png'), '--scale', '16']);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr).toMatch(/million pixels/);
  });
});
