/**
 * `chitty-sim fuzz` for any protocol, as a user runs it: a built-in by name, a module file (loaded
 * in every worker thread), or a scenario file's steps; each failure written as a scenario that
 * `run --check` replays; and the errors for what cannot be fuzzed.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, scenarioFile } from '../helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fuzz', 'fixtures');
const temporary = () => mkdtempSync(path.join(os.tmpdir(), 'chitty-fuzz-protocols-'));

describe('chitty-sim fuzz --protocol', () => {
  it('a built-in in a bug variant: finds it, and the written scenario replays it', async () => {
    const out = temporary();
    const result = await runCli(['fuzz', '--protocol', 'causal-broadcast', '--variant', 'fifo', '--runs', '20', '--workers', '2', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failure: causal-delivery in run \d+: \w+ delivers \w#\d .* before \w#\d .*\n {2}shrunk from \d+ steps? to \d+ steps?, saved in .*\n {2}replay: .*chitty-sim.* run .* --check/);
    expect(result.stderr).toMatch(/done: 20 runs of 20 \(shard 1\/1, --protocol causal-broadcast --variant fifo\) .* \d+ failed \(causal-delivery \d+\)/);
    const files = readdirSync(out);
    expect(files.every((name) => name.startsWith('fuzz-causal-broadcast-fifo-seed1-run'))).toBe(true);
    const file = path.join(out, files[0]);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Found by: .*chitty-sim(\.js)? fuzz --protocol causal-broadcast --variant fifo --seed 1 \(run \d+, run seed \d+\)\n# Breaks: causal-delivery: /);
    expect(text).toContain('\nprotocol: "causal-broadcast"\n');
    expect(text).toContain('\nvariant: fifo\n');
    const replay = await runCli(['run', file, '--check', '--quiet']);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('causal-delivery:');
  });

  it('the correct variant by default: no failure', async () => {
    const out = temporary();
    const result = await runCli(['fuzz', '--protocol', 'ricart-agrawala', '--runs', '60', '--out', out]);
    expect(result.stderr).toMatch(/done: 60 runs of 60 \(shard 1\/1, --protocol ricart-agrawala --variant correct\) .* 0 failed\n$/);
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a module file, loaded in each worker; the failure names it relative to the written file', async () => {
    const out = temporary();
    const module = path.relative(ROOT, path.join(FIXTURES, 'eager-lock.mjs'));
    const result = await runCli(['fuzz', '--protocol', module, '--runs', '10', '--workers', '2', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failure: mutual-exclusion in run \d+: /);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    const file = path.join(out, files[0]);
    const text = readFileSync(file, 'utf8');
    const named = /\nprotocol: "([^"]+)"\n/.exec(text)![1];
    expect(path.resolve(out, named)).toBe(path.join(FIXTURES, 'eager-lock.mjs'));
    const replay = await runCli(['run', file, '--check', '--quiet'], { cwd: os.tmpdir() });
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('mutual-exclusion:');
  });
});

describe('chitty-sim fuzz --scenario', () => {
  it("varies a scenario's seed, network and faults over its steps, in its variant", async () => {
    const out = temporary();
    const result = await runCli(['fuzz', '--scenario', scenarioFile('ricart-agrawala-tie.yaml'), '--runs', '10', '--workers', '1', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failure: mutual-exclusion in run \d+: /);
    const [file] = readdirSync(out);
    expect(file).toMatch(/^fuzz-ricart-agrawala-tie-no-tie-break-seed1-run\d+\.yaml$/);
    expect(readFileSync(path.join(out, file), 'utf8')).toContain(`--scenario ${scenarioFile('ricart-agrawala-tie.yaml')} --variant no-tie-break --seed 1`);
    const fixed = await runCli(['fuzz', '--scenario', scenarioFile('ricart-agrawala-tie.yaml'), '--variant', 'correct', '--runs', '30', '--out', temporary()]);
    expect(fixed.code).toBe(0);
  });

  it('runs a module protocol over the steps of a scenario, even one without generate()', async () => {
    const result = await runCli(['fuzz', '--protocol', path.join(FIXTURES, 'no-workload.mjs'), '--scenario', scenarioFile('ricart-agrawala.yaml'), '--runs', '5', '--out', temporary()]);
    expect(result.stderr).toMatch(/done: 5 runs of 5 .* 0 failed/);
    expect(result.code).toBe(0);
  });
});

describe('what fuzz refuses (exit 2)', () => {
  it.each([
    [['--protocol', 'paxos'], 'paxos: no such protocol file'],
    [['--protocol', 'ricart-agrawala', '--variant', 'lamport'], 'unknown variant "lamport" of ricart-agrawala; expected one of correct, no-tie-break, no-merge, reply-in-cs'],
    [['--protocol', path.join(FIXTURES, 'no-workload.mjs')], 'the protocol no-workload has no generate(random), so fuzz cannot draw its workloads; give --scenario FILE'],
    [['--scenario', 'no/such.yaml'], 'no/such.yaml'],
  ])('%j', async (args, message) => {
    const result = await runCli(['fuzz', ...args, '--runs', '1', '--out', temporary()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('internal error');
  });
});
