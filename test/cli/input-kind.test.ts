/**
 * The wrong kind of file: every command given a scenario, a trace, a ShiViz log, a module, check
 * output or a diagram where it expects something else says what the file is and what reads it
 * (exit 2), and the commands it suggests work. Files of the right kind are never refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kindOfHead, type InputKind } from '../../src/cli/input-kind.js';
import { exportShiviz } from '../../src/export/shiviz.js';
import { CLI, loadScenarioFile, ROOT, runCli, runToText, scenarioFile } from '../helpers.js';
import { SCENARIOS, scenarioTrace } from '../export/helpers.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-kind-'));
/** Runs the CLI as a user in a shell would, without npm around it: hints say `node <path>`. */
const env = { ...process.env, npm_command: undefined, npm_lifecycle_event: undefined };
const cli = (args: string[]) => runCli(args, { cwd: folder, env });
const kindOf = (text: string | Uint8Array, name = '') => kindOfHead(typeof text === 'string' ? new TextEncoder().encode(text) : text, name);

const files: Record<string, string> = {};
beforeAll(async () => {
  const write = (name: string, content: string | Uint8Array) => {
    files[name] = path.join(folder, name);
    writeFileSync(files[name], content);
  };
  // Correct clocks, so that `check` passes on the right kind of file.
  write('run.ndjson', runToText(loadScenarioFile('three-participants.yaml')).trace);
  write('run.shiviz.log', exportShiviz(scenarioTrace('three-participants.yaml').events));
  write('scenario.yaml', readFileSync(scenarioFile('three-participants.yaml'), 'utf8'));
  write('protocol.mjs', '/** A protocol. */\nexport function onMessage() {}\n');
  const check = await runCli(['check', files['run.ndjson'], '--json'], { env });
  write('violations.json', check.stdout);
  const svg = await runCli(['render', files['run.ndjson']], { env });
  write('run.svg', svg.stdout);
});

