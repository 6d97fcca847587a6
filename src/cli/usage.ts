/**
 * Usage mistakes explained: the list of commands when none is named, the nearest command or
 * option when one is misspelt, a file named where a command belongs, and the command that does
 * what a wrong option value asks for. Used by the command line's failure handler; pure but for
 * {@link optionsOf}, which asks yargs, and {@link explainUsageFailure}, which looks at the process.
 */
import yargs, { type CommandModule } from 'yargs';
import { commandsFor, kindOfFile, type InputKind } from './input-kind.js';
import { currentInvocation, shellCommand } from './invocation.js';

/** A command as the list shows it. */
export interface CommandSummary {
  /** `run`. */
  name: string;
  /** `run <scenario>`. */
  usage: string;
  describe: string;
}

/** The options a command accepts, as typed: long names without dashes (`max-events`) and short ones (`o`). */
export interface KnownOptions {
  long: string[];
  short: string[];
}

/** What the user typed and what is known, for {@link explainUsage}. */
export interface UsageInput {
  /** The arguments after the program name. */
  args: readonly string[];
  /** yargs' message. */
  message: string;
  commands: readonly CommandSummary[];
  /** The options of a command (help and version included). */
  optionsOf: (command: string) => KnownOptions;
  /** How chitty-sim was started (`npx chitty-sim`, ...). */
  cli: string;
  /** The kind of an existing file, for a file named where a command belongs. */
  kindOf?: (file: string) => InputKind;
}

export function summarize(commands: readonly CommandModule<any, any>[]): CommandSummary[] {
  return commands.map((command) => {
    const usage = String(Array.isArray(command.command) ? command.command[0] : command.command);
    return { name: usage.split(' ')[0], usage, describe: typeof command.describe === 'string' ? command.describe : '' };
  });
}

/** The commands, one line each: usage and description. */
export function commandList(commands: readonly CommandSummary[]): string {
  const width = Math.max(...commands.map((command) => command.usage.length));
  return commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.describe}`).join('\n');
}

/** The options a command's builder declares, from yargs itself (so the list cannot drift), with help and version. */
export function optionsOf(command: CommandModule<any, any> | undefined): KnownOptions {
  const parser = yargs([]);
  if (typeof command?.builder === 'function') command.builder(parser);
  // getOptions() is yargs' own record of what was declared; the type definitions leave it out.
  const declared = (parser as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions();
  const positionals = new Set([...String(command?.command ?? '').matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((match) => match[1]));
  const names = Object.keys(declared.key).filter((name) => !positionals.has(name));
  return { long: [...names.filter((name) => name.length > 1), 'help', 'version'], short: [...names.filter((name) => name.length === 1), 'h', 'V'] };
}

/** Edit distance with transpositions (optimal string alignment): `sed`/`seed` 1, `veiw`/`view` 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidates nearest to a mistyped word, best first, ties in the candidates' order; none when
 * nothing is near. Near: a difference of case, `_` for `-` or camelCase for kebab-case; or an edit
 * distance of at most 1 for words of up to 4 characters (none for 2, with `prefix`), 2 up to 8, 3
 * beyond; or, with `prefix`, the beginning of one candidate only (3 characters or more).
 */
export function nearest(word: string, candidates: readonly string[], { prefix = false }: { prefix?: boolean } = {}): string[] {
  const normal = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
  const typed = normal(word);
  const exact = candidates.filter((candidate) => normal(candidate) === typed);
  if (exact.length > 0) return exact;
  const starting = prefix && typed.length >= 3 ? candidates.filter((candidate) => normal(candidate).startsWith(typed)) : [];
  if (starting.length === 1) return starting;
  const limit = typed.length <= (prefix ? 2 : 1) ? 0 : typed.length <= 4 ? 1 : typed.length <= 8 ? 2 : 3;
  if (limit === 0) return [];
  const scored = candidates.map((candidate) => ({ candidate, distance: editDistance(typed, normal(candidate)) })).filter((entry) => entry.distance <= limit);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map((entry) => entry.distance));
  return scored.filter((entry) => entry.distance === best).map((entry) => entry.candidate);
}

function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** An option as the user typed it: the token, the name without dashes and `=value`, and whether it had one dash. */
interface TypedOption {
  token: string;
  name: string;
  singleDash: boolean;
}

/** The options in the arguments, up to `--`; negative numbers are values. */
function typedOptions(args: readonly string[]): TypedOption[] {
  const found: TypedOption[] = [];
  for (const token of args) {
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    const singleDash = !token.startsWith('--');
    found.push({ token, name: token.slice(singleDash ? 1 : 2).split('=')[0], singleDash });
  }
  return found;
}

/** Hints for what an unknown option probably meant, one line each. */
function unknownOptionLines(command: string, args: readonly string[], known: KnownOptions, cli: string): string[] {
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const isLong = (name: string) => known.long.includes(name) || known.long.some((option) => camel(option) === name);
  const lines: string[] = [];
  for (const option of typedOptions(args)) {
    if (option.singleDash) {
      // -o, -q, or a run of short flags (-qh); a long name after one dash is a mistake of dashes.
      if ([...option.name].every((letter) => known.short.includes(letter))) continue;
      const long = nearest(option.name, known.long, { prefix: true });
      if (option.name.length > 1 && long.length > 0) lines.push(`unknown option ${option.token}; did you mean ${orList(long.map((name) => `--${name}`))}? (long options take two dashes)`);
      else lines.push(`unknown option ${option.token}; \`${cli} ${command} --help\` lists the options`);
      continue;
    }
    const name = option.name;
    if (isLong(name) || (name.startsWith('no-') && isLong(name.slice(3)))) continue;
    const negated = name.startsWith('no-') ? 'no-' : '';
    const guesses = nearest(name.slice(negated.length), known.long, { prefix: true });
    lines.push(guesses.length > 0 ? `unknown option --${name}; did you mean ${orList(guesses.map((guess) => `--${negated}${guess}`))}?` : `unknown option --${name}; \`${cli} ${command} --help\` lists the options`);
  }
  return lines;
}

