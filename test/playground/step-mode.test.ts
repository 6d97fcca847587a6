/**
 * Step mode end to end in headless Chromium, opened from disk: clicks choose what happens next and
 * the drawn diagram grows by the chosen event; Undo takes one back; Random finishes the run; the
 * scenario downloaded with its schedule replays with `chitty-sim run` to the page's trace, byte for
 * byte (the whole run, and a run stopped part way with the `--until` the page names); and the order
 * of the clicks is the order of the run. No console error, no request outside the site's folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';
import { runCli } from '../helpers.js';
import { download, drawnIndices, playgroundSession, redraws, scratch, shown, waitForRedraw } from './helpers.js';

const { open, expectQuietPages } = playgroundSession();

/** Clicks a button of the page and waits for the redraw it causes. */
async function clickAndRedraw(page: Page, selector: string): Promise<void> {
  const before = await redraws(page);
  await page.click(selector);
  await waitForRedraw(page, before);
}

/** The choice buttons' words, as the panel shows them. */
async function choiceWords(page: Page): Promise<string[]> {
  return page.$$eval('#steps button.choice', (buttons) => buttons.map((button) => button.textContent ?? ''));
}

/** Clicks the choice whose words start with `words`; returns the events it added to the drawn diagram. */
async function choose(page: Page, words: string, button = 'choice'): Promise<TraceEvent[]> {
  const drawnBefore = await drawnIndices(page);
  const listed = await choiceWords(page);
  const index = listed.findIndex((text) => text.startsWith(words));
  expect(index, `"${words}" among ${JSON.stringify(listed)}`).toBeGreaterThanOrEqual(0);
  const selector = button === 'choice' ? `#steps button.choice >> nth=${index}` : `#steps li >> nth=${index} >> button.fault:text-is("${button}")`;
  await clickAndRedraw(page, selector);
  const drawnAfter = await drawnIndices(page);
  // The diagram grew: everything drawn before is drawn still, and the new events are marked.
  expect(drawnAfter.slice(0, drawnBefore.length)).toEqual(drawnBefore);
  const added = drawnAfter.slice(drawnBefore.length);
  expect(await drawnIndices(page, 'newest')).toEqual(added);
  const events = readTrace((await shown(page)).trace).events;
  return added.map((i) => events[i]);
}

