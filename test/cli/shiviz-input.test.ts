import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('a broken ShiViz log is refused with its line and exit code 2', async () => {
    const log = path.join(folder, 'broken.log');
    (await import('node:fs')).writeFileSync(log, 'an event\nhost {"host": "not a number"}\n');
    const result = await runCli(['render', '--from', 'shiviz', log, '-o', path.join(folder, 'broken.svg')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.log:\d+: /);
  });
});
