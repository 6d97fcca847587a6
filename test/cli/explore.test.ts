/**
 * `chitty-sim explore` as a user runs it: the report (text and --json), the exit codes, the
 * counterexample files that `run --check` replays and `--svg` draws, shards that add up, and
 * Ctrl-C that stops with the report so far.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers.js';

const TWO = `name: two participants
steps:
  - { at: 0, join: "1111" }
  - { at: 0, join: "2222" }
  - { at: 10, publish: "1111", message: "Hej" }
`;

function folder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'chitty-explore-'));
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A scenario of k senders to one hub, with the senders protocol beside it. */
function senders(dir: string, k: number): string {
  copyFileSync(path.join(ROOT, 'test', 'explore', 'fixtures', 'senders.mjs'), path.join(dir, 'senders.mjs'));
  const names = Array.from({ length: k }, (_, i) => `s${i + 1}`);
  return write(dir, `senders-${k}.yaml`, `protocol: ./senders.mjs\nnodes: [hub, ${names.join(', ')}]\nsteps:\n${names.map((name) => `  - { at: 0, node: ${name}, command: send }`).join('\n')}\n`);
}

describe('chitty-sim explore', () => {
  it('finds a clock bug, writes the shortest counterexample, which run --check replays and --svg draws; exit 1', async () => {
    const dir = folder();
    const scenario = write(dir, 'two.yaml', TWO);
    const out = path.join(dir, 'found');
    const result = await runCli(['explore', scenario, '--clock', 'no-merge', '--out', out, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ executions: 1129, complete: true, reduction: true, stopped: null, protocol: 'chitty-chat', variant: 'no-merge' });
    expect(report.reductionRatio).toBeGreaterThan(100);
    expect(report.violations).toHaveLength(1);
    const [violation] = report.violations;
    expect(violation).toMatchObject({ rule: 'receive-after-send', file: path.join(out, 'two-no-merge-receive-after-send.yaml'), choices: 3, events: 5 });
    const text = readFileSync(violation.file, 'utf8');
    expect(text).toMatch(/^# Found by: chitty-sim explore .*two\.yaml --clock no-merge\n# Breaks: receive-after-send: /);
    expect(text).toContain('schedule:\n  - step: 0                  # join 1111\n  - deliver: 0               # JoinRequest 1111 -> server\n  - deliver: 1               # JoinReply server -> 1111\n');
    const svg = path.join(dir, 'found.svg');
    const replay = await runCli(['run', violation.file, '--check', '--quiet', '--svg', svg]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('receive-after-send: Participant 1111 receives message 1 (JoinReply) at Lamport time 2, not after its send at 4');
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
  });

  it('proves correct clocks clean on the same scenario, as text; exit 0', async () => {
    const dir = folder();
    const result = await runCli(['explore', write(dir, 'two.yaml', TWO), '--out', path.join(dir, 'out')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1,129 distinct executions; complete: every order\n/);
    expect(result.stdout).toMatch(/reduction: 1,\d{3} runs \(\d+ stopped as repeats\) for 299,910 interleavings: \d+x fewer/);
    expect(result.stdout).toContain('no violation\n');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('counts k! executions of k senders to one node, and more interleavings without the reduction', async () => {
    const dir = folder();
    const scenario = senders(dir, 4);
    const reduced = JSON.parse((await runCli(['explore', scenario, '--json'], { cwd: dir })).stdout);
    expect(reduced).toMatchObject({ executions: 24, complete: true, interleavings: 105, interleavingsExact: true, violations: [] });
    const unreduced = JSON.parse((await runCli(['explore', scenario, '--json', '--no-reduction'], { cwd: dir })).stdout);
    expect(unreduced).toMatchObject({ executions: 24, runs: 105, interleavings: 105, complete: true, reduction: false, violations: [] });
  });

  it('splits the search into shards that together run every execution once', async () => {
    const dir = folder();
    const scenario = senders(dir, 4);
    const shards = await Promise.all([1, 2, 3].map((index) => runCli(['explore', scenario, '--json', '--shard', `${index}/3`], { cwd: dir })));
    const reports = shards.map((shard) => JSON.parse(shard.stdout));
    expect(reports.map((report) => report.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(reports.every((report) => report.complete)).toBe(true);
    expect(reports.reduce((sum, report) => sum + report.executions, 0)).toBe(24);
  });

  it('with faults, arms Chitty-Chat timeouts and says so; lamport clocks stay clean', async () => {
    const dir = folder();
    const scenario = write(dir, 'join.yaml', 'steps:\n  - { at: 0, join: "1111" }\n');
    const result = await runCli(['explore', scenario, '--faults', 'loss,crash', '--timers', 'late', '--json']);
    expect(result.stderr).toContain('explore gives the calls timeouts: { rpcMs: 1000, retries: 1 }');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ complete: true, faults: ['loss', 'crash'], maxFaults: 1, timers: 'late', violations: [] });
    expect(report.executions).toBeGreaterThan(11);
    expect(result.code).toBe(0);
  });

  it('refuses bad input with exit code 2 and a clear message', async () => {
    const dir = folder();
    const scenario = write(dir, 'two.yaml', TWO);
    for (const [args, message] of [
      [['--shard', '4/3'], '--shard: expected I/N with 1 <= I <= N'],
      [['--faults', 'flood'], '--faults: unknown fault "flood"'],
      [['--max-faults', '2'], '--max-faults: name the faults too'],
      [['--max-executions', '0'], '--max-executions: must be a whole number from 1'],
      [['--clock', 'sundial'], 'unknown variant "sundial"'],
    ] as const) {
      const result = await runCli(['explore', scenario, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    const missing = await runCli(['explore', path.join(dir, 'nothing.yaml')]);
    expect(missing.code).toBe(2);
  });

  it('run names a schedule entry that cannot happen by its line, with exit code 2', async () => {
    const dir = folder();
    const scenario = write(dir, 'bad.yaml', `${TWO}schedule:\n  - step: 0\n  - deliver: 5\n`);
    const result = await runCli(['run', scenario, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`chitty-sim: ${scenario}:8:5: schedule[1]: message 5 is not in flight here; in flight: 0 (JoinRequest 1111 -> server)\n`);
  });

  it('Ctrl-C stops the search with the report so far', async () => {
    const dir = folder();
    const scenario = write(dir, 'big.yaml', `${TWO}  - { at: 10, publish: "2222", message: "Hej" }\n`);
    const child = spawn(process.execPath, [CLI, 'explore', scenario, '--clock', 'concurrent-broadcast', '--json', '--out', path.join(dir, 'out')], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(130);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ complete: false, stopped: 'interrupted' });
    expect(report.executions).toBeGreaterThan(0);
  });
});
