/**
 * The `chitty-sim` command line. Each command lives in `commands/` and loads its heavy modules
 * (the simulator, d3-node) only when it runs, so `--help` stays fast.
 */
import yargs, { type CommandModule } from 'yargs';
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
import { protocolsCommand } from './commands/protocols.js';
import { newCommand } from './commands/new.js';
import { mendHelpOutput } from './help-text.js';
import { explainUsageFailure } from './usage.js';
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

/** Every command, in the order the help and the list of commands show them. */
const COMMANDS: CommandModule<any, any>[] = [runCommand, renderCommand, checkCommand, protocolsCommand, newCommand, presetsCommand, fuzzCommand, exploreCommand, exportCommand, viewCommand];

async function main(argv: string[]): Promise<void> {
  mendHelpOutput();
  await yargs(argv)
    .scriptName('chitty-sim')
    .usage('$0 <command> [options]\n\nA deterministic simulator of distributed protocols (Chitty-Chat, the built-ins, or your own): Lamport and vector clocks, a clock checker, and Lamport diagrams.')
    .command(COMMANDS)
    .demandCommand(1, 'Name a command.')
    .strict()
    // Messages in one language: the explanations around them are English.
    .locale('en')
    .version(version)
    .alias('h', 'help')
    .alias('V', 'version')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 130 interrupted.')
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`chitty-sim: ${explainUsageFailure(argv, message, COMMANDS)}\n`);
      process.exit(EXIT.badInput);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch(reportError);
