import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeedOf, shardRunIndex } from '../../src/fuzz/campaign.js';
import { runCli } from '../helpers.js';

describe('chitty-sim fuzz', () => {
  it('finds, shrinks and saves a failure of a buggy preset that `run --check` replays', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-'));
    const result = await runCli(['fuzz', '--clock', 'no-merge', '--runs', '12', '--workers', '2', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failure: receive-after-send: .*\n {2}shrunk to \d+ steps; replay: chitty-sim run .* --check/);
    expect(result.stderr).toMatch(/done: 12 runs of 12 .* \d+ failed/);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    const file = path.join(out, files[0]);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Found by: chitty-sim fuzz --clock no-merge --seed 1/);
    const replay = await runCli(['run', file, '--check', '--quiet']);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('receive-after-send');
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
