/**
 * The playground's run, in Node: the same trace bytes as `chitty-sim run --trace`, the same
 * problems as the command line prints for a bad file, the same check, and what a page cannot do
 * (load a module, draw more than one diagram holds) said where it belongs.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandLine } from '../../src/playground/command-line.js';
import { MAX_RUN_EVENTS, runScenarioText } from '../../src/playground/scenario-run.js';
import { settingsFromHash, settingsHash, type PageSettings } from '../../src/playground/share-link.js';
import { formatProblem } from '../../src/scenario/parse.js';
import { ROOT, runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-playground-run-'));
const SHIPPED = readdirSync(path.join(ROOT, 'scenarios')).filter((name) => name.endsWith('.yaml') && !name.startsWith('bench-'));

/** The trace `chitty-sim run FILE --trace` writes, and its exit code. */
async function cliTrace(file: string, args: string[] = []): Promise<{ trace: string; code: number; stderr: string }> {
  const trace = path.join(scratch, `${path.basename(file)}-${args.join('_')}.ndjson`);
  const result = await runCli(['run', file, '--quiet', '--trace', trace, ...args]);
  return { trace: readFileSync(trace, 'utf8'), code: result.code, stderr: result.stderr };
}

describe('the playground runs a scenario as chitty-sim run does', () => {
  test.each(SHIPPED)('%s: the same trace, byte for byte, and the same verdict', async (name) => {
    const file = path.join(ROOT, 'scenarios', name);
    const cli = await cliTrace(file, ['--check']);
    const outcome = runScenarioText(readFileSync(file, 'utf8'), name.replace(/\.yaml$/, ''), { check: true });
    expect(outcome.kind).toBe('ran');
    if (outcome.kind !== 'ran') return;
    expect(outcome.run.traceText).toBe(cli.trace);
    expect(outcome.run.events.length).toBe(cli.trace.trimEnd().split('\n').length - 1);
    expect(outcome.run.check!.status === 'pass' ? 0 : 1).toBe(cli.code);
    // run --check prints the verdict first: the same counts.
    expect(cli.stderr).toContain(`${outcome.run.check!.status.toUpperCase()}: `);
  });

  test('a seed and a variant given as the page gives them: as --seed and --variant', async () => {
    const file = path.join(ROOT, 'scenarios', 'concurrent-publish.yaml');
    for (const [seed, variant] of [
      [7, 'no-merge'],
      [12, ''],
    ] as const) {
      const cli = await cliTrace(file, ['--seed', String(seed), ...(variant ? ['--variant', variant] : [])]);
      const outcome = runScenarioText(readFileSync(file, 'utf8'), 'concurrent-publish', { seed, variant, check: false });
      expect(outcome.kind === 'ran' && outcome.run.traceText).toBe(cli.trace);
    }
  });

  test("a bad file: every problem, in the command line's words and places", async () => {
    const text = 'name: bad\nseed: -1\nsteps:\n  - { at: 0, join: "1111" }\n  - { at: 5, publish: "2222", message: hi }\n  - { at: 9, jump: "1111" }\n';
    const file = path.join(scratch, 'bad.yaml');
    writeFileSync(file, text);
    const cli = await runCli(['run', file, '--quiet']);
    expect(cli.code).toBe(2);
    const outcome = runScenarioText(text, 'bad', { check: true });
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    const lines = outcome.problems.map((problem) => formatProblem(file, problem));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(cli.stderr.trimEnd().split('\n').slice(1)).toEqual(lines);
  });

  test('a protocol module: said at its line and column, naming the built-ins', () => {
    const outcome = runScenarioText('name: mine\nprotocol:   ./token-ring.mjs\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: go }\n', 'mine', { check: true });
    expect(outcome).toMatchObject({ kind: 'invalid', problems: [{ line: 2, col: 13, path: 'protocol' }] });
    if (outcome.kind === 'invalid') expect(outcome.problems[0].message).toMatch(/only the command line loads.*chitty-chat, ricart-agrawala, causal-broadcast/);
  });

  test('a run larger than one diagram stops, and says so', () => {
    const text = 'name: big\ngenerate: { participants: 40, publishesEach: 20, window: [1000, 5000] }\n';
    const outcome = runScenarioText(text, 'big', { check: false });
    expect(outcome.kind).toBe('too-large');
    if (outcome.kind === 'too-large') expect(outcome.events).toBeGreaterThan(MAX_RUN_EVENTS);
  });

  test('the command that gives the same run names only what the page changed', () => {
    const run = { seed: 7, variant: 'lamport', scenario: { seed: 1, variant: 'report' } } as Parameters<typeof commandLine>[1];
    expect(commandLine('diagram-log.yaml', run, { seed: 7, variant: 'lamport', axis: 'time', check: true })).toBe(
      'npx chitty-sim run diagram-log.yaml --seed 7 --variant lamport --trace diagram-log.ndjson && npx chitty-sim view diagram-log.ndjson -o diagram-log.html --axis time --check',
    );
    expect(commandLine('x.yaml', { ...run, seed: 1, variant: 'report' }, { seed: undefined, variant: '', axis: 'order', check: false })).toBe(
      'npx chitty-sim run x.yaml --trace x.ndjson && npx chitty-sim view x.ndjson -o x.html',
    );
  });
});

describe('the share link', () => {
  test('holds the scenario and the settings, compressed, and gives them back', async () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'three-participants.yaml'), 'utf8');
    const settings: PageSettings = { text, seed: 42, variant: 'no-merge', axis: 'time', check: false };
    const hash = await settingsHash(settings);
    expect(hash).toMatch(/^#s1=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(text.length);
    expect(await settingsFromHash(hash)).toEqual(settings);
    expect(await settingsFromHash(hash.slice(0, hash.length - 9))).toBeUndefined();
    expect(await settingsFromHash('#e42')).toBeUndefined();
  });
});
