/**
 * What kind of file an input is, told from its first bytes: a scenario (YAML), a chitty-sim trace,
 * a ShiViz (GoVector) log, a JavaScript or TypeScript module (a protocol), `check --json` output,
 * or a diagram. A command given the wrong kind says which command or flag reads it, instead of
 * a parser's complaint about the first character.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { currentInvocation, shellCommand } from './invocation.js';

export type InputKind = 'scenario' | 'trace' | 'shiviz' | 'module' | 'check-result' | 'svg' | 'png' | 'html' | 'unknown';

/** What a command reads. */
export type ExpectedInput = 'scenario' | 'trace' | 'shiviz';

/** How many bytes are read to tell a file's kind. */
export const HEAD_BYTES = 4096;

/** Top-level keys of a scenario file. */
const SCENARIO_KEYS = new Set(['name', 'seed', 'protocol', 'clock', 'variant', 'start', 'network', 'clocks', 'nodes', 'options', 'steps', 'timeouts', 'generate', 'schedule']);
const MODULE_EXTENSION = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/i;
const YAML_EXTENSION = /\.ya?ml$/i;
/** The first statement of a JavaScript or TypeScript module. */
const MODULE_STATEMENT =
  /^(?:import\s*[\w{*'"(]|export\s|(?:const|let|var)\s+[\w{[$]|(?:async\s+)?function\b|class\s|interface\s|type\s+\w+\s*[=<]|enum\s|declare\s|module\.exports\b|exports\.\w|require\s*\(|['"]use strict['"])/;
/** A ShiViz log's regular expression, or a GoVector clock line `host {"host":1}`. */
const SHIVIZ_REGEX_LINE = /\(\?<(?:event|host|clock)>/;
const SHIVIZ_CLOCK_LINE = /^(\S*) (\{.*\})\s*$/;

function isClock(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).length > 0 && Object.values(value).every((count) => typeof count === 'number');
  } catch {
    return false;
  }
}