describe('telling a file from its first bytes', () => {
  it('knows every shipped scenario, trace and ShiViz export for what it is', () => {
    for (const name of readdirSync(path.join(ROOT, 'scenarios'))) expect(kindOf(readFileSync(scenarioFile(name)), name), name).toBe('scenario');
    for (const name of SCENARIOS) {
      expect(kindOf(runToText(loadScenarioFile(name), { vectorClocks: false }).trace), name).toBe('trace');
      expect(kindOf(exportShiviz(scenarioTrace(name).events)), name).toBe('shiviz');
    }
    for (const name of readdirSync(path.join(ROOT, 'test', 'diagram', 'fixtures')).filter((file) => file.endsWith('.ndjson'))) {
      expect(kindOf(readFileSync(path.join(ROOT, 'test', 'diagram', 'fixtures', name))), name).toBe('trace');
    }
  });

  it('knows the other kinds, and says unknown rather than guess', () => {
    const cases: [string, InputKind, string?][] = [
      ['{"format":"chitty-sim-trace","version":1,"scenario":"s","seed":1,"clock":"lamport"}\n{"i":0', 'trace'],
      ['# a comment\n\nname: x\nsteps: []\n', 'scenario'],
      ['anything: at all\n', 'scenario', 'mine.yml'],
      ['anything: at all\n', 'unknown', 'notes.txt'],
      ['(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\nalice {"alice":1}\nsent hello\n', 'shiviz'],
      ['alice {"alice":1}\nsent hello\nbob {"alice":1, "bob":1}\nreceived\n', 'shiviz'],
      ['sent: hello\nalice {"alice":1}\n', 'shiviz'],
      ['#!/usr/bin/env node\nconsole.log(1)\n', 'module'],
      ["import { x } from './x.js';\n", 'module'],
      ['// a protocol\nconst a = 1;\n', 'module'],
      ['export default {};\n', 'module'],
      ['interface Node {}\n', 'module'],
      ['x = 1\n', 'module', 'p.ts'],
      ['{\n  "status": "fail",\n  "violations": []\n}\n', 'check-result'],
      ['[{"rule":"process-order"}]', 'check-result'],
      ['<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">', 'svg'],
      ['<!DOCTYPE html>\n<html>', 'html'],
      ['hello world\n', 'unknown'],
      ['', 'unknown'],
      ['{"not":"a trace"}\n', 'unknown'],
    ];
    for (const [text, kind, name] of cases) expect(kindOf(text, name), text).toBe(kind);
    expect(kindOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
  });
});

describe('a command given the wrong kind of file', () => {
  /** Runs the commands a message suggests (its indented lines that start with the CLI) and expects them to work. */
  async function suggestedCommandsWork(message: string): Promise<void> {
    // The CLI lies outside the folder the tests run in: hints name it by its absolute path.
    const prefix = `node ${CLI} `;
    const commands = message
      .split('\n')
      .map((line) => line.replace(/^\s*(?:[\w ]+:\s+)?/, ''))
      .filter((line) => line.startsWith(prefix));
    expect(commands.length, message).toBeGreaterThan(0);
    for (const command of commands) execFileSync('sh', ['-c', command], { cwd: folder, stdio: 'pipe' });
  }

  it.each([
    ['render', ['-o', 'x.svg']],
    ['check', []],
    ['view', ['-o', 'x.html']],
    ['export', ['--format', 'mermaid']],
  ])('%s on a scenario says to run it first, and how', async (command, rest) => {
    const result = await cli([command, files['scenario.yaml'], ...rest]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`is a scenario \\(YAML\\), not a trace: run it to write its trace, then ${command} that:`));
    expect(result.stderr).not.toMatch(/JSON|Unexpected token/);
    await suggestedCommandsWork(result.stderr);
  });

  it('render on a ShiViz log suggests --from shiviz, and that works', async () => {
    const result = await cli(['render', files['run.shiviz.log'], '-o', 'log.svg']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a ShiViz (GoVector) log, not a trace; render reads it with --from shiviz:');
    await suggestedCommandsWork(result.stderr);
  });

  it('check --from shiviz on a trace says to leave the flag out', async () => {
    const result = await cli(['check', files['run.ndjson'], '--from', 'shiviz']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a chitty-sim trace, not a ShiViz log: leave out --from shiviz:');
    await suggestedCommandsWork(result.stderr);
  });

  it('run on a trace says what reads it instead of a page of YAML errors', async () => {
    const result = await cli(['run', files['run.ndjson']]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is a chitty-sim trace, not a scenario:\n {2}draw it: +node .* render .*\n {2}check it: +node .* check .*\n {2}explore it: +node .* view /);
    expect(result.stderr).not.toMatch(/more problems|1:1/);
    await suggestedCommandsWork(result.stderr);
  });

  it('run on a ShiViz log, a module, check output or a diagram says what it is', async () => {
    const expectations: [string, RegExp][] = [
      ['run.shiviz.log', /is a ShiViz \(GoVector\) log, not a scenario:\n {2}draw it: .*--from shiviz/],
      ['protocol.mjs', /is a JavaScript\/TypeScript module, not a scenario:\n {2}a scenario names a protocol module with `protocol: \.\/protocol\.mjs`/],
      ['violations.json', /is the output of `chitty-sim check --json`, not a scenario:\n {2}mark its violations .*render TRACE --violations/],
      ['run.svg', /is an SVG diagram, not a scenario: run reads a scenario file \(YAML\)/],
    ];
    for (const [name, message] of expectations) {
      const result = await cli(['run', files[name]]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(message);
    }
    const diagram = await cli(['check', files['run.svg']]);
    expect(diagram.code).toBe(2);
    expect(diagram.stderr).toContain('is an SVG diagram, not a trace: check reads the trace the diagram was drawn from');
  });

  it('files of the right kind pass, and a pipe is read once, as before', async () => {
    expect((await cli(['check', files['run.ndjson']])).code).toBe(0);
    expect((await cli(['check', files['run.shiviz.log'], '--from', 'shiviz'])).code).toBe(0);
    expect((await cli(['run', files['scenario.yaml'], '-q'])).code).toBe(0);
    const piped = execFileSync('sh', ['-c', `cat ${files['run.ndjson']} | ${process.execPath} ${CLI} check /dev/stdin`], { cwd: ROOT, encoding: 'utf8' });
    expect(piped).toMatch(/PASS/);
  });
});
