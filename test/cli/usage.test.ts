/**
 * Usage as a newcomer meets it: the commands listed when none is named, "did you mean" for a
 * misspelt command or option, the command that does what a wrong option value asks for, and help
 * texts that read right. Every usage mistake exits 2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { separateGluedNotes } from '../../src/cli/help-text.js';
import { editDistance, explainUsage, nearest, type CommandSummary, type KnownOptions } from '../../src/cli/usage.js';
import { CLI, ROOT, runCli, scenarioFile } from '../helpers.js';

/** Without npm around it, as from a shell in the project folder: hints say `node bin/chitty-sim.js`. */
const env = { ...process.env, npm_command: undefined, npm_lifecycle_event: undefined };
const cli = (args: string[]) => runCli(args, { env });
const PREFIX = 'node bin/chitty-sim.js';
const COMMAND_NAMES = ['run', 'render', 'check', 'presets', 'fuzz', 'export', 'view'];

/** The commands `--help` lists, in its order: what the list and the help checks below go by. */
async function helpCommands(): Promise<string[]> {
  const help = (await cli(['--help'])).stdout;
  return [...help.matchAll(/^ {2}chitty-sim (\S+)/gm)].map((match) => match[1]);
}

describe('nearest', () => {
  it('measures edits, a swap of neighbours counting one', () => {
    expect(editDistance('sed', 'seed')).toBe(1);
    expect(editDistance('veiw', 'view')).toBe(1);
    expect(editDistance('rn', 'run')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('check', 'check')).toBe(0);
  });

  it('suggests what is near, ties in order, and nothing for what is far', () => {
    expect(nearest('rn', COMMAND_NAMES)).toEqual(['run']);
    expect(nearest('chek', COMMAND_NAMES)).toEqual(['check']);
    expect(nearest('exprot', COMMAND_NAMES)).toEqual(['export']);
    expect(nearest('preset', COMMAND_NAMES)).toEqual(['presets']);
    expect(nearest('RUN', COMMAND_NAMES)).toEqual(['run']);
    expect(nearest('frobnicate', COMMAND_NAMES)).toEqual([]);
    expect(nearest('x', COMMAND_NAMES)).toEqual([]);
    const options = ['seed', 'clock', 'trace', 'vc', 'log-format', 'quiet', 'svg', 'loss', 'duplicate', 'delay', 'until', 'check', 'help', 'version'];
    expect(nearest('sed', options, { prefix: true })).toEqual(['seed']);
    expect(nearest('log_format', options, { prefix: true })).toEqual(['log-format']);
    expect(nearest('logFormat', options, { prefix: true })).toEqual(['log-format']);
    expect(nearest('dup', options, { prefix: true })).toEqual(['duplicate']);
    // "los" is the beginning of loss only, but one edit from loss as well: one answer either way.
    expect(nearest('los', options, { prefix: true })).toEqual(['loss']);
    // Two letters are too few to guess from.
    expect(nearest('sv', options, { prefix: true })).toEqual([]);
    expect(nearest('o', options, { prefix: true })).toEqual([]);
    expect(nearest('to', ['from', 'to', 'nodes'], { prefix: true })).toEqual(['to']);
  });
});

describe('explainUsage', () => {
  const commands: CommandSummary[] = COMMAND_NAMES.map((name) => ({ name, usage: name === 'run' ? 'run <scenario>' : name, describe: `the ${name} command` }));
  const known: KnownOptions = { long: ['seed', 'svg', 'trace', 'help', 'version'], short: ['q', 'h', 'V'] };
  const explain = (args: string[], message = 'Unknown arguments') => explainUsage({ args, message, commands, optionsOf: () => known, cli: 'chitty-sim' });

  it('lists the commands when none is named', () => {
    expect(explain([], 'Name a command.')).toBe(
      ['name a command:', ...commands.map((command) => `  ${command.usage.padEnd(14)}  ${command.describe}`), 'Run `chitty-sim COMMAND --help` for a command\'s options and examples.'].join('\n'),
    );
  });

  it('corrects a command and its options in one suggestion', () => {
    expect(explain(['rn', 'x.yaml', '--sed', '3'])).toBe('unknown command "rn"; did you mean `chitty-sim run x.yaml --seed 3`?');
    expect(explain(['rn', 'my file.yaml'])).toBe("unknown command \"rn\"; did you mean `chitty-sim run 'my file.yaml'`?");
  });

  it('names each unknown option with its nearest, dashes included', () => {
    expect(explain(['run', 'x.yaml', '--sed', '3', '--tarce=t.ndjson'])).toBe('run: unknown option --sed; did you mean --seed?\nrun: unknown option --tarce; did you mean --trace?');
    expect(explain(['run', 'x.yaml', '-seed', '3'])).toBe('run: unknown option -seed; did you mean --seed? (long options take two dashes)');
    expect(explain(['run', 'x.yaml', '--no-svgg'])).toBe('run: unknown option --no-svgg; did you mean --no-svg?');
    expect(explain(['run', 'x.yaml', '--frob'])).toBe('run: unknown option --frob; `chitty-sim run --help` lists the options');
    // Known ones, short flags run together, negations, values after -- and negative numbers are not unknown.
    expect(explain(['run', 'x.yaml', '--seed', '-3', '-qh', '--no-trace', '--', '--sed'], 'other message')).toBe('other message\nRun `chitty-sim run --help` for its options and examples.');
  });

  it('sends export --format svg, png and html to the command that writes them', () => {
    expect(explain(['export', 'out/run.ndjson', '--format', 'svg'])).toBe('export --format svg: export writes shiviz, mermaid, tikz or trace; a diagram as SVG is drawn by render:\n  chitty-sim render out/run.ndjson -o out/run.svg');
    expect(explain(['export', '-f', 'PNG', 'run.ndjson'])).toBe('export --format PNG: export writes shiviz, mermaid, tikz or trace; a diagram as PNG is drawn by render:\n  chitty-sim render run.ndjson -o run.png');
    expect(explain(['export', '--format=html', 'run.ndjson'])).toMatch(/an interactive HTML page is written by view:\n {2}chitty-sim view run\.ndjson -o run\.html$/);
  });
});

