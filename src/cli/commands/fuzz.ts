/**
 * `chitty-sim fuzz`: random scenarios, run and checked on worker threads across the cores; every
 * failure is shrunk and written as a scenario file that `chitty-sim run --check` replays. Any
 * protocol with `generate(random)` can be fuzzed (`--protocol`), or any scenario's steps (`--scenario`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.js';

interface FuzzArguments {
  protocol?: string;
  scenario?: string;
  clock?: string;
  runs: number;
  seed: number;
  workers?: number;
  shard: string;
  out: string;
  faults: boolean;
}

export const fuzzCommand: CommandModule<object, FuzzArguments> = {
  command: 'fuzz',
  describe: 'Run random scenarios; shrink and save what fails',
  builder: (yargs: Argv) =>
    yargs
      .option('protocol', { type: 'string', describe: "The protocol: a built-in's name or a module file with generate(random) (default chitty-chat, or the scenario's)" })
      .option('scenario', { type: 'string', describe: "Vary this scenario file's seed, network and faults over its steps, instead of drawing workloads" })
      .option('clock', { type: 'string', alias: 'variant', describe: "The protocol's variant to test (default: its first, the correct one; or the scenario's); see `chitty-sim protocols`" })
      .option('runs', { type: 'number', default: 200, describe: 'How many runs (in this shard)' })
      .option('seed', { type: 'number', default: 1, describe: 'Campaign seed: the same seed gives the same runs' })
      .option('workers', { type: 'number', describe: 'Worker threads (default: the number of cores)' })
      .option('shard', { type: 'string', default: '1/1', describe: 'Run the I-th of N disjoint slices of the runs: I/N' })
      .option('out', { type: 'string', default: 'fuzz-failures', describe: 'Folder for the shrunk failing scenarios' })
      .option('faults', { type: 'boolean', default: true, describe: 'Let scenarios draw faults (--no-faults: delays only)' })
      .example('$0 fuzz --clock no-merge --runs 100', 'Find, shrink and save a run that breaks the no-merge preset')
      .example('$0 fuzz --protocol ricart-agrawala --variant no-tie-break', 'Fuzz a built-in protocol in one of its bug variants')
      .example('$0 fuzz --protocol ./my-mutex.mjs --scenario scenarios/ricart-agrawala.yaml', "Your own protocol over a scenario's steps, with varied delays and faults")
      .example('$0 fuzz --runs 10000 --shard 3/8', 'The third of eight disjoint slices, e.g. on a batch system') as unknown as Argv<FuzzArguments>,
  handler: async (argv: ArgumentsCamelCase<FuzzArguments>) => {
    const shard = /^(\d+)\/(\d+)$/.exec(argv.shard);
    if (!shard || +shard[1] < 1 || +shard[1] > +shard[2]) throw new InputError(`--shard: expected I/N with 1 <= I <= N, like 2/8, not "${argv.shard}"`);
    if (!Number.isSafeInteger(argv.runs) || argv.runs < 1) throw new InputError('--runs: must be a whole number from 1');
    if (!Number.isSafeInteger(argv.seed) || argv.seed < 0) throw new InputError('--seed: must be a whole number from 0');
    if (argv.workers !== undefined && (!Number.isSafeInteger(argv.workers) || argv.workers < 1 || argv.workers > 256)) throw new InputError('--workers: must be a whole number from 1 to 256');
    const [{ resolveFuzzTarget }, { runFuzzCampaign }] = await Promise.all([import('../fuzz-target.js'), import('../fuzz-campaign.js')]);
    const target = await resolveFuzzTarget({ protocol: argv.protocol, scenario: argv.scenario, variant: argv.clock, faults: argv.faults });
    process.exitCode = await runFuzzCampaign({
      protocol: target.protocol,
      clock: target.variant,
      base: target.base,
      flags: target.flags,
      fileStem: target.fileStem,
      runs: argv.runs,
      campaignSeed: argv.seed,
      workers: argv.workers,
      shardIndex: +shard[1],
      shardCount: +shard[2],
      outDir: argv.out,
      faults: argv.faults,
    });
  },
};
