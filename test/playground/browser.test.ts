/**
 * The playground end to end in headless Chromium, opened from disk as a reader opens it: a typed
 * scenario gives the events, trace and diagram of `chitty-sim run` and `view` on the same file
 * and seed; a bad one is located as the command line locates it; violations and events are
 * clickable; every download is what the command line writes; the share link round-trips; hostile
 * text stays text; and not one console error or request outside the site's folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { builtinProtocol } from '../../src/protocols/registry.js';
import { readTrace } from '../../src/trace/read.js';
import { ROOT, runCli } from '../helpers.js';
import { expectedCone } from '../view/helpers.js';
import { download, drawnIndices, fillField, playgroundSession, redraws, replaceScenario, scratch, shown, viewerSvg, waitForRedraw } from './helpers.js';

const { open, expectQuietPages } = playgroundSession();

/** Runs the CLI in the scratch folder, where the scenario is `scenario.yaml`; returns stdout, stderr and the code. */
async function cli(...args: string[]) {
  return runCli(args, { cwd: scratch });
}

const TYPED = `name: typed in the playground
seed: 3
network:
  delay: { uniform: [1, 9] }
  loss: 0.1
steps:
  - { at: 0, join: "1111" }
  - { at: 2, join: "2222" }
  - { at: 30, publish: "1111", message: "Hej med dig 😀" }
  - { at: 31, publish: "2222", message: "Søren <b>&amp;</b>" }
  - { at: 200, leave: "1111" }
`;

