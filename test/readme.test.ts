/**
 * The README's examples, run as a reader would run them: every command it shows, in a folder of
 * its own with the shipped scenarios, and every transcript (`$ command` followed by its output)
 * compared line by line with what the command prints. A README that drifts from the tool fails.
 *
 * In a transcript, a line `...` stands for any number of lines, and a line ending in `...` for any
 * line that starts with the text before it. Durations and rates (`1.3 s`, `7,309 executions/s`)
 * differ from machine to machine and are compared as numbers of any value.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers.js';

interface Block {
  /** The info string after the opening fence: `sh`, `yaml`, or empty. */
  lang: string;
  /** The README line of the block's first line. */
  line: number;
  lines: string[];
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (fence !== null) {
      if (open === undefined) open = { lang: fence[1], line: index + 2, lines: [] };
      else (blocks.push(open), (open = undefined));
    } else if (open !== undefined) open.lines.push(text);
  });
  return blocks;
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const BLOCKS = codeBlocks(README);

/** A YAML block whose first line is `# NAME.yaml` is a file the examples use. */
const FILES = BLOCKS.filter((block) => block.lang === 'yaml' && /^# [\w.-]+\.ya?ml$/.test(block.lines[0] ?? '')).map((block) => ({
  name: block.lines[0].slice(2),
  text: block.lines.join('\n') + '\n',
}));

interface Transcript {
  line: number;
  command: string;
  output: string[];
}

/** `$ command` lines and the output shown under each, from every block that has them. */
const TRANSCRIPTS: Transcript[] = BLOCKS.filter((block) => block.lines[0]?.startsWith('$ ')).flatMap((block) => {
  const found: Transcript[] = [];
  block.lines.forEach((text, index) => {
    if (text.startsWith('$ ')) found.push({ line: block.line + index, command: text.slice(2), output: [] });
    else found[found.length - 1].output.push(text);
  });
  return found;
});

/** `npx chitty-sim ...` lines of shell blocks: commands to run, with the comment after `#` dropped. */
const COMMANDS = BLOCKS.filter((block) => block.lang === 'sh').flatMap((block) =>
  block.lines
    .map((text, index) => ({ line: block.line + index, command: text.replace(/\s+#\s.*$/, '').trim() }))
    .filter((entry) => entry.command.startsWith('npx chitty-sim ')),
);

/** Usage synopses: blocks whose first line is `chitty-sim COMMAND ...`. */
const SYNOPSES = BLOCKS.filter((block) => /^chitty-sim [a-z]+ /.test(block.lines[0] ?? '')).map((block) => ({
  line: block.line,
  command: block.lines[0].split(' ')[1],
  flags: [...block.lines.join(' ').matchAll(/(?<![\w-])--?[a-z][\w-]*/g)].map((match) => match[0]),
}));

let folder: string;
/** Runs chitty-sim as `npx chitty-sim` does: npm's environment makes its hints say `npx chitty-sim`. */
const ENV = { ...process.env, npm_command: 'exec', NO_COLOR: '1', FORCE_COLOR: '0' };

/** A shell command line of the README, with `npx chitty-sim` run from this checkout. */
function shellLine(command: string): string {
  return command.replaceAll('npx chitty-sim', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
}

/** Runs a README command line in the examples' folder; stdout and stderr together, as a terminal shows them. */
function runLine(command: string): { status: number | null; output: string } {
  const result = spawnSync('sh', ['-c', `${shellLine(command)} 2>&1`], { cwd: folder, env: ENV, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: result.stdout };
}

const NUMBER = String.raw`[\d][\d,]*(?:\.\d+)?`;
const VARYING = new RegExp(String.raw`${NUMBER} (s|ms|runs/s|executions/s|events/s)\b`, 'g');

function normalised(line: string): string {
  return line.replace(VARYING, '# $1').trimEnd();
}

/** Whether the printed lines match the shown ones (`...` lines and line ends as the header says). */
function matches(shown: string[], printed: string[]): boolean {
  const expected = shown.map(normalised);
  const actual = printed.map(normalised);
  const at = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    if (expected[i] === '...') {
      for (let k = j; k <= actual.length; k++) if (at(i + 1, k)) return true;
      return false;
    }
    if (j === actual.length) return false;
    const line = expected[i];
    const same = line.endsWith('...') ? actual[j].startsWith(line.slice(0, -3)) : actual[j] === line;
    return same && at(i + 1, j + 1);
  };
  return at(0, 0);
}

function printedLines(output: string): string[] {
  const lines = output.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-readme-'));
  cpSync(path.join(ROOT, 'scenarios'), path.join(folder, 'scenarios'), { recursive: true });
  for (const file of FILES) writeFileSync(path.join(folder, file.name), file.text);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('README.md', () => {
  it('shows examples to test', () => {
    expect(TRANSCRIPTS.length).toBeGreaterThanOrEqual(5);
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
    expect(SYNOPSES.length).toBeGreaterThanOrEqual(4);
  });

  it('matches transcripts the way they are meant: "..." lines, "..." ends, any duration', () => {
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', '...'], ['a'])).toBe(true);
    expect(matches(['a: ...'], ['a: b c'])).toBe(true);
    expect(matches(['in 0.9 s, 112 runs/s'], ['in 12.5 s, 1,024 runs/s'])).toBe(true);
    expect(matches(['a', 'b'], ['a'])).toBe(false);
    expect(matches(['a'], ['a', 'b'])).toBe(false);
    expect(matches(['a: ...'], ['b: a'])).toBe(false);
    expect(matches(['run 7'], ['run 0'])).toBe(false);
  });

  // In the README's order: later examples read what earlier ones wrote (out/run.ndjson).
  for (const entry of COMMANDS) {
    it(`runs README.md:${entry.line}: ${entry.command}`, () => {
      // `&& pdflatex run.tex` and the like are other tools' steps: the chitty-sim part runs here.
      const command = entry.command.split(' && ')[0].replace(/\s*>>\s*\S+$/, '');
      if (command.includes('--from shiviz') && command.includes(' go.log ')) {
        // A GoVector log stands in for go.log: the ShiViz log an earlier example exported.
        cpSync(path.join(folder, 'out', 'run.shiviz.log'), path.join(folder, 'go.log'));
      }
      const { status, output } = runLine(command);
      expect(output).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      // Exit 1 is a verdict (a violation found and shown), not a failure of the example.
      expect([0, 1], output).toContain(status);
      if (status === 1) expect(command).toMatch(/--check|\bcheck\b|fuzz|explore/);
    });
  }

  for (const transcript of TRANSCRIPTS) {
    it(`prints what README.md:${transcript.line} shows for: ${transcript.command}`, () => {
      const { output } = runLine(transcript.command);
      const printed = printedLines(output);
      if (!matches(transcript.output, printed)) {
        expect(printed.join('\n'), `README.md:${transcript.line}: ${transcript.command}`).toBe(transcript.output.join('\n'));
      }
    });
  }

  for (const synopsis of SYNOPSES) {
    it(`knows every option the synopsis at README.md:${synopsis.line} shows for ${synopsis.command}`, () => {
      const help = execFileSync(process.execPath, [CLI, synopsis.command, '--help'], { cwd: folder, env: ENV, encoding: 'utf8' });
      const unknown = synopsis.flags.filter((flag) => !new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(help));
      expect(unknown, help).toEqual([]);
    });
  }
});
