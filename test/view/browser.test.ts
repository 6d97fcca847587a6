/**
 * The viewer page end to end in headless Chromium (Debian's `chromium`, driven by playwright-core):
 * causal highlighting against the vector clocks of the trace, pan and zoom, process lines on and
 * off, search, hostile text shown as text, and not one network request or console error.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TraceEvent } from '../../src/trace/format.js';
import { expectedCone, HOSTILE, scenarioTrace, SCRIPT_TEXT, traceEvents, viewFile, writeHostileTrace } from './helpers.js';
import { watchPageProblems } from '../page-problems.js';

/** Debian's Chromium; CHITTY_CHROMIUM points elsewhere (another system's Chromium or Chrome). */
const CHROMIUM = process.env.CHITTY_CHROMIUM ?? '/usr/bin/chromium';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The viewer tests need Chromium at ${CHROMIUM}, which is missing. Install it with \`sudo apt-get install -y chromium\` ` +
        '(Debian and Ubuntu; CI installs it), or set CHITTY_CHROMIUM to a Chromium or Chrome binary. ' +
        'These tests fail rather than skip so that a machine without it is noticed.',
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Console errors and warnings, page errors, dialogs, and requests for anything but the file. */
  problems: string[];
}

/** Opens a viewer file; every request other than the file itself is refused and recorded. */
async function open(file: string): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const problems = await watchPageProblems(page, (requested) => requested === url);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

/** The event indices whose elements carry `className`. */
async function marked(page: Page, className: string): Promise<number[]> {
  const indices = await page.$$eval(`svg [data-i].${className}`, (elements) => elements.map((element) => Number(element.getAttribute('data-i'))));
  return [...new Set(indices)].sort((a, b) => a - b);
}

/**
 * Clicks an event's dot. The view is fitted first: its top is then in view and Playwright reaches
 * any dot by scrolling down, which the page turns into a pan.
 */
async function clickEvent(page: Page, i: number, selector = 'circle'): Promise<void> {
  await page.click('#zoom-fit');
  await page.click(`${selector}[data-i="${i}"]`);
}

function transformOf(page: Page): Promise<string> {
  return page.$eval('#stage', (stage) => (stage as HTMLElement).style.transform);
}

