/**
 * The built-in protocols from the command line, as a user meets them: each shipped scenario with
 * `run --check` (the exit code and the rule broken), the variant switched with `--variant` (and
 * `--clock`), and the errors for a wrong variant, option or command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scenarioFile } from '../helpers.js';

/** Each shipped scenario: its exit code and the violation counts its check prints. */
const SHIPPED: [file: string, code: number, counts: string | undefined][] = [
  ['ricart-agrawala.yaml', 0, undefined],
  ['ricart-agrawala-tie.yaml', 1, 'mutual-exclusion 1'],
  ['ricart-agrawala-no-merge.yaml', 1, 'receive-after-send 8, mutual-exclusion 1'],
  ['ricart-agrawala-reply-in-cs.yaml', 1, 'mutual-exclusion 1'],
  ['ricart-agrawala-crash.yaml', 0, undefined],
  ['causal-broadcast.yaml', 0, undefined],
  ['causal-broadcast-fifo.yaml', 1, 'causal-delivery 1'],
  ['causal-broadcast-no-holdback.yaml', 1, 'causal-delivery 1'],
  ['causal-broadcast-crash.yaml', 0, undefined],
];

describe('shipped scenarios of the built-in protocols', () => {
  it.each(SHIPPED)('%s: run --check exits %i', async (file, code, counts) => {
    const result = await runCli(['run', scenarioFile(file), '--check', '--quiet']);
    expect(result.code, result.stderr).toBe(code);
    if (counts === undefined) expect(result.stderr).toMatch(/: PASS: \d+ events; all 5 rules hold\.\n$/);
    else expect(result.stderr).toMatch(new RegExp(`: FAIL: \\d+ violations? in \\d+ events \\(${counts}\\)\\.\n`));
  });

  it('a bug variant reads like a sentence a student can follow', async () => {
    const tie = await runCli(['run', scenarioFile('ricart-agrawala-tie.yaml'), '--check', '--quiet']);
    expect(tie.stderr).toContain('mutual-exclusion: a enters "cs" at event 19 while b is still in it (entered at event 16): no two nodes may hold "cs" at once.');
    const fifo = await runCli(['run', scenarioFile('causal-broadcast-fifo.yaml'), '--check', '--quiet']);
    expect(fifo.stderr).toContain(
      `causal-delivery: c delivers b#1 ("hi a!") before a#1 ("hello, anyone here?"), but a#1's publish at event 0 happened before b#1's at event 4`,
    );
  });
});

describe('--variant on the command line', () => {
  it('turns a passing scenario into a failing one and back', async () => {
    const broken = await runCli(['run', scenarioFile('ricart-agrawala.yaml'), '--check', '--quiet', '--variant', 'no-tie-break']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('(mutual-exclusion 1)');
    const fixed = await runCli(['run', scenarioFile('ricart-agrawala-tie.yaml'), '--check', '--quiet', '--clock', 'correct']);
    expect(fixed.code).toBe(0);
    for (const variant of ['fifo', 'no-holdback']) {
      const result = await runCli(['run', scenarioFile('causal-broadcast.yaml'), '--check', '--quiet', '--variant', variant]);
      expect(result.code, variant).toBe(1);
      expect(result.stderr, variant).toContain('(causal-delivery 1)');
    }
  });

  it('refuses a variant the protocol does not have, listing the ones it has (exit 2)', async () => {
    const result = await runCli(['run', scenarioFile('ricart-agrawala.yaml'), '--variant', 'lamport']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown variant "lamport" of ricart-agrawala; expected one of correct, no-tie-break, no-merge, reply-in-cs');
  });
});

describe('mistakes in a scenario of a built-in protocol', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-protocols-'));
  const write = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it('a wrong variant in the file names its line and the variants (exit 2)', async () => {
    const file = write('variant.yaml', 'protocol: causal-broadcast\nvariant: total-order\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: publish, args: { text: hi } }\n');
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:10: variant: unknown variant "total-order" of causal-broadcast; expected one of causal, fifo, no-holdback`);
  });

  it('a bad option, a bad argument or an unknown command is the protocol\'s error, named (exit 2)', async () => {
    const cases: [string, string][] = [
      ['protocol: ricart-agrawala\nnodes: [a, b]\noptions: { holdMs: soon }\nsteps:\n  - { at: 0, node: a, command: request }\n', 'options.holdMs must be a number of ms from 0, not "soon"'],
      ['protocol: ricart-agrawala\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: request, args: { holdMs: -1 } }\n', 'args.holdMs must be a number of ms from 0, not -1'],
      ['protocol: ricart-agrawala\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: enter }\n', 'a Ricart-Agrawala node knows the command "request", not "enter"'],
      ['protocol: causal-broadcast\nnodes: [a, b]\nsteps:\n  - { at: 0, node: a, command: publish }\n', 'publish needs the chat text, like args: { text: "hello" }'],
    ];
    for (const [index, [text, message]] of cases.entries()) {
      const result = await runCli(['run', write(`bad-${index}.yaml`, text), '--quiet']);
      expect(result.code, message).toBe(2);
      expect(result.stderr, message).toContain(message);
      expect(result.stderr, message).not.toContain('internal error');
    }
  });
});
