#!/usr/bin/env node
// The playground's speed, measured in Chromium as a person meets it: how long after a keystroke
// in the editor the diagram is redrawn and painted, for the report's run (89 events) and a run of
// about 2,000 events; and the size of the built site. Builds the site into a scratch folder, opens
// it from disk, types one character at a time (waiting between keys, so each is the last), and
// prints one JSON line. Used by bench/run.mjs.
//
//   node bench/playground.mjs [--keys N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../scripts/label-quality.mjs';
import { median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--keys');
const KEYS = at > 0 ? Number(process.argv[at + 1]) : 15;
/** Keys typed before measuring: the page's code is compiled by then, as after a minute of use. */
const WARM_UP = 3;

/** About 2,000 events: six participants publishing eight messages each. */
const LARGE = `# About 2,000 events for the playground's benchmark.
name: six participants, eight publishes each
seed: 1
generate: { participants: 6, publishesEach: 8, window: [100, 2000] }
`;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'chitty-bench-playground-'));
const site = path.join(scratch, 'site');
const built = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build-playground.mjs'), '--out', site], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) {
  process.stderr.write(`bench/playground: the build failed: ${built.stderr}`);
  process.exit(1);
}
const siteBytes = readdirSync(site).reduce((sum, name) => sum + statSync(path.join(site, name)).size, 0);

/** Types KEYS characters at the end of the editor's first line, one at a time; each key's delay to the painted redraw, ms. */
async function keystrokes(page, pauseMs) {
  await page.evaluate(() => {
    window.__benchKey = 0;
    window.__benchMarks = [];
    document.addEventListener('keydown', () => (window.__benchKey = performance.now()), true);
    new MutationObserver(() => {
      const key = window.__benchKey;
      const drawn = performance.now();
      // After the frame that shows it: the next task after requestAnimationFrame.
      requestAnimationFrame(() => setTimeout(() => window.__benchMarks.push({ drawn: drawn - key, painted: performance.now() - key })));
    }).observe(document.body, { attributes: true, attributeFilter: ['data-redraws'] });
  });
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  const samples = [];
  for (let k = 0; k < WARM_UP + KEYS; k++) {
    const before = await page.evaluate(() => window.__benchMarks.length);
    await page.keyboard.type(k % 2 === 0 ? 'x' : 'y');
    await page.waitForFunction((count) => window.__benchMarks.length > count, before, { timeout: 30_000 });
    const mark = await page.evaluate(() => window.__benchMarks[window.__benchMarks.length - 1]);
    const timings = await page.evaluate(() => ({ ...window.chittyPlayground.timings }));
    if (k >= WARM_UP) samples.push({ ...mark, ...timings });
    await page.waitForTimeout(pauseMs);
  }
  const events = await page.evaluate(() => Number(/^(\d+) events/.exec(document.getElementById('run-summary').textContent)?.[1] ?? NaN));
  const pick = (key) => median(samples.map((sample) => sample[key]));
  return { events, keys: samples.length, paintedMs: pick('painted'), drawnMs: pick('drawn'), maxPaintedMs: Math.max(...samples.map((sample) => sample.painted)), runMs: pick('runMs'), layoutAndSvgMs: pick('layoutAndSvgMs'), showMs: pick('showMs') };
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(pathToFileURL(path.join(site, 'index.html')).href);
  await page.waitForSelector('body[data-ready="true"]');
  const report = await keystrokes(page, 300);
  await page.evaluate((text) => {
    window.chittyPlayground.editor.setText(text);
    window.chittyPlayground.redraw();
  }, LARGE);
  const large = await keystrokes(page, 1500);
  process.stdout.write(JSON.stringify({ siteBytes, chromium: browser.version(), report, large }) + '\n');
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