describe('the playground, opened from disk', () => {
  test('a typed scenario: the events, trace and diagram of chitty-sim run and view on the same file and seed', async () => {
    const page = await open();
    await replaceScenario(page, TYPED);
    // Typed key by key: each key redraws.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    const before = await redraws(page);
    await page.keyboard.type(' now');
    await waitForRedraw(page, before);
    await fillField(page, '#seed', '5');
    await page.waitForFunction(() => document.getElementById('run-summary')!.textContent!.includes('events'));
    const text = await page.evaluate(() => (window as unknown as { chittyPlayground: { editor: { text: string } } }).chittyPlayground.editor.text);
    expect(text).toBe(TYPED.replace('playground\n', 'playground now\n'));

    writeFileSync(path.join(scratch, 'scenario.yaml'), text);
    const run = await cli('run', 'scenario.yaml', '--seed', '5', '--quiet', '--trace', 'typed.ndjson');
    expect(run.code).toBe(0);
    const cliTrace = readFileSync(path.join(scratch, 'typed.ndjson'), 'utf8');
    const view = await cli('view', 'typed.ndjson', '--check', '-o', 'typed.html');
    expect(view.code).toBe(0);

    const page_ = await shown(page);
    expect(page_.trace).toBe(cliTrace);
    const events = readTrace(cliTrace).events;
    expect(events.some((event) => event.kind === 'drop')).toBe(true);
    expect(await drawnIndices(page)).toEqual(events.map((event) => event.i));
    expect(page_.svg).toBe(viewerSvg(readFileSync(path.join(scratch, 'typed.html'), 'utf8')));
    expectQuietPages();
  });

  test("a bad scenario: each problem under the editor in the command line's words, and marked at its line and column", async () => {
    const page = await open();
    const bad = 'name: bad\nseed: -1\nsteps:\n  - { at: 0, join: "1111" }\n  - { at: 5, publish: "3333", message: hi }\n';
    await replaceScenario(page, bad);
    writeFileSync(path.join(scratch, 'scenario.yaml'), bad);
    const run = await cli('run', 'scenario.yaml', '--quiet');
    expect(run.code).toBe(2);
    const expected = run.stderr.trimEnd().split('\n').slice(1);
    expect(expected).toEqual(['scenario.yaml:2:7: seed: must not be negative', expect.stringMatching(/^scenario\.yaml:5:\d+: steps\[1\]\.publish: "3333" has not joined/)]);
    expect(await page.$$eval('#problems .problem', (lines) => lines.map((line) => line.textContent))).toEqual(expected);
    // The marks: the text each one underlines, and its line.
    const marks = await page.$$eval('.cm-lintRange-error', (elements) =>
      elements.map((element) => ({ text: element.textContent, line: [...document.querySelectorAll('.cm-content > .cm-line')].indexOf(element.closest('.cm-line')!) + 1 })),
    );
    expect(marks).toEqual([
      { text: '-1', line: 2 },
      { text: '"3333"', line: 5 },
    ]);
    expect(await page.$$eval('.cm-gutter-lint .cm-lint-marker-error', (elements) => elements.length)).toBe(2);
    // The last good diagram stays, faded.
    expect(await page.$eval('#diagram', (element) => element.classList.contains('stale'))).toBe(true);
    // A problem is a link to its place.
    await page.click('#problems .problem >> nth=1');
    const cursorLine = await page.evaluate(() => {
      const view = (window as unknown as { chittyPlayground: { editor: { view: { state: { selection: { main: { head: number } }; doc: { lineAt(at: number): { number: number } } } } } } }).chittyPlayground.editor.view;
      return view.state.doc.lineAt(view.state.selection.main.head).number;
    });
    expect(cursorLine).toBe(5);
    expectQuietPages();
  });

  test("Next seed runs the next seed; the variant menu offers the scenario's protocol's variants", async () => {
    const page = await open();
    const header = async () => JSON.parse((await shown(page)).trace.split('\n')[0]) as { seed: number; clock: string };
    expect(await header()).toMatchObject({ seed: 1, clock: 'report' });
    let before = await redraws(page);
    await page.click('#next-seed');
    await waitForRedraw(page, before);
    expect(await page.inputValue('#seed')).toBe('2');
    expect(await header()).toMatchObject({ seed: 2, clock: 'report' });
    const variants = await page.$$eval('#variant option', (options) => options.map((option) => (option as HTMLOptionElement).value));
    const variantsOf = (protocol: string) => ['', ...builtinProtocol(protocol)!.variants!.map((variant) => variant.name)];
    expect(variants).toEqual(variantsOf('chitty-chat'));
    expect(variants).toContain('no-merge');
    before = await redraws(page);
    await page.selectOption('#variant', 'lamport');
    await waitForRedraw(page, before);
    expect(await header()).toMatchObject({ seed: 2, clock: 'lamport' });
    expect(await page.textContent('#check-result .verdict')).toMatch(/PASS/);
    // Another protocol's scenario: its variants.
    before = await redraws(page);
    await page.selectOption('#example', 'ricart-agrawala.yaml');
    await waitForRedraw(page, before);
    expect(await page.inputValue('#seed')).toBe('');
    expect(await page.$$eval('#variant option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(variantsOf('ricart-agrawala'));
    expectQuietPages();
  });

  test('violations are listed and clickable: the diagram scrolls to their events and rings them', async () => {
    const page = await open();
    const violations = page.locator('#check-result .violation');
    expect(await violations.count()).toBe(15);
    await expect.poll(() => page.$eval('#check-result .verdict', (element) => element.textContent)).toBe('diagram-log.yaml: FAIL: 15 violations in 89 events (process-order 10, receive-after-send 5).');
    await violations.nth(4).click();
    const text = (await violations.nth(4).textContent())!;
    const listed = [...text.matchAll(/#(\d+) /g)].map((match) => Number(match[1]));
    expect(await drawnIndices(page, 'ring')).toEqual([...new Set(listed)].sort((a, b) => a - b));
    // The first ringed event is in the diagram's visible part.
    const inView = await page.evaluate((i) => {
      const dot = document.querySelector(`#diagram svg circle.ring[data-i="${i}"]`)!.getBoundingClientRect();
      const pane = document.getElementById('diagram-scroll')!.getBoundingClientRect();
      return dot.top >= pane.top && dot.bottom <= pane.bottom && dot.left >= pane.left && dot.right <= pane.right;
    }, listed[0]);
    expect(inView).toBe(true);
    expect(await page.$eval('#diagram-scroll', (element) => element.scrollTop)).toBeGreaterThan(0);
    expectQuietPages();
  });

  test('click an event: its details and its causal past and future from the vector clocks; hover: its log line', async () => {
    const page = await open();
    const { trace } = await shown(page);
    const events = readTrace(trace).events;
    const i = 46;
    await page.locator(`#diagram svg circle[data-i="${i}"]`).last().click();
    const cone = expectedCone(events, i);
    expect(await drawnIndices(page, 'hl-selected')).toEqual([i]);
    expect(await drawnIndices(page, 'hl-past')).toEqual(cone.past.sort((a, b) => a - b));
    expect(await drawnIndices(page, 'hl-future')).toEqual(cone.future.sort((a, b) => a - b));
    const details = (await page.textContent('#details'))!;
    expect(details).toContain(`Event #${i}`);
    expect(details).toContain(`${cone.past.length} before · ${cone.future.length} after`);
    await page.hover(`#diagram svg circle[data-i="${i - 1}"]`);
    const event = events[i - 1];
    await expect.poll(() => page.textContent('#hover-line')).toContain(`#${i - 1} ${event.node} L${event.lamport}`);
    expect(await page.textContent('#hover-line')).toContain(event.text);
    expectQuietPages();
  });

  test("every download is what the command line writes for the same run", async () => {
    const page = await open();
    await page.selectOption('#axis', 'lamport');
    await page.waitForFunction(() => document.getElementById('zoom-level')!.textContent !== '');
    const copy = path.join(scratch, 'diagram-log.yaml');
    writeFileSync(copy, readFileSync(path.join(ROOT, 'scenarios', 'diagram-log.yaml')));
    expect((await cli('run', 'diagram-log.yaml', '--quiet', '--trace', 'dl.ndjson')).code).toBe(0);
    const expected: Record<string, string[]> = {
      svg: ['render', 'dl.ndjson', '--check', '--axis', 'lamport', '-o', 'dl.svg'],
      shiviz: ['export', 'dl.ndjson', '--format', 'shiviz', '-o', 'dl.shiviz.log'],
      mermaid: ['export', 'dl.ndjson', '--format', 'mermaid', '-o', 'dl.mmd'],
      tikz: ['export', 'dl.ndjson', '--format', 'tikz', '-o', 'dl.tex'],
    };
    const trace = await download(page, 'trace');
    expect(trace.name).toBe('diagram-log.ndjson');
    expect(trace.bytes.toString('utf8')).toBe(readFileSync(path.join(scratch, 'dl.ndjson'), 'utf8'));
    for (const [format, args] of Object.entries(expected)) {
      const result = await cli(...args);
      expect(result.code, result.stderr).toBeLessThanOrEqual(1);
      const saved = await download(page, format);
      expect(saved.bytes.toString('utf8'), format).toBe(readFileSync(path.join(scratch, args[args.length - 1]), 'utf8'));
    }
    const png = await download(page, 'png');
    expect(png.name).toBe('diagram-log.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = readFileSync(path.join(scratch, 'dl.svg'), 'utf8');
    const [, width, height] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([2 * Number(width), 2 * Number(height)]);
    expectQuietPages();
  });

  test('the share link holds the scenario and the settings, and opening it restores them', async () => {
    const page = await open();
    await page.selectOption('#example', 'ricart-agrawala-no-merge.yaml');
    await page.waitForFunction(() => document.getElementById('run-summary')!.textContent!.includes('events'));
    await replaceScenario(page, (await page.evaluate(() => (window as unknown as { chittyPlayground: { editor: { text: string } } }).chittyPlayground.editor.text)) + '# mine now\n');
    await fillField(page, '#seed', '9');
    let before = await redraws(page);
    await page.selectOption('#variant', 'correct');
    await waitForRedraw(page, before);
    before = await redraws(page);
    await page.selectOption('#axis', 'time');
    await waitForRedraw(page, before);
    before = await redraws(page);
    await page.uncheck('#check');
    await waitForRedraw(page, before);
    const state = async (on: Page) => ({
      text: await on.evaluate(() => (window as unknown as { chittyPlayground: { editor: { text: string } } }).chittyPlayground.editor.text),
      controls: [await on.inputValue('#seed'), await on.inputValue('#variant'), await on.inputValue('#axis')],
      check: await on.isChecked('#check'),
      svg: (await shown(on)).svg,
    });
    const wanted = await state(page);
    expect(wanted.controls).toEqual(['9', 'correct', 'time']);
    expect(wanted.text).toContain('# mine now');
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s1='));
    const link = page.url();
    const hash = link.slice(link.indexOf('#'));
    expect(hash.length).toBeLessThan(wanted.text.length);
    const reopened = await open(hash);
    expect(await state(reopened)).toEqual({ ...wanted, check: false });
    expectQuietPages();
  });

  test('hostile text in a scenario is shown as text and runs nothing', async () => {
    const page = await open();
    const name = '<img/src=x/onerror=window.__pwned=2>';
    await replaceScenario(page, `name: "</title><script>window.__pwned = 1</script>"\nsteps:\n  - { at: 0, join: "${name}" }\n  - { at: 5, publish: "${name}", message: "</script><script>window.__pwned = 3</script>" }\n`);
    const { trace } = await shown(page);
    const events = readTrace(trace).events;
    const publish = events.find((event) => event.shows?.includes('</script>'))!;
    await page.locator(`#diagram svg circle[data-i="${publish.i}"]`).last().click();
    expect(await page.textContent('#details')).toContain('</script><script>window.__pwned = 3</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('#diagram img, #diagram script, #details img, #details script', (elements) => elements.length)).toBe(0);
    expectQuietPages();
  });
});
