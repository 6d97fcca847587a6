/**
 * `chitty-sim new protocol NAME`: writes NAME.ts (or NAME.mjs) and NAME.yaml, a ping-pong with
 * correct Lamport clocks that runs and checks clean at once: a student's first protocol.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { protocolTemplate, scenarioTemplate } from '../protocol-template.js';

interface NewArguments {
  what: string;
  name: string;
  dir: string;
  js: boolean;
}

export const newCommand: CommandModule<object, NewArguments> = {
  command: 'new <what> <name>',
  describe: 'Write a new protocol (NAME.ts and NAME.yaml) to start from',
  builder: (yargs: Argv) =>
    yargs
      .positional('what', { type: 'string', choices: ['protocol'], describe: 'What to write', demandOption: true })
      .positional('name', { type: 'string', describe: "The protocol's name: lower-case letters, digits and dashes", demandOption: true })
      .option('dir', { type: 'string', default: '.', describe: 'The folder to write into' })
      .option('js', { type: 'boolean', default: false, describe: 'Plain JavaScript (NAME.mjs) instead of TypeScript' })
      .example('$0 new protocol ping-pong', 'Write ping-pong.ts and ping-pong.yaml, then: npx chitty-sim run ping-pong.yaml --check')
      .example('$0 new protocol token-ring --js --dir protocols', 'The same in plain JavaScript, in protocols/') as unknown as Argv<NewArguments>,
  handler: async (argv: ArgumentsCamelCase<NewArguments>) => {
    const name = argv.name;
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new InputError(`new protocol: "${name}" is not a protocol name; use lower-case letters, digits and dashes, starting with a letter (like token-ring)`);
    const protocolFile = `${name}.${argv.js ? 'mjs' : 'ts'}`;
    const files = [path.join(argv.dir, protocolFile), path.join(argv.dir, `${name}.yaml`)];
    const taken = files.filter((file) => existsSync(file));
    if (taken.length > 0) throw new InputError(`new protocol: ${taken.join(' and ')} already ${taken.length === 1 ? 'exists' : 'exist'}; choose another name or folder`);
    await writeFileAtomic(files[0], protocolTemplate(name, !argv.js));
    await writeFileAtomic(files[1], scenarioTemplate(name, protocolFile));
    const run = `npx chitty-sim run ${files[1]} --check --svg ${path.join(argv.dir, `${name}.svg`)}`;
    process.stdout.write(`${files[0]}\n${files[1]}\nNext: ${run}\n`);
  },
};