describe('the viewer of a shipped scenario (three-participants)', () => {
  let file: string;
  let events: TraceEvent[];
  let opened: Opened;

  beforeAll(async () => {
    const trace = await scenarioTrace('three-participants.yaml');
    events = traceEvents(trace);
    file = await viewFile(trace, 'three.html');
    opened = await open(file);
  }, 60_000);

  afterAll(async () => {
    await opened?.page.close();
  });

  test('a click highlights exactly the causal past and future of the event, from the vector clocks', async () => {
    const { page } = opened;
    const withDots = events.filter((event) => event.kind !== 'drop');
    // The first event, a local event, a receive in the middle, and the last event.
    const picks = [
      withDots[0],
      withDots.find((event) => event.kind === 'local' && event.i > 20)!,
      withDots.filter((event) => event.kind === 'receive')[Math.floor(withDots.length / 6)],
      withDots[withDots.length - 1],
    ];
    for (const event of picks) {
      await clickEvent(page, event.i);
      const expected = expectedCone(events, event.i);
      expect(await marked(page, 'hl-selected')).toEqual([event.i]);
      expect(await marked(page, 'hl-past')).toEqual(expected.past);
      expect(await marked(page, 'hl-future')).toEqual(expected.future);
      const details = await page.textContent('#details');
      expect(details).toContain(`Event #${event.i}`);
      expect(details).toContain(event.node);
      expect(details).toContain(event.text);
      expect(details).toContain(`${event.t} ms`);
      const clock = Object.entries(event.vc!)
        .map(([node, count]) => `${node} ${count}`)
        .sort();
      for (const entry of clock) expect(details).toContain(entry);
      expect(details).toContain(`${expected.past.length} before`);
      expect(details).toContain(`${expected.future.length} after`);
    }
    // A message is highlighted when both its ends are: a send in the past and its receive.
    const last = picks[picks.length - 1];
    const cone = new Set([...expectedCone(events, last.i).past, last.i]);
    const messages = await page.$$eval('svg .hl-message', (elements) => elements.map((element) => [Number(element.getAttribute('data-from')), Number(element.getAttribute('data-to'))]));
    expect(messages.length).toBeGreaterThan(0);
    for (const [from, to] of messages) expect(cone.has(from) && cone.has(to)).toBe(true);
    // Escape clears the selection.
    await page.keyboard.press('Escape');
    expect(await marked(page, 'hl-past')).toEqual([]);
    expect(await page.$eval('svg', (svg) => svg.classList.contains('focus'))).toBe(false);
  });

  test('shows the details of an event: node, kind, Lamport time, virtual time, vector clock, text, shows, message type and peer', async () => {
    const { page } = opened;
    const rowsOf = async (i: number) => {
      await clickEvent(page, i);
      const rows = await page.$$eval('#details dt', (terms) => terms.map((term) => [term.textContent, term.nextElementSibling?.textContent]));
      return Object.fromEntries(rows) as Record<string, string>;
    };
    const receive = events.find((candidate) => candidate.kind === 'receive' && candidate.i > 30)!;
    let row = await rowsOf(receive.i);
    expect(row.Node).toBe(receive.node);
    expect(row.Kind).toBe(`receive ${receive.type} from ${receive.peer}`);
    expect(row.Lamport).toBe(String(receive.lamport));
    expect(row['Virtual time']).toBe(`${receive.t} ms`);
    expect(row.Message).toBe(`${receive.type} (msg ${receive.msg})`);
    expect(row.Peer).toBe(receive.peer);
    expect(row.Logged).toBe(receive.text);
    const shows = events.find((candidate) => candidate.shows !== undefined && candidate.shows.includes('rødgrød'))!;
    row = await rowsOf(shows.i);
    expect(row.Prints).toBe(shows.shows);
    expect(shows.kind).toBe('local');
    expect(row.Kind).toBe('local event');
  });

  test('zooms with the buttons and the wheel, and pans by dragging without selecting', async () => {
    const { page } = opened;
    await page.click('#zoom-one');
    expect(await transformOf(page)).toContain('scale(1)');
    await page.click('#zoom-in');
    expect(await transformOf(page)).toContain('scale(1.25)');
    await page.click('#zoom-out');
    expect(await transformOf(page)).toContain('scale(1)');
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, -400);
    const zoomed = await transformOf(page);
    expect(Number(/scale\(([\d.]+)\)/.exec(zoomed)![1])).toBeGreaterThan(1.2);

    await page.keyboard.press('Escape');
    const before = await transformOf(page);
    await page.mouse.move(500, 500);
    await page.mouse.down();
    await page.mouse.move(420, 380, { steps: 5 });
    await page.mouse.up();
    const after = await transformOf(page);
    expect(after).not.toBe(before);
    const move = (transform: string) => /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(transform)!.slice(1).map(Number);
    const [x0, y0] = move(before);
    const [x1, y1] = move(after);
    expect(x1 - x0).toBeCloseTo(-80, 0);
    expect(y1 - y0).toBeCloseTo(-120, 0);
    expect(await marked(page, 'hl-selected')).toEqual([]);
    await page.click('#zoom-fit');
  });

  test('a process line can be hidden and shown again', async () => {
    const { page } = opened;
    const lanes = await page.$$eval('#nodes label', (labels) => labels.map((label) => label.textContent?.trim()));
    expect(lanes).toEqual(['server', 'alice', 'bob', 'carol']);
    const bob = events.find((event) => event.node === 'bob' && event.kind !== 'drop')!;
    const alice = events.find((event) => event.node === 'alice' && event.kind !== 'drop')!;
    const shown = (i: number) => page.$eval(`circle[data-i="${i}"]`, (element) => getComputedStyle(element).display !== 'none');
    await page.uncheck('#nodes input[data-lane="2"]');
    expect(await shown(bob.i)).toBe(false);
    expect(await shown(alice.i)).toBe(true);
    // Everything of bob's line goes: the line, its name, the arrows to and from it.
    const visibleOfBob = await page.$$eval('svg [data-lanes~="2"]', (elements) => elements.filter((element) => getComputedStyle(element).display !== 'none').length);
    expect(visibleOfBob).toBe(0);
    await page.check('#nodes input[data-lane="2"]');
    expect(await shown(bob.i)).toBe(true);
  });

  test('search highlights the events whose logged or printed text matches', async () => {
    const { page } = opened;
    await page.fill('#search', 'rødgrød');
    const expected = events.filter((event) => `${event.text}\n${event.shows ?? ''}`.toLowerCase().includes('rødgrød')).map((event) => event.i);
    expect(expected.length).toBeGreaterThan(0);
    expect(await marked(page, 'match')).toEqual(expected);
    expect(await page.textContent('#search-count')).toBe(`${expected.length} match${expected.length === 1 ? '' : 'es'}`);
    await page.press('#search', 'Enter');
    expect(await marked(page, 'hl-selected')).toEqual([expected[0]]);
    await page.fill('#search', '');
    expect(await marked(page, 'match')).toEqual([]);
  });

  test('#e42 at the end of the address shows and selects event 42', async () => {
    const { page } = opened;
    await page.evaluate(() => {
      location.hash = 'e50';
    });
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Event #50'));
    expect(await marked(page, 'hl-selected')).toEqual([50]);
    expect(await transformOf(page)).toContain('scale(1)');
  });

  test('made no network request and logged no error', () => {
    expect(opened.problems).toEqual([]);
  });
});