describe('the command line', () => {
  it('without a command lists the commands, one line each, and exits 2', async () => {
    const names = await helpCommands();
    expect(names).toEqual(expect.arrayContaining(COMMAND_NAMES));
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('chitty-sim: name a command:');
    const listed = lines.slice(1, -1);
    expect(listed.map((line) => line.trim().split(' ')[0])).toEqual(names);
    for (const line of listed) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toBe(`Run \`${PREFIX} COMMAND --help\` for a command's options and examples.`);
  });

  it('says "did you mean" for a misspelt command or option, and exits 2', async () => {
    const cases: [string[], string][] = [
      [['rn', 'x.yaml'], `chitty-sim: unknown command "rn"; did you mean \`${PREFIX} run x.yaml\`?\n`],
      [['run', scenarioFile('three-participants.yaml'), '--sed', '3'], 'chitty-sim: run: unknown option --sed; did you mean --seed?\n'],
      [['render', 'x.ndjson', '--ouput', 'x.svg'], 'chitty-sim: render: unknown option --ouput; did you mean --output?\n'],
      [['check', 'x.ndjson', '--thread', '1'], 'chitty-sim: check: unknown option --thread; did you mean --threads?\n'],
      [['fuzz', '--run', '3'], 'chitty-sim: fuzz: unknown option --run; did you mean --runs?\n'],
      [['export', 'x.ndjson', '--format', 'svg'], `chitty-sim: export --format svg: export writes shiviz, mermaid, tikz or trace; a diagram as SVG is drawn by render:\n  ${PREFIX} render x.ndjson -o x.svg\n`],
      [['run'], `chitty-sim: run: missing an argument; usage: ${PREFIX} run <scenario> [options]\nRun \`${PREFIX} run --help\` for its options and examples.\n`],
    ];
    for (const [args, stderr] of cases) {
      const result = await cli(args);
      expect(result.stderr, args.join(' ')).toBe(stderr);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });

  it('takes a file named where the command belongs for what it is', async () => {
    const result = await cli([scenarioFile('three-participants.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/three-participants\.yaml is a file, not a command; did you mean:\n {2}run it: +node bin\/chitty-sim\.js run \S+three-participants\.yaml\n/);
  });
});

describe('help', () => {
  it('puts an option type glued to a description that fills its column on a line of its own', () => {
    const glued = '  -f, --format      tikz: a tikzpicture; trace: NDJSON[string] [required] [choices: "a", "b"]';
    expect(separateGluedNotes(`Options:\n${glued}\n  -o  x  [string]`)).toBe(
      `Options:\n  -f, --format      tikz: a tikzpicture; trace: NDJSON\n${'[string] [required] [choices: "a", "b"]'.padStart(glued.length)}\n  -o  x  [string]`,
    );
  });

  it('of every command has no glued types, and the top level and presets say what they do', async () => {
    for (const command of await helpCommands()) {
      const help = (await cli([command, '--help'])).stdout;
      expect(help, command).not.toMatch(/\S\[(?:string|number|boolean|array|required|choices:|default:)/);
    }
    expect((await cli(['--help'])).stdout).toMatch(/render <trace> +Draw a trace as a Lamport space-time diagram \(SVG or PNG\)/);
    expect((await cli(['export', '--help'])).stdout).toMatch(/trace: NDJSON\n +\[string\] \[required\]/);
    const presets = (await cli(['presets', '--help'])).stdout;
    expect(presets).toMatch(/Examples:\n {2}chitty-sim presets /);
    expect(presets).toContain('--clock no-merge --check');
  });
});

/** util-linux `script` gives a command a pseudo-terminal; outside CI, the terminal test is skipped without it. */
const SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') === true;
const IN_CI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const NO_SCRIPT = "util-linux's `script` is not on PATH (Debian: bsdutils)";

describe.skipIf(!SCRIPT && !IN_CI)(`a terminal${SCRIPT || IN_CI ? '' : ` [skipped: ${NO_SCRIPT}]`}`, () => {
  /** Runs the CLI with standard output on a pseudo-terminal (util-linux `script`). */
  function inTerminal(args: string[]): { code: number; output: string } {
    const command = [process.execPath, CLI, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    try {
      return { code: 0, output: execFileSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env }) };
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      return { code: failure.status, output: failure.stdout };
    }
  }

  it('gets no HTML page or PNG bytes: view and render --png ask for -o first', () => {
    const trace = 'test/diagram/fixtures/diagram-log.ndjson';
    const view = inTerminal(['view', trace]);
    expect(view.code).toBe(2);
    expect(view.output).toMatch(/^chitty-sim: view writes a whole HTML page: give -o FILE\.html/);
    expect(view.output).not.toContain('<html');
    const png = inTerminal(['render', trace, '--png']);
    expect(png.code).toBe(2);
    expect(png.output).toMatch(/^chitty-sim: --png: give -o FILE\.png/);
  });
});
