import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { runCli, scenarioFile } from '../helpers.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-cli-'));

function writeScenario(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

describe('chitty-sim run', () => {
  it('writes a trace with the documented header and fields', async () => {
    const trace = path.join(folder, 'run.ndjson');
    const result = await runCli(['run', scenarioFile('three-participants.yaml'), '--seed', '7', '--trace', trace, '--quiet']);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    const text = readFileSync(trace, 'utf8');
    expect(text.split('\n')[0]).toBe('{"format":"chitty-sim-trace","version":1,"scenario":"Three participants","seed":7,"clock":"lamport"}');
    const { events } = readTrace(text);
    expect(events[0]).toMatchObject({ i: 0, t: 0, node: 'alice', kind: 'send', lamport: 1, msg: 0, peer: 'server', type: 'JoinRequest', text: 'Join Request sent, lamport time: 1', vc: { alice: 1 } });
    expect(events.some((event) => event.shows?.startsWith('alice said: Hej Bob!'))).toBe(true);
    const types = new Set(events.map((event) => event.type).filter(Boolean));
    expect([...types].sort()).toEqual(['BroadcastReply', 'BroadcastRequest', 'JoinReply', 'JoinRequest', 'LeaveReply', 'LeaveRequest', 'PublishReply', 'PublishRequest']);
  });

  it('leaves vector clocks out under --no-vc', async () => {
    const trace = path.join(folder, 'novc.ndjson');
    await runCli(['run', scenarioFile('diagram-log.yaml'), '--no-vc', '--trace', trace, '-q']);
    expect(readFileSync(trace, 'utf8')).not.toContain('"vc"');
  });

  it('prints a pretty table by default', async () => {
    const result = await runCli(['run', scenarioFile('diagram-log.yaml')]);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^\s+time ms\s+node\s+lamport\s+event$/);
    expect(lines[1]).toMatch(/^\s+0\.000\s+1111\s+1\s+Join Request sent$/);
    // The Lamport column stays put, however long the line before it.
    const column = lines[0].indexOf('lamport') + 'lamport'.length;
    for (const line of lines.slice(1).filter((l) => /\d\s{2}\S/.test(l.slice(column - 1, column + 2)))) expect(line[column]).toBe(' ');
  });

  it('refuses a bad scenario with every problem, exit code 2 and no stack trace', async () => {
    const file = writeScenario('bad.yaml', 'seed: -1\nsteps:\n  - { at: 0, publish: "1111", message: hi }\n  - { at: -3, join: "2222" }\n');
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:1:7: seed: must not be negative`);
    expect(result.stderr).toContain(`${file}:3:23: steps[0].publish: "1111" has not joined`);
    expect(result.stderr).toContain(`${file}:4:11: steps[1].at: must not be negative`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves no trace file behind when the scenario is bad', async () => {
    const file = writeScenario('bad2.yaml', 'steps: 3\n');
    const trace = path.join(folder, 'none.ndjson');
    const result = await runCli(['run', file, '--trace', trace]);
    expect(result.code).toBe(2);
    expect(existsSync(trace)).toBe(false);
  });

  it('answers a missing file, a bad seed, a bad clock and an unknown option with exit code 2', async () => {
    for (const args of [
      ['run', path.join(folder, 'missing.yaml')],
      ['run', scenarioFile('diagram-log.yaml'), '--seed', 'abc'],
      ['run', scenarioFile('diagram-log.yaml'), '--seed', '-4'],
      ['run', scenarioFile('diagram-log.yaml'), '--clock', 'sundial'],
      ['run', scenarioFile('diagram-log.yaml'), '--colour'],
      ['run'],
      [],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/chitty-sim: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a trace path that is a directory, clearly', async () => {
    const directory = path.join(folder, 'a-dir');
    mkdirSync(directory, { recursive: true });
    const result = await runCli(['run', scenarioFile('diagram-log.yaml'), '--trace', directory, '-q']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is a directory');
  });

  it('stops at --until, ms of virtual time', async () => {
    const trace = path.join(folder, 'until.ndjson');
    const result = await runCli(['run', scenarioFile('diagram-log.yaml'), '--until', '16000', '--trace', trace, '-q']);
    expect(result.code).toBe(0);
    const { events } = readTrace(readFileSync(trace, 'utf8'));
    expect(Math.max(...events.map((event) => event.t))).toBe(16000);
    expect(events.at(-1)).toMatchObject({ node: '1111', kind: 'send', type: 'PublishRequest' });
    expect((await runCli(['run', scenarioFile('diagram-log.yaml'), '--until', '-1'])).code).toBe(2);
  });

  it('checks a run --until stopped part way as unfinished: a broadcast in progress is not a violation', async () => {
    // At 10 ms the server has started its first broadcast; 1111 has not received it yet.
    const trace = path.join(folder, 'until-check.ndjson');
    const args = ['run', scenarioFile('diagram-log.yaml'), '--clock', 'lamport', '--until', '10', '--check', '--trace', trace, '-q'];
    const result = await runCli(args);
    expect(result.stderr).toContain('PASS: 10 events');
    expect(result.stderr).toContain('Note: --until 10 stopped the run with work left; work still in progress was not judged.');
    expect(result.code).toBe(0);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ interrupted: true, events: 10, t: 9.893 });
    expect((await runCli(['check', trace])).code).toBe(0);
    // The same run to its end has nothing left: no such line, no note.
    const whole = await runCli(['run', scenarioFile('diagram-log.yaml'), '--clock', 'lamport', '--until', '100000', '--check', '--trace', trace, '-q']);
    expect(whole.stderr).not.toContain('--until');
    expect(readFileSync(trace, 'utf8')).not.toContain('"interrupted"');
    // Timeouts cancelled by their replies wait in the queue until their time: they are no work left.
    const lossy = await runCli(['run', scenarioFile('faults-loss.yaml'), '--until', '4500', '--check', '--trace', trace, '-q']);
    expect(lossy.stderr).not.toContain('--until');
    expect(readFileSync(trace, 'utf8')).not.toContain('"interrupted"');
  });

  it('has --help with examples and --version', async () => {
    const help = await runCli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
