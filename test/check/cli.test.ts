/** `chitty-sim check` as a process: output, `--json`, and exit codes 0, 1 and 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/types.js';
import { runCli } from '../helpers.js';
import { HEADER } from './synthetic.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-check-'));
const header = JSON.stringify(HEADER);

function traceFile(name: string, lines: string[]): string {
  const file = path.join(folder, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('chitty-sim check', () => {
  it('exits 0 and says PASS when every rule holds', async () => {
    const result = await runCli(['check', path.join(FIXTURES, 'diagram-log.lamport.ndjson')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/diagram-log\.lamport\.ndjson: PASS: 89 events; all 9 rules hold\.\n$/);
  });

  it('exits 1 and lists the violations when a rule fails', async () => {
    const result = await runCli(['check', path.join(FIXTURES, 'diagram-log.report.ndjson')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL: 15 violations in 89 events (process-order 10, receive-after-send 5).');
    expect(result.stdout).toContain("process-order: Participant 1111's Lamport time goes from 27 (event 28) back to 17 (event 37)");
    expect(result.stdout).toContain('  events: #28 1111 L27, #37 1111 L17');
  });

  it('--threads 2 reads in a second thread and prints the same; --threads 3 is refused', async () => {
    const file = path.join(FIXTURES, 'diagram-log.report.ndjson');
    for (const extra of [[], ['--json']]) {
      const one = await runCli(['check', file, '--threads', '1', ...extra]);
      const two = await runCli(['check', file, '--threads', '2', ...extra]);
      expect(two).toEqual(one);
      expect(one.code).toBe(1);
    }
    const broken = traceFile('broken-threads.ndjson', [header, '{"i":0,"t":0,"node":"a","kind":"nope","lamport":1,"text":""}']);
    const two = await runCli(['check', broken, '--threads', '2']);
    expect(two).toMatchObject({ code: 2, stderr: `chitty-sim: ${broken}:2: kind: unknown kind "nope"; expected one of send, receive, local, drop, crash, restart\n` });
    const missing = path.join(folder, 'missing.ndjson');
    expect(await runCli(['check', missing, '--threads', '2'])).toMatchObject({ code: 2, stderr: `chitty-sim: ${missing}: cannot read: no such file or directory\n` });
    const refused = await runCli(['check', file, '--threads', '3']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/threads/);
  });

  it('gives the same as data with --json', async () => {
    const result = await runCli(['check', path.join(FIXTURES, 'diagram-log.report.ndjson'), '--json', '--max-violations', '2']);
    expect(result.code).toBe(1);
    const data = JSON.parse(result.stdout) as CheckResult;
    expect(data).toMatchObject({ status: 'fail', events: 89, omitted: 13, byRule: { 'process-order': 10, 'receive-after-send': 5 } });
    expect(data.violations).toHaveLength(2);
    expect(data.violations[0]).toEqual({
      rule: 'process-order',
      events: [
        { i: 28, node: '1111', lamport: 27 },
        { i: 37, node: '1111', lamport: 17 },
      ],
      message: expect.stringContaining('from 27 (event 28) back to 17'),
    });
  });

  it('exits 2 naming the file and line of a line that is not JSON', async () => {
    const file = traceFile('bad-json.ndjson', [header, '{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"text":""}', '{"i":1,']);
    const result = await runCli(['check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^chitty-sim: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
  });

  it('exits 2 naming the field of an invalid event', async () => {
    const file = traceFile('bad-field.ndjson', [header, '{"i":0,"t":0,"node":"a","kind":"local","text":""}']);
    const result = await runCli(['check', file]);
    expect(result).toMatchObject({ code: 2, stderr: `chitty-sim: ${file}:2: lamport: missing\n` });
  });

  it('exits 2 for a missing file, an empty file and a bad option', async () => {
    const missing = await runCli(['check', path.join(folder, 'nothing.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nothing.ndjson: cannot read: no such file or directory');
    const empty = await runCli(['check', traceFile('empty.ndjson', [])]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.ndjson:1: empty trace: no header line');
    const option = await runCli(['check', path.join(FIXTURES, 'diagram-log.lamport.ndjson'), '--max-violations', '-1']);
    expect(option.code).toBe(2);
  });

  it('notes an interrupted run and does not judge broadcasts still in progress', async () => {
    const file = traceFile('interrupted.ndjson', [header, '{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"text":""}', '{"interrupted":true,"events":1,"t":0}']);
    const result = await runCli(['check', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('was interrupted');
  });
});
