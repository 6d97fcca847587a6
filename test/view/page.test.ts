/** The viewer page as a file: self-contained, deterministic, escaped; and `chitty-sim view`'s input errors. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { scriptSafeJson, type ViewerData } from '../../src/view/index.js';
import { HOSTILE, runView, scenarioTrace, scratch, SCRIPT_TEXT, traceEvents, writeHostileTrace } from './helpers.js';

/** The JSON the page script reads. */
function dataOf(html: string): ViewerData {
  const match = /<script type="application\/json" id="chitty-data">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no data script');
  return JSON.parse(match[1]) as ViewerData;
}

describe('chitty-sim view', () => {
  test('writes one self-contained HTML file to -o and prints its path', async () => {
    const trace = await scenarioTrace('three-participants.yaml');
    const output = path.join(scratch, 'nested', 'run.html');
    expect(await runView({ trace, output })).toBe(`${output}\n`);
    const html = readFileSync(output, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Nothing to fetch: no src, no links but the empty data: icon, no URL but the SVG namespace's.
    expect(html).not.toMatch(/\ssrc=/i);
    expect([...html.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1])).toEqual(['data:,']);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    // Nothing to fetch: no imports, and no url() but fragments and the embedded emoji font (a data URL).
    expect(html).not.toMatch(/@import|url\((?!#|data:font\/woff2;base64,)/);
    expect(html).not.toContain('<?xml');
    // The data holds every event of the trace, with its vector clock.
    const data = dataOf(html);
    const events = traceEvents(trace);
    expect(data.events.map((event) => event.i)).toEqual(events.map((event) => event.i));
    expect(data.lanes).toEqual(['server', 'alice', 'bob', 'carol']);
    expect(data.vcComputed).toBe(false);
    const first = data.events[1];
    expect(Object.fromEntries(data.clockNodes.map((node, k) => [node, first.vc![k]]).filter(([, count]) => count !== 0))).toEqual(events[1].vc);
  });

  test('writes the page to standard output without -o', async () => {
    const trace = await scenarioTrace('three-participants.yaml');
    const html = await runView({ trace, from: 'L10', to: 'L30', nodes: 'server,alice', axis: 'time' });
    const data = dataOf(html);
    expect(data.lanes).toEqual(['server', 'alice']);
    expect(data.window).toBe('Lamport times 10–30 · nodes server, alice');
    expect(data.events.every((event) => ['server', 'alice'].includes(event.node) && event.lamport >= 10 && event.lamport <= 30)).toBe(true);
  });

  test('is deterministic: the same trace gives the same bytes', async () => {
    const trace = await scenarioTrace('faults-crash.yaml');
    const a = await runView({ trace, check: true });
    const b = await runView({ trace, check: true });
    expect(a).toBe(b);
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d/);
  });

  test('allows only its own style and script (Content-Security-Policy hashes)', async () => {
    const html = await runView({ trace: await scenarioTrace('three-participants.yaml') });
    const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).toContain(`script-src ${hash(script)}`);
  });

  test('escapes trace text: the data is script-safe JSON, the diagram and title escaped markup', async () => {
    const html = await runView({ trace: writeHostileTrace() });
    expect(html).not.toContain(SCRIPT_TEXT);
    expect(html).not.toContain(HOSTILE.alice);
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const json = /<script type="application\/json" id="chitty-data">([^<]*)<\/script>/.exec(html)![1];
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json) as ViewerData;
    expect(data.header.scenario).toBe(HOSTILE.scenario);
    expect(data.events[0].text).toBe(SCRIPT_TEXT);
    expect(data.events[1].text).toBe(HOSTILE.texts[1]);
    expect(data.lanes).toEqual(['server', HOSTILE.alice, HOSTILE.bob]);
    expect(scriptSafeJson({ a: '</script>\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u2028"}');
  });

  test('computes the vector clocks of a trace written with --no-vc', async () => {
    const html = await runView({ trace: await scenarioTrace('concurrent-publish.yaml', ['--no-vc']) });
    const withVc = dataOf(await runView({ trace: await scenarioTrace('concurrent-publish.yaml') }));
    const data = dataOf(html);
    expect(data.vcComputed).toBe(true);
    expect(data.events.map((event) => event.vc)).toEqual(withVc.events.map((event) => event.vc));
  });

  test('bad input is an InputError (exit code 2): missing file, malformed trace, unknown node, bad window, too many events', async () => {
    const trace = await scenarioTrace('three-participants.yaml');
    const bad = path.join(scratch, 'bad.ndjson');
    writeFileSync(bad, '{"format":"chitty-sim-trace","version":1,"scenario":"x","seed":1,"clock":"lamport"}\n{"i":0,"t":0}\n');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ trace: path.join(scratch, 'missing.ndjson') }, /missing\.ndjson: cannot read: no such file/],
      [{ trace: bad }, /bad\.ndjson:2: node: missing/],
      [{ trace, nodes: 'server,dave' }, /--nodes: dave is not in/],
      [{ trace, from: 'L5', to: '9' }, /same kind|both/i],
      [{ trace, maxEvents: 10 }, /more than 10 events/],
      [{ trace, maxEvents: 0 }, /--max-events/],
    ];
    for (const [args, message] of cases) {
      const error = await runView(args).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, JSON.stringify(args)).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
