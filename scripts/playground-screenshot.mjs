#!/usr/bin/env node
// Takes the README's picture of the playground, docs/playground.png: the site built into a scratch
// folder, opened from disk in Chromium, the report's run with a violation and an event clicked.
//   node --import tsx scripts/playground-screenshot.mjs [OUT.png]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildPlayground } from './build-playground.mjs';
import { launchChromium } from './label-quality.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'playground.png'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'chitty-playground-shot-'));
const browser = await launchChromium();
try {
  const { index } = await buildPlayground({ outDir: path.join(scratch, 'site') });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(pathToFileURL(index).href);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#zoom-fit');
  await page.click('#check-result .violation >> nth=0');
  await page.locator('#diagram svg circle[data-i="16"]').last().click();
  await page.evaluate(() => document.getElementById('diagram-scroll').scrollTo(0, 0));
  await page.screenshot({ path: out });
  process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
