// Runs `chitty-sim export` from the built command module with the error handling of src/cli/main.ts,
// so that the command is tested before (and whether or not) main.ts registers it.
import yargs from 'yargs';
import { exportCommand } from '../../dist/cli/commands/export.js';
import { InputError } from '../../dist/cli/errors.js';

yargs(process.argv.slice(2))
  .scriptName('chitty-sim')
  .command(exportCommand)
  .demandCommand(1)
  .strict()
  .fail((message, error) => {
    if (error) throw error;
    process.stderr.write(`chitty-sim: ${message}\n`);
    process.exit(2);
  })
  .parseAsync()
  .catch((error) => {
    if (error instanceof InputError) {
      process.stderr.write(`chitty-sim: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`chitty-sim: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  });
