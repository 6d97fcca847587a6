/** `chitty-sim export` as a process: formats, files, and bad input answered with exit code 2. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { CLI, loadScenarioFile, ROOT, runCli, runToText, type CliResult } from '../helpers.js';

const HARNESS = path.join(import.meta.dirname, 'cli-harness.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'chitty-export-'));
const tracePath = path.join(work, 'crash.ndjson');

async function exportCli(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [HARNESS, 'export', ...args], { cwd: work, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

beforeAll(() => writeFileSync(tracePath, runToText(loadScenarioFile('faults-crash.yaml')).trace));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('chitty-sim export', () => {
  it('writes a ShiViz log to standard output', async () => {
    const result = await exportCli([tracePath, '--format', 'shiviz']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`, '', 'send JoinRequest to server #0 L1 @0ms: "Join Request sent, lamport time: 1"']);
  });

  it('writes each format to a file with -o, and converts a ShiViz log back into a trace', async () => {
    for (const [format, file, extra] of [
      ['shiviz', 'crash.log', []],
      ['mermaid', 'crash.md', ['--markdown']],
      ['tikz', 'out/crash.tex', ['--standalone']],
    ] as const) {
      const result = await exportCli([tracePath, '-f', format, '-o', path.join(work, file), ...extra]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${path.join(work, file)}\n`);
    }
    expect(readFileSync(path.join(work, 'crash.md'), 'utf8')).toMatch(/^```mermaid\nsequenceDiagram\n/);
    expect(readFileSync(path.join(work, 'out/crash.tex'), 'utf8')).toMatch(/^\\documentclass/);
    const back = await exportCli([path.join(work, 'crash.log'), '--from', 'shiviz', '--format', 'trace']);
    expect(back.code, back.stderr).toBe(0);
    const original = readTrace(readFileSync(tracePath, 'utf8')).events;
    expect(readTrace(back.stdout).events).toHaveLength(original.length);
  });

  it('answers bad input with the file, the line and exit code 2', async () => {
    writeFileSync(path.join(work, 'bad.ndjson'), readFileSync(tracePath, 'utf8').split('\n').slice(0, 3).join('\n') + '\n{"i":7}\n');
    const bad = await exportCli([path.join(work, 'bad.ndjson'), '-f', 'shiviz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`chitty-sim: ${path.join(work, 'bad.ndjson')}:4: i: expected event index 2, found 7\n`);
    writeFileSync(path.join(work, 'bad.log'), 'e1\na {"a":2}\n');
    const badLog = await exportCli([path.join(work, 'bad.log'), '--from', 'shiviz', '-f', 'mermaid']);
    expect(badLog.code).toBe(2);
    expect(badLog.stderr).toMatch(/bad\.log:2: clock\.a: the first event of a has its own entry 2/);
    const missing = await exportCli([path.join(work, 'missing.ndjson'), '-f', 'tikz']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.ndjson: cannot read: no such file or directory/);
  });

  it('refuses options of another format, unknown formats and diagrams too large to read', async () => {
    expect((await exportCli([tracePath, '-f', 'mermaid', '--standalone'])).stderr).toMatch(/--standalone: only for --format tikz/);
    expect((await exportCli([tracePath, '-f', 'tikz', '--markdown'])).stderr).toMatch(/--markdown: only for --format mermaid/);
    expect((await exportCli([tracePath, '-f', 'svg'])).code).toBe(2);
    const large = await exportCli([tracePath, '-f', 'mermaid', '--max-events', '10']);
    expect(large.code).toBe(2);
    expect(large.stderr).toMatch(/166 events, more than --max-events 10/);
  });

  it(`runs from ${path.basename(CLI)}`, async () => {
    const help: CliResult = await runCli(['--help']);
    expect(help.stdout).toMatch(/chitty-sim export <trace>/);
    const result = await runCli(['export', tracePath, '-f', 'mermaid']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sequenceDiagram\n/);
  });
});
