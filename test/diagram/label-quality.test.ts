/**
 * Label quality as a reader sees it, measured in headless Chromium (text boxes from getBBox, arrows
 * from the SVG): no label overlaps another, none is crossed by an arrow other than its own, none
 * leaves the picture, none is shortened. On every shipped diagram and on random traces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderPages, renderSvg, type Axis } from '../../src/diagram/index.js';
import { fixture } from './helpers.js';
import { ROOT } from '../helpers.js';
// @ts-expect-error: a plain ES module shared with the bench, without type declarations
import { CHROMIUM_PATH, launchChromium, measureSvg } from '../../scripts/label-quality.mjs';
import { CHITTY_STYLE } from './chitty-style.js';
import { generatedTrace } from './generated.js';
import { existsSync } from 'node:fs';

interface Quality {
  labels: number;
  overlaps: string[];
  crossed: string[];
  outside: string[];
  shortened: string[];
}

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`The label-quality tests need Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHITTY_CHROMIUM)`);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const measure = (svg: string): Promise<Quality> => measureSvg(browser, svg);

function problems(quality: Quality): string[] {
  return [...quality.overlaps, ...quality.crossed.map((text) => `crossed: ${text}`), ...quality.outside.map((text) => `outside: ${text}`), ...quality.shortened.map((text) => `shortened: ${text}`)];
}

describe('the shipped diagrams', () => {
  const dir = path.join(ROOT, 'diagrams');
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.svg')).sort()) {
    test(name, async () => {
      const quality = await measure(readFileSync(path.join(dir, name), 'utf8'));
      // Enough labels that the measure means something: the smallest shipped diagram has a few dozen.
      expect(quality.labels).toBeGreaterThan(20);
      expect(problems(quality)).toEqual([]);
    });
  }
});

describe('pages for print', () => {
  test('every page of a diagram cut for A4 is as clean as the whole', async () => {
    const { header, events } = fixture('diagram-log.ndjson');
    const { pages } = await renderPages(header, events, 'a4', CHITTY_STYLE);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(problems(await measure(page))).toEqual([]);
  });
});

describe('random traces', () => {
  test('no label overlaps, is crossed, leaves the picture or is shortened', async () => {
    await fc.assert(
      fc.asyncProperty(generatedTrace, fc.constantFrom<Axis>('order', 'lamport', 'time'), async ({ header, events }, axis) => {
        const svg = await renderSvg(header, events, { ...CHITTY_STYLE, axis });
        expect(problems(await measure(svg))).toEqual([]);
      }),
      { numRuns: Number(process.env.LABEL_RUNS ?? 40), seed: Number(process.env.LABEL_SEED ?? 1604) },
    );
  }, 300_000);
});
