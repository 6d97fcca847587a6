import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeedOf, shardRunIndex } from '../../src/fuzz/campaign.js';
import { CLI, ROOT, runCli } from '../helpers.js';

/** Without npm around it, as from a shell in the project folder. */
const env = { ...process.env, npm_command: undefined, npm_lifecycle_event: undefined };

/** What a campaign reports, without the timings. */
function reported(stderr: string, out: string): string {
  return stderr.replaceAll(out, 'OUT').replace(/ in [\d.]+ s, \d+ runs\/s;/, ' in T;');
}

describe('chitty-sim fuzz', () => {
  it('finds, shrinks and saves a failure of a buggy preset, prints the file, and the replay it prints works', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
    const result = await runCli(['fuzz', '--clock', 'no-merge', '--runs', '12', '--workers', '2', '--out', out], { env });
    expect(result.code).toBe(1);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    const file = path.join(out, files[0]);
    expect(result.stderr).toContain(
      `failure: receive-after-send in run 0: ` +
        `${readFileSync(file, 'utf8').match(/^# Breaks: receive-after-send: (.*)$/m)![1]}\n` +
        `  shrunk from ${readFileSync(file, 'utf8').match(/^# Shrunk from (\d+ steps?) to 1 step\./m)![1]} to 1 step, saved in ${file}\n` +
        `  replay: node bin/chitty-sim.js run ${file} --check\n`,
    );
    expect(result.stderr).toMatch(/done: 12 runs of 12 .* 12 failed \(receive-after-send 12\); 1 shrunk scenario, the first failure of each rule, saved in /);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Found by: node bin\/chitty-sim\.js fuzz --clock no-merge --seed 1 \(run 0, run seed \d+\)/);
    // The replay exactly as printed, in the folder the campaign ran in.
    const replay = result.stderr.match(/replay: (.*)/)![1];
    let replayed: { status: number; stderr: string };
    try {
      execFileSync('sh', ['-c', replay], { cwd: ROOT, stdio: 'pipe' });
      replayed = { status: 0, stderr: '' };
    } catch (error) {
      replayed = error as { status: number; stderr: string };
    }
    expect(replayed.status).toBe(1);
    expect(String(replayed.stderr)).toContain('receive-after-send');
  });

  it('prints and saves the same failures with any number of workers', async () => {
    const campaigns = await Promise.all(
      [1, 3].map(async (workers) => {
        const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
        const result = await runCli(['fuzz', '--clock', 'concurrent-broadcast', '--runs', '40', '--workers', String(workers), '--out', out], { env });
        const files = readdirSync(out).sort();
        return { code: result.code, stderr: reported(result.stderr, out), files, contents: files.map((name) => readFileSync(path.join(out, name), 'utf8').replaceAll(out, 'OUT')) };
      }),
    );
    expect(campaigns[0].code).toBe(1);
    expect(campaigns[0].files.length).toBeGreaterThan(0);
    expect(campaigns[1]).toEqual(campaigns[0]);
    // Every file saved is printed.
    for (const name of campaigns[0].files) expect(campaigns[0].stderr).toContain(`saved in OUT/${name}\n`);
  });

  it('prints a replay that works under npx, the way the README runs it', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
    let stderr: string;
    try {
      execFileSync('npx', ['--offline', 'chitty-sim', 'fuzz', '--clock', 'no-merge', '--runs', '2', '--out', out], { cwd: ROOT, stdio: 'pipe', env });
      throw new Error('fuzz found no failure');
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    const replay = stderr.match(/replay: (.*)/)?.[1];
    expect(replay, stderr).toMatch(/^npx chitty-sim run \S+ --check$/);
    let status = 0;
    try {
      execFileSync('sh', ['-c', `${replay!.replace(/^npx /, 'npx --offline ')} --quiet`], { cwd: ROOT, stdio: 'pipe', env });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
  });

  it('stops on Ctrl-C with exit 130, keeping and printing what it saved', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
    const child = spawn(process.execPath, [CLI, 'fuzz', '--clock', 'no-merge', '--runs', '1000000', '--workers', '1', '--out', out], { cwd: ROOT, env });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('replay: ')) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/\ninterrupted after \d+ runs of 1000000 .*; 1 shrunk scenario, the first failure of each rule, saved in /);
    expect(readdirSync(out)).toEqual(['fuzz-no-merge-seed1-run0.yaml']);
    expect(stderr).toContain(`saved in ${path.join(out, 'fuzz-no-merge-seed1-run0.yaml')}\n`);
  });

  it('passes correct clocks', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
    const result = await runCli(['fuzz', '--runs', '30', '--out', out]);
    expect(result.stderr).toMatch(/done: 30 runs of 30 .* 0 failed/);
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toEqual([]);
  });

  it('splits the runs into disjoint shards that together cover the range', () => {
    const shards = [1, 2, 3].map((shard) => Array.from({ length: 10 }, (_, k) => shardRunIndex(shard, 3, k)));
    const all = shards.flat();
    expect(new Set(all).size).toBe(30);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    expect(runSeedOf(1, 5)).toBe(runSeedOf(1, 5));
    expect(runSeedOf(1, 5)).not.toBe(runSeedOf(2, 5));
  });

  it('refuses a bad shard or run count with exit code 2', async () => {
    for (const args of [['--shard', '4/3'], ['--shard', 'x'], ['--runs', '0'], ['--workers', '0']]) {
      const result = await runCli(['fuzz', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });
});