/** Saves the scenario with its schedule and the trace from the Download menu; replays the file with the CLI and returns both traces. */
async function replayDownload(page: Page, name: string): Promise<{ page: string; cli: string; schedule: string }> {
  const schedule = await download(page, 'schedule');
  expect(schedule.name).toBe('diagram-log.schedule.yaml');
  const trace = await download(page, 'trace');
  const file = path.join(scratch, `${name}.schedule.yaml`);
  writeFileSync(file, schedule.bytes);
  // The command line the page shows, run as it says (with the file and trace named here).
  const command = (await page.textContent('#command-line'))!;
  const until = /--until (\d+(?:\.\d+)?)/.exec(command);
  const args = ['run', file, ...(until ? ['--until', until[1]] : []), '--quiet', '--trace', path.join(scratch, `${name}.ndjson`)];
  const run = await runCli(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { page: trace.bytes.toString('utf8'), cli: readFileSync(path.join(scratch, `${name}.ndjson`), 'utf8'), schedule: schedule.bytes.toString('utf8') };
}

/** Step mode on the report's run (the first scenario): its two joins made to happen, both requests in flight. */
async function twoJoinsInFlight(page: Page): Promise<void> {
  await clickAndRedraw(page, '#step-mode');
  expect(await page.getAttribute('#step-mode', 'aria-pressed')).toBe('true');
  expect(await drawnIndices(page)).toEqual([]);
  expect(await choiceWords(page)).toEqual(['next step: join 1111 (step 0), due at 0 ms']);
  const joined = await choose(page, 'next step: join 1111');
  expect(joined.map((event) => [event.kind, event.node, event.type])).toEqual([['send', '1111', 'JoinRequest']]);
  await choose(page, 'next step: join 2222');
  expect(await choiceWords(page)).toEqual(['deliver message 0: JoinRequest 1111 → server', 'deliver message 1: JoinRequest 2222 → server', 'next step: publish 1111 "Hej" (step 2), due at 16000 ms']);
}

describe('step mode', () => {
  test('clicks drive the run, Undo steps back, Random finishes it, and the downloaded schedule replays byte for byte with chitty-sim run', async () => {
    const page = await open();
    await twoJoinsInFlight(page);
    // Delivered: the server receives it, and the arrow from its send is drawn.
    const received = await choose(page, 'deliver message 1:');
    expect(received[0]).toMatchObject({ kind: 'receive', node: 'server', type: 'JoinRequest', peer: '2222', msg: 1 });
    const sendOf = readTrace((await shown(page)).trace).events.find((event) => event.kind === 'send' && event.node === '2222')!;
    expect(await page.$$eval(`#diagram svg [data-to="${received[0].i}"]`, (arrows) => arrows.map((arrow) => arrow.getAttribute('data-from')))).toContain(String(sendOf.i));
    const drawnAtTwo = await drawnIndices(page);
    const traceAtTwo = (await shown(page)).trace;
    const replyWords = (await choiceWords(page)).find((words) => words.includes('JoinReply server → 2222'))!;
    expect(replyWords).toMatch(/^deliver message \d+: JoinReply server → 2222$/);
    await choose(page, replyWords);
    expect(await page.textContent('#steps .step-count')).toMatch(/^4 choices taken/);

    // Undo: the run as it was before the last click.
    await clickAndRedraw(page, '#steps button:text-is("Undo")');
    expect(await page.textContent('#steps .step-count')).toMatch(/^3 choices taken/);
    expect(await drawnIndices(page)).toEqual(drawnAtTwo);
    expect((await shown(page)).trace).toBe(traceAtTwo);

    // Stopped part way: the file and --until replay the page's run.
    const partial = await replayDownload(page, 'step-partial');
    expect(partial.schedule).toContain('schedule:\n  - step: 0');
    expect(partial.cli).toBe(partial.page);

    // Random: the rest of the run; the file then holds every choice.
    await clickAndRedraw(page, '#steps button:text-is("Random")');
    expect(await page.textContent('#steps')).toContain('The run is over');
    expect(await page.textContent('#command-line')).not.toContain('--until');
    const whole = await replayDownload(page, 'step-whole');
    expect(whole.cli).toBe(whole.page);
    const events = readTrace(whole.page).events;
    // Both participants have left: the run is whole.
    expect(events.filter((event) => event.kind === 'receive' && event.type === 'LeaveReply').map((event) => event.node).sort()).toEqual(['1111', '2222']);
    expect(await drawnIndices(page)).toEqual(events.map((event) => event.i));
    // Random is the seed's: the same clicks and Random give the same run.
    await clickAndRedraw(page, '#steps button:text-is("Undo")');
    await clickAndRedraw(page, '#steps button:text-is("Random")');
    expect((await shown(page)).trace).toBe(whole.page);
    expectQuietPages();
  });

  test('the order of the clicks is the order of the run: two orders, two traces, each replayed by chitty-sim run', async () => {
    const traces: string[] = [];
    for (const order of [['deliver message 0:', 'deliver message 1:'], ['deliver message 1:', 'deliver message 0:']]) {
      const page = await open();
      await twoJoinsInFlight(page);
      const first = await choose(page, order[0]);
      const second = await choose(page, order[1]);
      expect([first[0].peer, second[0].peer]).toEqual(order.map((words) => (words.includes('message 0') ? '1111' : '2222')));
      const replayed = await replayDownload(page, `step-order-${traces.length}`);
      expect(replayed.cli).toBe(replayed.page);
      traces.push(replayed.page);
      // The server's receives, in the order clicked.
      const receives = readTrace(replayed.page).events.filter((event) => event.kind === 'receive' && event.node === 'server');
      expect(receives.map((event) => event.peer)).toEqual([first[0].peer, second[0].peer]);
    }
    expect(traces[0]).not.toBe(traces[1]);
    expectQuietPages();
  });

  test('a message lost by a click is drawn lost, and the file says so to chitty-sim run', async () => {
    const page = await open();
    await twoJoinsInFlight(page);
    const lost = await choose(page, 'deliver message 0:', 'lose');
    expect(lost.map((event) => [event.kind, event.msg])).toEqual([['drop', 0]]);
    expect(await choiceWords(page)).not.toContain('deliver message 0: JoinRequest 1111 → server');
    const replayed = await replayDownload(page, 'step-lost');
    expect(replayed.schedule).toContain('- lose: 0');
    expect(replayed.cli).toBe(replayed.page);
    // Another shipped scenario: step mode starts at its beginning, with nothing dropped.
    await page.selectOption('#example', 'ricart-agrawala-tie.yaml');
    await page.waitForFunction(() => document.querySelector('#steps .step-count')?.textContent?.startsWith('0 choices taken'));
    expect(await page.$$('#steps .step-note')).toEqual([]);
    expect(await choiceWords(page)).toEqual(['next step: request a (step 0), due at 0 ms']);
    // Leaving step mode: the seeded run again, as run gives it.
    await clickAndRedraw(page, '#step-mode');
    expect(await page.isHidden('#steps')).toBe(true);
    expect(await page.textContent('#command-line')).toContain('npx chitty-sim run ricart-agrawala-tie.yaml --trace');
    expectQuietPages();
  });

  test("the share link holds step mode's choices: opening it resumes the run where it was", async () => {
    const page = await open();
    await twoJoinsInFlight(page);
    await choose(page, 'deliver message 1:');
    const wanted = { trace: (await shown(page)).trace, choices: await choiceWords(page) };
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s1='));
    expect(await page.textContent('#hover-line')).toContain("and step mode's choices");
    const link = page.url();
    const reopened = await open(link.slice(link.indexOf('#')));
    await reopened.waitForFunction(() => document.getElementById('step-mode')!.getAttribute('aria-pressed') === 'true');
    await reopened.waitForFunction((length) => (window as unknown as { chittyPlayground: { shown?: { run: { traceText: string } } } }).chittyPlayground.shown?.run.traceText.length === length, wanted.trace.length);
    expect({ trace: (await shown(reopened)).trace, choices: await choiceWords(reopened) }).toEqual(wanted);
    // And on from there, as on the page that made the link.
    await choose(reopened, 'deliver message 0:');
    expectQuietPages();
  });
});
