/**
 * The command that started chitty-sim, as the user can type it again: what a replay hint or a
 * "did you mean" prints, so that it works however the tool was run (`npx chitty-sim` in a clone,
 * `chitty-sim` when installed, `node bin/chitty-sim.js`).
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';

/** What {@link invocationOf} looks at; {@link currentInvocation} fills it from the process. */
export interface InvocationContext {
  /** Environment variables (npm sets `npm_command` for `npx`, `npm exec` and `npm run`). */
  env: Record<string, string | undefined>;
  /** The script Node ran (`process.argv[1]`). */
  script: string;
  cwd: string;
  /** The real path of an executable file, or undefined when there is none. */
  realExecutable?: (file: string) => string | undefined;
}

const NAME = 'chitty-sim';

function realExecutableFile(file: string): string | undefined {
  try {
    accessSync(file, constants.X_OK);
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The command prefix that runs this chitty-sim again from the same folder:
 * - started by npm (`npx chitty-sim`, `npm exec`, an npm script): `npx chitty-sim`, since the
 *   `chitty-sim` that npm put on the PATH is not on the user's;
 * - found as `chitty-sim` on the PATH, the same file: `chitty-sim`;
 * - otherwise `node` and the script's path, relative to the folder when it lies inside it.
 */
export function invocationOf(context: InvocationContext): string {
  if (context.env.npm_command !== undefined && context.env.npm_command !== '') return `npx ${NAME}`;
  const realExecutable = context.realExecutable ?? realExecutableFile;
  const script = realExecutable(context.script) ?? path.resolve(context.cwd, context.script);
  for (const folder of (context.env.PATH ?? '').split(path.delimiter)) {
    if (folder === '' || !path.isAbsolute(folder)) continue;
    if (realExecutable(path.join(folder, NAME)) === script) return NAME;
  }
  const relative = path.relative(context.cwd, path.resolve(context.cwd, context.script));
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(context.cwd, context.script);
  return `node ${shellWord(shown)}`;
}

/** How this process was started, as {@link invocationOf} says. */
export function currentInvocation(): string {
  return invocationOf({ env: process.env, script: process.argv[1] ?? NAME, cwd: process.cwd() });
}

/** A word for a POSIX shell: as it is when it holds no special characters, else in single quotes. */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line for a POSIX shell. */
export function shellCommand(prefix: string, args: readonly string[]): string {
  return [prefix, ...args.map(shellWord)].join(' ');
}
