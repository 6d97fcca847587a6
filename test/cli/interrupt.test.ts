import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { CLI, ROOT, scenarioFile } from '../helpers.js';

describe('Ctrl-C during a long run', () => {
  it('stops the run, keeps a valid trace up to the last whole event with an end line, and exits 130', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-int-'));
    const trace = path.join(folder, 'run.ndjson');
    writeFileSync(trace, 'the previous file\n');
    const child = spawn(process.execPath, [CLI, 'run', scenarioFile('bench-broadcast.yaml'), '--trace', trace, '--quiet', '--no-vc'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Wait until the run is under way: its temporary trace file has grown.
    const started = Date.now();
    for (;;) {
      const temporary = readdirSync(folder).find((name) => name.includes('.tmp-'));
      if (temporary && readFileSync(path.join(folder, temporary)).length > 1_000_000) break;
      if (Date.now() - started > 20_000) throw new Error('the run did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted at virtual time [\d.]+ ms after \d+ events; the trace up to there is in /);
    const { events, interrupted } = readTrace(readFileSync(trace, 'utf8'));
    expect(interrupted).toBe(true);
    expect(events.length).toBeGreaterThan(1000);
    // Stopped, not run to its end (the whole run has about 5.1 million events).
    expect(events.length).toBeLessThan(4_000_000);
    expect(readdirSync(folder).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(existsSync(trace)).toBe(true);
  });
});
