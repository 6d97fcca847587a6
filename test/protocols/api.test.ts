/**
 * The public node API from the command line, as a protocol's author meets it: a protocol module
 * (.mjs and .ts) runs, checks and draws; every mistake is an error naming the file, the node and
 * the call, with the author's own stack frames and none of ours; the trace written before an error
 * stays valid; `--self-check` tells a protocol that replays from one that does not.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { ROOT, runCli } from '../helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'protocols', 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);
const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-protocols-'));

describe('a protocol module', () => {
  for (const js of [false, true]) {
    it(`written by \`new protocol\` (${js ? '.mjs' : '.ts'}) runs, checks clean and draws at once`, async () => {
      const dir = path.join(folder, js ? 'js' : 'ts');
      const made = await runCli(['new', 'protocol', 'ping-pong', '--dir', dir, ...(js ? ['--js'] : [])]);
      expect(made.code).toBe(0);
      expect(made.stdout).toContain(`ping-pong.${js ? 'mjs' : 'ts'}`);
      const trace = path.join(dir, 'run.ndjson');
      const run = await runCli(['run', path.join(dir, 'ping-pong.yaml'), '--check', '--trace', trace, '--svg', path.join(dir, 'run.svg')]);
      expect(run.stderr).toContain('PASS: 6 events; all 4 rules hold.');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/a\s+1\s+serve to b/);
      const { header, events } = readTrace(readFileSync(trace, 'utf8'));
      expect(header).toMatchObject({ version: 2, protocol: `./ping-pong.${js ? 'mjs' : 'ts'}`, nodes: ['a', 'b'] });
      expect(events.map((event) => event.type).filter(Boolean)).toEqual(['Ping', 'Ping', 'Pong', 'Pong', 'Ping', 'Ping']);
      expect(readFileSync(path.join(dir, 'run.svg'), 'utf8')).toContain('<svg');
      // The trace names its protocol relative to itself: `check` finds it and runs its rules.
      const check = await runCli(['check', trace]);
      expect(check.stdout).toContain('PASS: 6 events; all 4 rules hold.');
      // A second `new` does not overwrite the author's work.
      const again = await runCli(['new', 'protocol', 'ping-pong', '--dir', dir, ...(js ? ['--js'] : [])]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exist');
    });
  }

  it('that breaks a clock on purpose is caught by --check', async () => {
    const dir = path.join(folder, 'broken');
    await runCli(['new', 'protocol', 'ping-pong', '--dir', dir]);
    const file = path.join(dir, 'ping-pong.ts');
    // The tutorial's mistake: a receive that ticks instead of merging the time it carries.
    writeFileSync(file, readFileSync(file, 'utf8').replace('const received = merge(message.lamport);', 'const received = tick();'));
    const run = await runCli(['run', path.join(dir, 'ping-pong.yaml'), '--check', '-q']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('receive-after-send');
  });

  it('is listed and described by `protocols`', async () => {
    const builtins = await runCli(['protocols']);
    expect(builtins.code).toBe(0);
    expect(builtins.stdout).toMatch(/^chitty-chat\s+/m);
    expect(builtins.stdout).toMatch(/^\s+lamport \(default\)\s+Correct/m);
    const module = await runCli(['protocols', fixture('regions.mjs')]);
    expect(module.stdout).toContain('regions');
    expect(module.stdout).toContain('exclusive regions: cs');
  });
});

describe('mistakes in a protocol', () => {
  const cases: [string, RegExp][] = [
    ['no-default.yaml', /no-default\.mjs: has no default export; a protocol module ends with export default \{ name, summary, node\(ctx\)/],
    ['no-node.yaml', /no-node\.mjs: not a protocol:\n\s+node: must be a function/],
    ['syntax-error.yaml', /syntax-error\.mjs:4:42: syntax error: Unexpected ";" \(the protocol named by protocol: in .*syntax-error\.yaml\)\n.*let = ;.*\n\s+\^/],
    ['syntax-error-ts.yaml', /syntax-error\.ts:1:19: syntax error: Unexpected ";"/],
    ['misuse-unknown-node.yaml', /misuse: node a, at 0 ms, in onCommand\("go"\): ctx\.send: there is no node "zed"; the nodes are a, b\n\s+at .*misuse\.mjs:9:\d+/],
    ['misuse-bad-lamport.yaml', /ctx\.send: lamport must be a finite number \(the Lamport time your code computed\), not "one"/],
    ['misuse-set-timeout.yaml', /setTimeout is not available to a node: the run would not replay\. Use ctx\.setTimer/],
    ['misuse-no-receive.yaml', /node b, at 4\.889 ms, in onMessage of message 0 \(Ping from a\): it did not record the receive/],
    ['misuse-send-first.yaml', /ctx\.send before ctx\.receive of the message being delivered/],
    ['misuse-receive-twice.yaml', /ctx\.receive of message 0 \(Ping from a\) a second time/],
  ];
  for (const [file, expected] of cases) {
    it(`${file}: exit 2, says what and where, no stack trace of ours`, async () => {
      const result = await runCli(['run', fixture(file), '-q']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/dist\/|src\/|node:internal/);
    });
  }

  it('a handler that throws: its own frames, and the trace so far ends with an error line', async () => {
    const trace = path.join(folder, 'throws.ndjson');
    const result = await runCli(['run', fixture('throws.yaml'), '-q', '--trace', trace]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chitty-sim: throws: node b, at 4\.889 ms, in onMessage of message 0 \(Ping from a\): cannot handle Ping\n/);
    expect(result.stderr).toMatch(/at explode \(.*throws\.mjs:20:9\)\n\s+at Object\.onMessage \(.*throws\.mjs:13:9\)/);
    expect(result.stderr).not.toMatch(/dist\/|node:internal/);
    const { events, failure } = readTrace(readFileSync(trace, 'utf8'));
    expect(events.map((event) => event.kind)).toEqual(['send', 'receive']);
    expect(failure).toContain('cannot handle Ping');
    const check = await runCli(['check', trace]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('stopped on an error in its protocol');
  });

  it('a missing protocol file names the file and the built-ins', async () => {
    const scenario = path.join(folder, 'missing.yaml');
    writeFileSync(scenario, 'protocol: ./nowhere.mjs\nnodes: [a]\nsteps:\n  - { at: 0, node: a, command: go }\n');
    const result = await runCli(['run', scenario]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('./nowhere.mjs: no such protocol file');
    expect(result.stderr).toContain('chitty-chat');
  });
});

describe('determinism of a protocol module', () => {
  it('Math.random and Date.now read the run, not the host: two processes write the same trace', async () => {
    const traces = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const trace = path.join(folder, `host-${name}.ndjson`);
        expect((await runCli(['run', fixture('reads-host.yaml'), '-q', '--trace', trace])).code).toBe(0);
        return readFileSync(trace, 'utf8');
      }),
    );
    expect(traces[1]).toBe(traces[0]);
    expect(traces[0]).toContain('at 0 (1970-01-01T00:00:00.000Z)');
  });

  it('--self-check passes a protocol that replays and names the first event where one does not', async () => {
    const good = await runCli(['run', fixture('reads-host.yaml'), '--self-check']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('the run replays exactly');
    const bad = await runCli(['run', fixture('nondeterministic.yaml'), '--self-check']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('First difference at event 0:');
    expect(bad.stdout).toMatch(/run 1: .*"text":"local 1"/);
    expect(bad.stdout).toMatch(/run 2: .*"text":"local 2"/);
  });
});

describe('regions and mutual exclusion', () => {
  it('regions in turns pass; overlapping ones are caught, with or without vector clocks in the trace', async () => {
    expect((await runCli(['run', fixture('regions-ordered.yaml'), '--check', '-q'])).code).toBe(0);
    for (const vc of ['--vc', '--no-vc']) {
      const trace = path.join(folder, `overlap${vc}.ndjson`);
      await runCli(['run', fixture('regions-overlap.yaml'), '-q', vc, '--trace', trace]);
      const check = await runCli(['check', trace]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('mutual-exclusion: b enters "cs" at event 2 although a\'s exit at event 1 did not happen before it');
    }
  });

  it('a trace whose protocol cannot be found is checked with the clock rules, and says so', async () => {
    const trace = path.join(folder, 'moved', 'run.ndjson');
    await runCli(['run', fixture('regions-overlap.yaml'), '-q', '--trace', trace]);
    // As if the trace had been sent to someone without the protocol's file.
    const moved = path.join(folder, 'elsewhere.ndjson');
    writeFileSync(moved, readFileSync(trace, 'utf8').replace(/"protocol":"[^"]*"/, '"protocol":"./regions.mjs"'));
    const check = await runCli(['check', moved]);
    expect(check.stdout).toContain('was not found');
    expect(check.stdout).toContain('--protocol FILE');
    // The header declares the exclusive region, so mutual exclusion is still judged.
    expect(check.code).toBe(1);
    const pointed = await runCli(['check', moved, '--protocol', fixture('regions.mjs')]);
    expect(pointed.stdout).not.toContain('was not found');
    expect(existsSync(moved)).toBe(true);
  });
});