describe('a trace written with --no-vc', () => {
  test('gets the same highlighting from vector clocks computed from the trace', async () => {
    const withVc = await scenarioTrace('concurrent-publish.yaml');
    const withoutVc = await scenarioTrace('concurrent-publish.yaml', ['--no-vc']);
    expect(traceEvents(withoutVc).every((event) => event.vc === undefined)).toBe(true);
    const events = traceEvents(withVc);
    const { page, problems } = await open(await viewFile(withoutVc, 'no-vc.html'));
    const drawn = events.filter((candidate) => candidate.kind !== 'drop');
    const event = drawn[Math.floor(drawn.length / 2)];
    await clickEvent(page, event.i);
    const expected = expectedCone(events, event.i);
    expect(await marked(page, 'hl-past')).toEqual(expected.past);
    expect(await marked(page, 'hl-future')).toEqual(expected.future);
    expect(await page.textContent('#details')).toContain('computed from the trace');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a hostile trace', () => {
  let opened: Opened;

  beforeAll(async () => {
    opened = await open(await viewFile(writeHostileTrace(), 'hostile.html'));
  }, 60_000);

  afterAll(async () => {
    await opened?.page.close();
  });

  test('runs none of its text: no global set, no dialog, no error, no request', async () => {
    const { page, problems } = opened;
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(2);
    expect(await page.$$eval('img', (images) => images.length)).toBe(0);
    expect(await page.title()).toContain(HOSTILE.scenario);
    expect(problems).toEqual([]);
  });

  test('shows its text as text: in the diagram, the details and the process names', async () => {
    const { page } = opened;
    const texts = await page.$$eval('svg text', (elements) => elements.map((element) => element.textContent ?? ''));
    expect(texts.some((text) => text.includes('</script><script>'))).toBe(true);
    await clickEvent(page, 8);
    const details = await page.$$eval('#details dd', (values) => values.map((value) => value.textContent));
    expect(details).toContain(HOSTILE.alice);
    expect(details).toContain(SCRIPT_TEXT);
    expect(details).toContain(HOSTILE.texts[1]);
    const names = await page.$$eval('#nodes label', (labels) => labels.map((label) => label.textContent?.trim()));
    expect(names).toEqual(['server', HOSTILE.alice, HOSTILE.bob]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  test('draws its emoji with the font the page carries, whatever fonts the machine has', async () => {
    const { page, problems } = opened;
    const faces = await page.evaluate(async () => {
      // The emoji is in the details of events (their logged text): what showing it loads.
      await document.fonts.load('16px "Chitty Emoji"', '😀');
      return [...document.fonts].map((face) => ({ family: face.family.replace(/["']/g, ''), status: face.status, range: face.unicodeRange }));
    });
    const emoji = faces.find((face) => face.family === 'Chitty Emoji');
    expect(emoji, JSON.stringify(faces)).toBeDefined();
    expect(emoji!.status).toBe('loaded');
    expect(emoji!.range.toUpperCase()).toContain('U+1F600');
    expect(await page.$eval('svg', (svg) => getComputedStyle(svg).fontFamily)).toMatch(/^"?Chitty Emoji"?,/);
    expect(await page.evaluate(() => document.fonts.check('16px "Chitty Emoji"', '😀'))).toBe(true);
    expect(problems).toEqual([]);
  });

  test('a lost message highlights its send and what came before it', async () => {
    const { page } = opened;
    await clickEvent(page, 10, '.lost path');
    expect(await marked(page, 'hl-past')).toEqual([0, 1, 2, 4, 5, 6, 7, 9]);
    expect(await marked(page, 'hl-future')).toEqual([]);
    expect(await page.textContent('#details')).toContain('lost PublishReply (loss)');
  });

  test('search finds the hostile text and marks its events', async () => {
    const { page } = opened;
    await page.fill('#search', '</script>');
    expect(await marked(page, 'match')).toEqual([0, 3, 4, 6, 8, 10]);
    expect(opened.problems).toEqual([]);
  });
});