/** The arguments with each misspelt long option replaced by its one nearest option, if it has one. */
function correctedOptions(args: readonly string[], known: KnownOptions): string[] {
  return args.map((token) => {
    if (!token.startsWith('--') || token === '--') return token;
    const [name, ...value] = token.slice(2).split('=');
    if (known.long.includes(name) || (name.startsWith('no-') && known.long.includes(name.slice(3)))) return token;
    const guesses = nearest(name, known.long, { prefix: true });
    return guesses.length === 1 ? `--${[guesses[0], ...value].join('=')}` : token;
  });
}

/** Values of an option that another command gives: `export --format svg` is `render`. */
const VALUE_HINTS: { command: string; option: string; alias: string; hint: (value: string, trace: string, cli: string) => string | undefined }[] = [
  {
    command: 'export',
    option: 'format',
    alias: 'f',
    hint: (value, trace, cli) => {
      const format = value.toLowerCase();
      if (format === 'svg' || format === 'png') return `export writes shiviz, mermaid, tikz or trace; a diagram as ${format.toUpperCase()} is drawn by render:\n  ${shellCommand(cli, ['render', trace, '-o', `${trace.replace(/\.[^./]*$/, '') || 'diagram'}.${format}`])}`;
      if (format === 'html') return `export writes shiviz, mermaid, tikz or trace; an interactive HTML page is written by view:\n  ${shellCommand(cli, ['view', trace, '-o', `${trace.replace(/\.[^./]*$/, '') || 'diagram'}.html`])}`;
      return undefined;
    },
  },
];

/**
 * The first argument after the command that is neither an option nor, as far as can be told
 * without the option types, an option's value (the word after an option without `=`).
 */
function firstPositional(args: readonly string[], commandIndex: number): string | undefined {
  for (let k = commandIndex + 1; k < args.length; k++) {
    const token = args[k];
    if (token.startsWith('-')) continue;
    const previous = args[k - 1];
    if (k - 1 > commandIndex && previous.startsWith('-') && !previous.includes('=')) continue;
    return token;
  }
  return undefined;
}

/** The value given to `--option`/`-o`, the last one when given twice. */
function optionValue(args: readonly string[], option: string, alias: string): string | undefined {
  let value: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const token = args[k];
    if (token === `--${option}` || token === `-${alias}`) value = args[k + 1];
    else if (token.startsWith(`--${option}=`)) value = token.slice(option.length + 3);
  }
  return value;
}

/**
 * What to print for a usage failure: an explanation with the nearest command, option or the
 * command that reads a named file, or yargs' message when there is nothing better to say.
 * @returns the lines to print after `chitty-sim: ` (no trailing newline).
 */
export function explainUsage(input: UsageInput): string {
  const { args, commands, cli } = input;
  const names = commands.map((command) => command.name);
  const firstWord = args.find((arg) => !arg.startsWith('-'));
  const help = `Run \`${cli} --help\` for usage.`;
  if (firstWord === undefined) {
    return `name a command:\n${commandList(commands)}\nRun \`${cli} COMMAND --help\` for a command's options and examples.`;
  }
  if (!names.includes(firstWord)) {
    const rest = args.slice(args.indexOf(firstWord) + 1);
    const kind = input.kindOf?.(firstWord) ?? 'unknown';
    if (kind !== 'unknown') {
      const readers = commandsFor(kind, firstWord, cli);
      return `${firstWord} is a file, not a command${readers.length > 0 ? `; did you mean:\n${readers.map((line) => `  ${line}`).join('\n')}` : ''}\n${help}`;
    }
    const guesses = nearest(firstWord, names);
    if (guesses.length === 1) return `unknown command "${firstWord}"; did you mean \`${shellCommand(cli, [guesses[0], ...correctedOptions(rest, input.optionsOf(guesses[0]))])}\`?`;
    if (guesses.length > 1) return `unknown command "${firstWord}"; did you mean ${orList(guesses)}?`;
    return `unknown command "${firstWord}"; the commands are ${orList(names)}.\n${help}`;
  }
  for (const { command, option, alias, hint } of VALUE_HINTS) {
    if (firstWord !== command) continue;
    const value = optionValue(args, option, alias);
    const text = value === undefined ? undefined : hint(value, firstPositional(args, args.indexOf(firstWord)) ?? 'TRACE', cli);
    if (text !== undefined) return `${command} --${option} ${value}: ${text}`;
  }
  const unknown = unknownOptionLines(firstWord, args, input.optionsOf(firstWord), cli);
  if (unknown.length > 0) return unknown.map((line) => `${firstWord}: ${line}`).join('\n');
  const missing = /^Not enough non-option arguments/.test(input.message);
  const summary = commands.find((command) => command.name === firstWord)!;
  if (missing) return `${firstWord}: missing an argument; usage: ${cli} ${summary.usage} [options]\nRun \`${cli} ${firstWord} --help\` for its options and examples.`;
  return `${input.message}\nRun \`${cli} ${firstWord} --help\` for its options and examples.`;
}

/** {@link explainUsage} for this process: its commands, how it was started, the files it names. */
export function explainUsageFailure(args: readonly string[], message: string, commands: readonly CommandModule<any, any>[]): string {
  const summaries = summarize(commands);
  return explainUsage({
    args,
    message,
    commands: summaries,
    optionsOf: (name) => optionsOf(commands[summaries.findIndex((summary) => summary.name === name)]),
    cli: currentInvocation(),
    kindOf: kindOfFile,
  });
}
