/**
 * The `chitty-sim` command line. Each command lives in `commands/` and loads its heavy modules
 * (the simulator, d3-node) only when it runs, so `--help` stays fast.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { createRequire } from 'node:module';
import { EXIT, InputError } from './errors.js';
import { ProtocolLoadError } from './protocol-load-error.js';
import { userFrames } from './user-stack.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import { runCommand } from './commands/run.js';
import { renderCommand } from './commands/render.js';
import { checkCommand } from './commands/check.js';
import { presetsCommand } from './commands/presets.js';
import { fuzzCommand } from './commands/fuzz.js';
import { exportCommand } from './commands/export.js';
import { viewCommand } from './commands/view.js';
import { exploreCommand } from './commands/explore.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Prints an error the user can act on and sets the exit code; stack traces only with CHITTY_SIM_DEBUG. */
export function reportError(error: unknown): void {
  if (error instanceof InputError) {
    process.stderr.write(`chitty-sim: ${error.message}\n`);
    process.exitCode = EXIT.badInput;
    return;
  }
  if (error instanceof NodeHandlerError || error instanceof ProtocolLoadError) {
    // The user's own code failed: their frames, which they need, and none of ours.
    const frames = userFrames(error.cause);
    process.stderr.write(`chitty-sim: ${error.message}\n${frames.length > 0 ? frames.join('\n') + '\n' : ''}`);
    process.exitCode = EXIT.badInput;
    return;
  }
  const detail = process.env.CHITTY_SIM_DEBUG ? String((error as Error)?.stack ?? error) : String((error as Error)?.message ?? error);
  process.stderr.write(`chitty-sim: internal error: ${detail}\n(set CHITTY_SIM_DEBUG=1 for the stack trace, and please report it)\n`);
  process.exitCode = 70;
}

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('chitty-sim')
    .usage('$0 <command> [options]\n\nA deterministic simulator of Chitty-Chat: Lamport and vector clocks, a clock checker, and Lamport diagrams.')
    .command(runCommand)
    .command(renderCommand)
    .command(checkCommand)
    .command(presetsCommand)
    .command(fuzzCommand)
    .command(exportCommand)
    .command(viewCommand)
    .command(exploreCommand)
    .demandCommand(1, 'Name a command; see the list above.')
    .strict()
    .version(version)
    .alias('h', 'help')
    .alias('V', 'version')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 130 interrupted.')
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`chitty-sim: ${message}\nRun \`chitty-sim --help\` for usage.\n`);
      process.exit(EXIT.badInput);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch(reportError);
