/** `chitty-sim render` as a user runs it: the built CLI in a process. */
import { CHITTY_STYLE } from './chitty-style.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderSvg } from '../../src/diagram/index.js';
import { readTrace } from '../../src/trace/read.js';
import { runCli, ROOT } from '../helpers.js';
import { fixtureText, parseSvg } from './helpers.js';

const fixtures = path.join(ROOT, 'test', 'diagram', 'fixtures');
const diagramLog = path.join(fixtures, 'diagram-log.ndjson');
const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-render-'));

describe('chitty-sim render', () => {
  test('writes the SVG atomically to -o and prints its path', async () => {
    const out = path.join(scratch, 'nested', 'run.svg');
    const result = await runCli(['render', diagramLog, '-o', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${out}\n`);
    const svg = readFileSync(out, 'utf8');
    parseSvg(svg);
    const { header, events } = readTrace(fixtureText('diagram-log.ndjson'));
    expect(svg).toBe(await renderSvg(header, events, { ...CHITTY_STYLE, allNodes: ['1111', 'server', '2222'] }));
  });

  test('writes the format the output is named for, and refuses any other name before the work', async () => {
    const jpg = await runCli(['render', diagramLog, '-o', path.join(scratch, 'x.jpg')]);
    expect(jpg.code).toBe(2);
    expect(jpg.stderr).toContain('x.jpg is named .jpg; name it .svg or .png');
    const bare = await runCli(['render', diagramLog, '-o', path.join(scratch, 'picture')]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('has no ending');
    const run = await runCli(['run', path.join(ROOT, 'scenarios', 'too-long.yaml'), '--quiet', '--svg', path.join(scratch, 'run.png')]);
    expect(run.code).toBe(0);
    expect([...readFileSync(path.join(scratch, 'run.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const runJpg = await runCli(['run', path.join(ROOT, 'scenarios', 'too-long.yaml'), '--quiet', '--svg', path.join(scratch, 'run.jpg')]);
    expect(runJpg.code).toBe(2);
    expect(runJpg.stderr).toContain('--svg:');
  });

  test('an empty window is an error that names what the trace holds', async () => {
    for (const args of [['--from', 'L999'], ['--from', '5000']]) {
      const result = await runCli(['render', diagramLog, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/the window holds no events; the trace has events 0–\d+ .*Lamport times \d+–\d+/);
    }
  });

  test('writes the SVG to standard output without -o', async () => {
    const result = await runCli(['render', diagramLog, '--axis', 'time']);
    expect(result.code).toBe(0);
    expect(parseSvg(result.stdout).getAttribute('width')).toMatch(/^\d+$/);
  });

  test('draws a window: Lamport range and nodes', async () => {
    const result = await runCli(['render', diagramLog, '--from', 'L10', '--to', 'L40', '--nodes', 'server,1111']);
    expect(result.code).toBe(0);
    const root = parseSvg(result.stdout);
    const texts = [...root.getElementsByTagName('text')].map((text) => text.textContent);
    expect(texts).not.toContain('2222');
    expect(texts.some((text) => text?.endsWith('→ 2222'))).toBe(true);
  });

  test('marks the violations of a checker report in red', async () => {
    const file = path.join(scratch, 'check.json');
    const events = readTrace(fixtureText('diagram-log.ndjson')).events;
    const at17 = events.find((event) => event.node === '1111' && event.lamport === 17)!;
    const at27 = events.find((event) => event.node === '1111' && event.lamport === 27)!;
    const violation = { rule: 'process-order', message: 'goes back', events: [at27, at17].map(({ i, node, lamport }) => ({ i, node, lamport })) };
    writeFileSync(file, JSON.stringify({ status: 'fail', events: events.length, violations: [violation], omitted: 0 }));
    const result = await runCli(['render', diagramLog, '--violations', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✗ process-order');
  });

  test('--check runs the checker over the whole trace and marks what it finds', async () => {
    const result = await runCli(['render', diagramLog, '--check', '--from', 'L15', '--to', 'L30']);
    expect(result.code).toBe(0);
    const texts = [...parseSvg(result.stdout).getElementsByTagName('text')].map((text) => text.textContent ?? '');
    expect(texts.some((text) => text.startsWith('✗ process-order'))).toBe(true);
    expect(texts.some((text) => text.startsWith('Rules broken ('))).toBe(true);
  });

  describe('bad input: a message and exit code 2, never a stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['a malformed line', ['render', path.join(scratch, 'bad.ndjson')], /^chitty-sim: .*bad\.ndjson:3: lamport: must be a finite number\n$/],
      ['a missing file', ['render', path.join(scratch, 'none.ndjson')], /none\.ndjson: cannot read: no such file or directory/],
      ['an empty file', ['render', path.join(scratch, 'empty.ndjson')], /empty\.ndjson:1: empty trace: no header line/],
      ['a bad window', ['render', diagramLog, '--from', 'L10', '--to', '40'], /--from and --to must both be event indices/],
      ['a bad bound', ['render', diagramLog, '--from', 'ten'], /--from: expected an event index \(e\.g\. 120\) or a Lamport time/],
      ['an unknown node', ['render', diagramLog, '--nodes', 'server,9999'], /--nodes: 9999 is not in .*\(its nodes: server, 1111, 2222\)/],
      ['too many events', ['render', diagramLog, '--max-events', '50'], /more than 50 events .* draw a window, e\.g\. --from 0 --to 49/],
      ['an unknown axis', ['render', diagramLog, '--axis', 'sideways'], /Invalid values/],
      ['a bad violations file', ['render', diagramLog, '--violations', path.join(scratch, 'bad.ndjson')], /bad\.ndjson: not valid JSON/],
    ];
    writeFileSync(
      path.join(scratch, 'bad.ndjson'),
      '{"format":"chitty-sim-trace","version":1,"scenario":"x","seed":1,"clock":"lamport"}\n{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"text":""}\n{"i":1,"t":0,"node":"a","kind":"local","lamport":"x","text":""}\n',
    );
    writeFileSync(path.join(scratch, 'empty.ndjson'), '');
    test.each(cases)('%s', async (_, args, message) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    });
  });
});

test('the fixture of Diagram.log is written as the simulator writes it', async () => {
  const { loadScenarioFile, runToText } = await import('../helpers.js');
  const real = readTrace(runToText(loadScenarioFile('diagram-log.yaml'), { clock: 'report' }).trace);
  const made = readTrace(fixtureText('diagram-log.ndjson'));
  const essence = (trace: typeof real) => trace.events.map(({ node, kind, lamport, type, peer, text, shows }) => ({ node, kind, lamport, type, peer, text, shows }));
  expect(essence(made)).toEqual(essence(real));
  expect(made.header).toEqual(real.header);
  // And the real trace draws as cleanly as the fixture.
  const svg = await renderSvg(real.header, real.events, CHITTY_STYLE);
  expect(parseSvg(svg).querySelector('g.events')!.getElementsByTagName('circle')).toHaveLength(real.events.length);
});
