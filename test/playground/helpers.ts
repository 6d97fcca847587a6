/**
 * Helpers of the playground's browser tests: the site built once per test file into a scratch
 * folder, Chromium (Debian's, driven by playwright-core), the page opened from disk with every
 * request outside the site's folder refused and recorded, and the page driven as a person does.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { buildPlayground } from '../../scripts/build-playground.mjs';
import { afterAll, beforeAll, expect } from 'vitest';
import { watchPageProblems } from '../page-problems.js';

/** Debian's Chromium; CHITTY_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.CHITTY_CHROMIUM ?? '/usr/bin/chromium';

export const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-playground-'));

/** Builds the site (as `npm run playground` does) and returns the folder. */
export async function buildSite(): Promise<string> {
  const outDir = path.join(scratch, 'site');
  await buildPlayground({ outDir });
  return outDir;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The playground tests need Chromium at ${CHROMIUM}, which is missing. Install it with \`apt-get install -y chromium\` ` +
        '(CI does), or set CHITTY_CHROMIUM to a Chromium or Chrome binary. They fail rather than skip so that a missing browser is noticed.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Opened {
  page: Page;
  /** Console errors and warnings, page errors, dialogs, and requests for anything outside the site's folder. */
  problems: string[];
}

/** Opens the site's page (with `hash`); every request outside the site's folder is refused and recorded. */
export async function openPlayground(browser: Browser, site: string, hash = ''): Promise<Opened> {
  const folder = pathToFileURL(site).href + '/';
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const problems = await watchPageProblems(page, (url) => url.startsWith(folder));
  await page.goto(folder + 'index.html' + hash);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

/** How many times the page has run and drawn a scenario. */
export async function redraws(page: Page): Promise<number> {
  return Number(await page.evaluate(() => document.body.dataset.redraws ?? '0'));
}

/** Waits until the page has redrawn since `before` redraws. */
export async function waitForRedraw(page: Page, before: number): Promise<void> {
  await page.waitForFunction((count) => Number(document.body.dataset.redraws ?? '0') > count, before);
}

/**
 * Replaces the editor's text as a person does: select all, then the text as one input (a paste;
 * typed key by key, the editor's auto-indent would indent each new line again).
 */
export async function replaceScenario(page: Page, text: string): Promise<void> {
  const before = await redraws(page);
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await waitForRedraw(page, before);
}

/** Types in a form field (the seed) and waits for the redraw. */
export async function fillField(page: Page, selector: string, value: string): Promise<void> {
  const before = await redraws(page);
  await page.fill(selector, value);
  await waitForRedraw(page, before);
}

/** What the page shows: the SVG it drew (the viewer's text) and the trace of its run. */
export async function shown(page: Page): Promise<{ svg: string; trace: string }> {
  return page.evaluate(() => {
    const playground = (window as unknown as { chittyPlayground: { shown?: { svg: string; run: { traceText: string } } } }).chittyPlayground;
    const now = playground.shown!;
    return { svg: now.svg, trace: now.run.traceText };
  });
}

/** The event indices drawn in the page's diagram (its DOM). */
export async function drawnIndices(page: Page, className?: string): Promise<number[]> {
  const selector = `#diagram svg [data-i]${className ? `.${className}` : ''}`;
  const indices = await page.$$eval(selector, (elements) => elements.map((element) => Number(element.getAttribute('data-i'))));
  return [...new Set(indices)].sort((a, b) => a - b);
}

/** Saves a file from the Download menu; returns its name and bytes. */
export async function download(page: Page, format: string): Promise<{ name: string; bytes: Buffer }> {
  await page.click('#downloads summary');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click(`#download-list button[data-format="${format}"]`)]);
  return { name: saved.suggestedFilename(), bytes: await readDownload(saved) };
}

async function readDownload(saved: Download): Promise<Buffer> {
  const stream = await saved.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The SVG element's text inside a `chitty-sim view` page. */
export function viewerSvg(html: string): string {
  const match = /<div id="stage">([\s\S]*?)<\/div><\/div>\n<aside/.exec(html);
  if (!match) throw new Error('no diagram in the viewer page');
  return match[1];
}

/**
 * A test file's browser and built site, made before its tests and closed after them: `open` opens
 * the page (with a hash), `expectQuietPages` asserts that no page opened since the last call had a
 * console error, a page error or a request outside the site's folder.
 */
export function playgroundSession(): { open(hash?: string): Promise<Page>; expectQuietPages(): void } {
  let browser: Browser | undefined;
  let site = '';
  const opened: Opened[] = [];
  beforeAll(async () => {
    [site, browser] = await Promise.all([buildSite(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(hash = '') {
      const page = await openPlayground(browser!, site, hash);
      opened.push(page);
      return page.page;
    },
    expectQuietPages() {
      for (const { problems } of opened.splice(0)) expect(problems).toEqual([]);
    },
  };
}