/** The JSON value of a line, or undefined when it is not JSON. */
function jsonOf(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * The kind of a file from its first bytes (up to {@link HEAD_BYTES}) and, for modules and YAML,
 * its name. Says `unknown` rather than guess: a command refuses a file only for a kind it is sure of.
 */
export function kindOfHead(head: Uint8Array, fileName = ''): InputKind {
  if (head.length >= 8 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'png';
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  const comments = String.raw`(?:<!--[\s\S]*?-->\s*)*`;
  if (new RegExp(String.raw`^(?:<\?xml[^>]*\?>\s*)?${comments}(?:<!DOCTYPE svg[^>]*>\s*${comments})?<svg\b`, 'i').test(start)) return 'svg';
  if (new RegExp(String.raw`^${comments}(?:<!DOCTYPE html\b|<html\b)`, 'i').test(start)) return 'html';
  if (/^\{\s*"status"\s*:\s*"(?:pass|fail)"/.test(start) || /^\[\s*\{\s*"rule"\s*:/.test(start)) return 'check-result';

  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  const filled = lines.filter((line) => line.trim() !== '');
  const first = filled[0]?.trimStart() ?? '';
  if (first.startsWith('{')) {
    const value = jsonOf(first);
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.format === 'chitty-sim-trace' || ('i' in record && 'node' in record && 'kind' in record)) return 'trace';
    }
  }
  if (SHIVIZ_REGEX_LINE.test(first)) return 'shiviz';
  if (filled.slice(0, 4).some((line) => SHIVIZ_CLOCK_LINE.test(line) && isClock(SHIVIZ_CLOCK_LINE.exec(line)![2]))) return 'shiviz';

  if (/^#!.*\b(?:node|deno|bun|tsx|ts-node)\b/.test(first)) return 'module';
  const code = filled.filter((line) => !line.startsWith('#!'));
  const firstCode = code[0]?.trimStart() ?? '';
  if (firstCode.startsWith('//') || firstCode.startsWith('/*') || MODULE_STATEMENT.test(firstCode)) return 'module';

  const yamlLines = filled.filter((line) => !line.startsWith('#') && line !== '---' && !line.startsWith('%YAML'));
  const keyOf = (line: string) => /^([A-Za-z_][\w-]*)\s*:(?:\s|$)/.exec(line)?.[1];
  if (yamlLines.length > 0 && keyOf(yamlLines[0]) !== undefined) {
    if (YAML_EXTENSION.test(fileName) || yamlLines.some((line) => SCENARIO_KEYS.has(keyOf(line) ?? ''))) return 'scenario';
  }
  if (MODULE_EXTENSION.test(fileName)) return 'module';
  return 'unknown';
}

/** The kind of a regular file; `unknown` for what cannot be read or must not be read twice (a pipe). */
export function kindOfFile(file: string): InputKind {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile()) return 'unknown';
    fd = openSync(file, 'r');
    const head = new Uint8Array(HEAD_BYTES);
    const length = readSync(fd, head, 0, HEAD_BYTES, 0);
    return kindOfHead(head.subarray(0, length), file);
  } catch {
    return 'unknown';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How a message names a kind. */
const KIND_NAMES: Record<Exclude<InputKind, 'unknown'>, string> = {
  scenario: 'a scenario (YAML)',
  trace: 'a chitty-sim trace',
  shiviz: 'a ShiViz (GoVector) log',
  module: 'a JavaScript/TypeScript module',
  'check-result': 'the output of `chitty-sim check --json`',
  svg: 'an SVG diagram',
  png: 'a PNG diagram',
  html: 'an HTML page (`chitty-sim view` writes them)',
};

const EXPECTED_NAMES: Record<ExpectedInput, string> = { scenario: 'a scenario', trace: 'a trace', shiviz: 'a ShiViz log' };

/** What the user ran: the command prefix and the arguments, to print corrected. */
export interface CommandLine {
  /** How chitty-sim was started (`npx chitty-sim`, ...). */
  cli: string;
  /** The arguments after it, the command first. */
  args: readonly string[];
}

function stem(file: string): string {
  return path.basename(file).replace(/\.[^.]*$/, '') || 'run';
}

/** Where suggested commands put what they write: `out/NAME.EXT` (git ignores out/). */
function outFile(file: string, extension: string): string {
  return `out/${stem(file)}.${extension}`;
}

/** Lines `what:  command`, the commands aligned so that each can be copied whole. */
function aligned(entries: [what: string, command: string][]): string[] {
  const width = Math.max(...entries.map(([what]) => what.length)) + 1;
  return entries.map(([what, command]) => `${`${what}:`.padEnd(width)}  ${command}`);
}

/** The arguments without `--from shiviz` (or `--from=shiviz`). */
function withoutFromShiviz(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--from' && args[k + 1]?.toLowerCase() === 'shiviz') k++;
    else if (args[k].toLowerCase() !== '--from=shiviz') out.push(args[k]);
  }
  return out;
}

/** What reads a file of `kind`, as lines to print: `what:  command`. */
export function commandsFor(kind: InputKind, file: string, cli: string): string[] {
  const command = (...args: string[]) => shellCommand(cli, args);
  switch (kind) {
    case 'scenario':
      return aligned([
        ['run it', command('run', file)],
        ['run and check it', command('run', file, '--check')],
      ]);
    case 'trace':
      return aligned([
        ['draw it', command('render', file, '-o', outFile(file, 'svg'))],
        ['check it', command('check', file)],
        ['explore it', command('view', file, '-o', outFile(file, 'html'))],
      ]);
    case 'shiviz':
      return aligned([
        ['draw it', command('render', file, '--from', 'shiviz', '-o', outFile(file, 'svg'))],
        ['check it', command('check', file, '--from', 'shiviz')],
        ['make it a trace', command('export', file, '--from', 'shiviz', '--format', 'trace', '-o', outFile(file, 'ndjson'))],
      ]);
    case 'module':
      return [`a scenario names a protocol module with \`protocol: ./${path.basename(file)}\`, and \`${cli} run SCENARIO.yaml\` runs it`];
    case 'check-result':
      return aligned([['mark its violations on the diagram of the trace checked', command('render', 'TRACE', '--violations', file, '-o', outFile(file, 'svg'))]]);
    default:
      return [];
  }
}

/**
 * Why `file`, of `kind`, is not what the command expects, and what reads it; undefined when the
 * kind fits or is unknown (then the parser's own error stands).
 * @param command - the command run (`render`, `run`, ...).
 * @param line - what the user ran, for corrected commands.
 */
export function wrongKindMessage(file: string, kind: InputKind, expected: ExpectedInput, command: string, line: CommandLine): string | undefined {
  if (kind === 'unknown' || kind === expected) return undefined;
  const { cli, args } = line;
  const head = `${file} is ${KIND_NAMES[kind]}, not ${EXPECTED_NAMES[expected]}`;
  const indent = (lines: string[]) => lines.map((text) => `  ${text}`).join('\n');
  if (expected !== 'scenario' && kind === 'scenario') {
    const trace = outFile(file, 'ndjson');
    const again = args.map((arg) => (arg === file ? trace : arg));
    const steps = [shellCommand(cli, ['run', file, '--trace', trace]), shellCommand(cli, again)];
    const both = command === 'check' ? ['run', file, '--check'] : command === 'render' ? ['run', file, '--svg', outFile(file, 'svg')] : undefined;
    return `${head}: run it to write its trace, then ${command} that:\n${indent(steps)}${both ? `\nor both at once:\n  ${shellCommand(cli, both)}` : ''}`;
  }
  if (expected === 'trace' && kind === 'shiviz') {
    const hasFrom = args.some((arg) => arg === '--from' || arg.startsWith('--from='));
    return `${head}; ${command} reads it with --from shiviz${hasFrom ? '' : `:\n  ${shellCommand(cli, [...args, '--from', 'shiviz'])}`}`;
  }
  if (expected === 'shiviz' && kind === 'trace') return `${head}: leave out --from shiviz:\n  ${shellCommand(cli, withoutFromShiviz(args))}`;
  if (kind === 'svg' || kind === 'png' || kind === 'html') {
    return `${head}: ${command} reads ${expected === 'scenario' ? 'a scenario file (YAML)' : 'the trace the diagram was drawn from (`run --trace FILE` writes one)'}`;
  }
  const readers = commandsFor(kind, file, cli);
  return `${head}${readers.length > 0 ? `:\n${indent(readers)}` : ''}`;
}

/**
 * Refuses an input of the wrong kind with a message that says what reads it (exit 2). Files that
 * are not regular files (pipes) are not looked at: they can be read only once.
 * @throws InputError
 */
export function refuseWrongKind(file: string, expected: ExpectedInput, command: string): void {
  const message = wrongKindMessage(file, kindOfFile(file), expected, command, { cli: currentInvocation(), args: process.argv.slice(2) });
  if (message !== undefined) throw new InputError(message);
}
