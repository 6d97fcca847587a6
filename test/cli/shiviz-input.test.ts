import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSvg } from '../diagram/helpers.js';
import { runCli, scenarioFile } from '../helpers.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-shiviz-'));

describe('ShiViz logs as input', () => {
  it('render --from shiviz draws a ShiViz log with the same renderer', async () => {
    const trace = path.join(folder, 'run.ndjson');
    const log = path.join(folder, 'run.log');
    expect((await runCli(['run', scenarioFile('three-participants.yaml'), '--trace', trace, '-q'])).code).toBe(0);
    expect((await runCli(['export', trace, '--format', 'shiviz', '-o', log])).code).toBe(0);
    const svg = path.join(folder, 'run.svg');
    const result = await runCli(['render', '--from', 'shiviz', log, '-o', svg]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('alice said: Hej Bob!');
    expect((await runCli(['view', log, '--from', 'shiviz', '-o', path.join(folder, 'run.html')])).code).toBe(0);
    const checked = await runCli(['check', '--from', 'shiviz', log]);
    expect(checked.stdout).toContain('PASS');
    expect(checked.code).toBe(0);
  });

  it("a log of another program, converted to a trace, is of no protocol of chitty-sim's: clock rules only, no protocol's title", async () => {
    const log = path.join(folder, 'go.log');
    writeFileSync(log, 'Sending request\nclient {"client":1}\nReceived request\nserver {"client":1, "server":1}\nSending response\nserver {"client":1, "server":2}\nReceived response\nclient {"client":2, "server":2}\n');
    const trace = path.join(folder, 'go.ndjson');
    expect((await runCli(['export', log, '--from', 'shiviz', '--format', 'trace', '-o', trace])).code).toBe(0);
    expect(JSON.parse(readFileSync(trace, 'utf8').split('\n')[0])).toMatchObject({ version: 2, protocol: 'none' });
    const fromTrace = await runCli(['check', trace]);
    const fromLog = await runCli(['check', '--from', 'shiviz', log]);
    expect(fromTrace.stdout).toContain('PASS: 4 events; all 4 rules hold.');
    expect(fromLog.stdout).toContain('PASS: 4 events; all 4 rules hold.');
    expect(fromTrace.stderr).toBe('');
    const svg = path.join(folder, 'go.svg');
    expect((await runCli(['render', trace, '-o', svg])).code).toBe(0);
    const drawn = readFileSync(svg, 'utf8');
    expect(drawn).toContain('>go.log</text>');
    expect(drawn).not.toMatch(/Chitty-Chat|none ·/);
  });

  it('a broken ShiViz log is refused with its line and exit code 2', async () => {
    const log = path.join(folder, 'broken.log');
    (await import('node:fs')).writeFileSync(log, 'an event\nhost {"host": "not a number"}\n');
    const result = await runCli(['render', '--from', 'shiviz', log, '-o', path.join(folder, 'broken.svg')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.log:\d+: /);
  });
});

describe('ShiViz options on the command line', () => {
  const runs = path.join(folder, 'runs.log');
  const impossible = path.join(folder, 'impossible.log');
  const regex = String.raw`(?<date>\d\d:\d\d) (?<event>.*)\n(?<host>\w+) (?<clock>\{.*\})`;
  const delimiter = '^=== (?<trace>.*) ===$';
  writeFileSync(
    runs,
    ['=== first run ===', '10:00 a broadcasts', 'a {"a":1}', '10:01 b gets it', 'b {"a":1, "b":1}', '10:02 c gets it', 'c {"a":1, "c":1}', '=== second run ===', '11:00 a works', 'a {"a":1}', ''].join('\n'),
  );
  writeFileSync(impossible, 'a sends\na {"a":1}\nb receives\nb {"a":1,"b":1}\nb forgets\nb {"b":2}\n');

  it('check reports each execution, and --json gives each result by name', async () => {
    const text = await runCli(['check', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('runs.log, execution "first run": PASS: 3 events');
    expect(text.stdout).toContain('runs.log, execution "second run": PASS: 1 events');
    const json = JSON.parse((await runCli(['check', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--json'])).stdout) as { status: string; executions: { name: string; events: number }[] };
    expect(json.status).toBe('pass');
    expect(json.executions.map((execution) => [execution.name, execution.events])).toEqual([
      ['first run', 3],
      ['second run', 1],
    ]);
    const one = await runCli(['check', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'second run']);
    expect(one.stdout).toMatch(/^.*runs\.log, execution "second run": PASS/);
  });

  it('check of impossible clocks is exit 1, with the rule and the log\'s line numbers', async () => {
    const result = await runCli(['check', '--from', 'shiviz', impossible]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('vector-clock: Event 2 (b) has a vector clock');
    expect(result.stdout).toContain('events: #2 b L3 (line 6)');
    const json = JSON.parse((await runCli(['check', '--from', 'shiviz', impossible, '--json'])).stdout) as { violations: { events: { line: number }[] }[] };
    expect(json.violations[0].events).toEqual([{ i: 2, node: 'b', lamport: 3, line: 6 }]);
  });

  it('render --check draws the impossible event in red', async () => {
    const result = await runCli(['render', '--from', 'shiviz', impossible, '--check']);
    expect(result.code).toBe(0);
    const document = parseSvg(result.stdout);
    const texts = [...document.getElementsByTagName('text')].map((text) => text.textContent ?? '');
    expect(texts.some((text) => text.startsWith('✗ vector-clock'))).toBe(true);
    const red = [...document.getElementsByTagName('circle')].filter((circle) => circle.getAttribute('fill') === '#d32f2f' || circle.getAttribute('stroke') === '#d32f2f');
    expect(red.length).toBeGreaterThan(0);
    expect(red.some((circle) => (circle.textContent ?? '').includes('b forgets'))).toBe(true);
  });

  it('render and view ask for an execution of a log that has several, and draw one, or all side by side', async () => {
    const asked = await runCli(['render', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('runs.log: the log holds 2 executions ("first run", "second run"); pick one with --execution NAME, or draw them side by side with --execution all');
    const one = await runCli(['render', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'first run']);
    expect(one.code).toBe(0);
    const all = await runCli(['render', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('second run/a');
    const view = await runCli(['view', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'first run', '-o', path.join(folder, 'runs.html')]);
    expect(view.code).toBe(0);
    const unknown = await runCli(['render', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'third']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--execution: ');
  });

  it('export --from shiviz keeps the fields as a version 2 trace, and refuses the options without --from shiviz', async () => {
    const out = path.join(folder, 'first.ndjson');
    expect((await runCli(['export', '--from', 'shiviz', runs, '--regex', regex, '--delimiter', delimiter, '--execution', 'first run', '--format', 'trace', '-o', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ version: 2, scenario: 'runs.log: first run' });
    expect(lines[1]).toMatchObject({ node: 'a', kind: 'send', peer: 'b', also: [{ kind: 'send', msg: 0, peer: 'c' }], fields: { date: '10:00' } });
    expect((await runCli(['check', out])).code).toBe(0);
    const refused = await runCli(['check', out, '--regex', regex]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--regex: only for a ShiViz log (--from shiviz)');
    const bad = await runCli(['check', '--from', 'shiviz', runs, '--regex', String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--regex is not a valid regular expression');
  });
});
