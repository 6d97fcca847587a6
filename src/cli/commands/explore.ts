/**
 * `chitty-sim explore`: every order the network could deliver in, not a random sample. Runs each
 * distinct execution of a scenario about once (dynamic partial-order reduction), checks every
 * one, and writes the shortest counterexample of each broken rule as a scenario with a schedule
 * that `chitty-sim run --check` replays. docs/explore.md describes the model.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { TIMER_MODELS, type TimerModel } from '../../explore/choices.js';
import { STRATEGIES, type Strategy } from '../../explore/strategies.js';
import { InputError } from '../errors.js';

interface ExploreArguments {
  scenario: string;
  clock?: string;
  maxExecutions: number;
  maxDepth: number;
  strategy: string;
  reduction: boolean;
  faults?: string;
  maxFaults?: number;
  timers: string;
  shard: string;
  out: string;
  json: boolean;
}

const FAULT_KINDS = ['loss', 'duplicate', 'crash'];

export const exploreCommand: CommandModule<object, ExploreArguments> = {
  command: 'explore <scenario>',
  describe: 'Run and check every order the network could deliver in',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML); keep it small: two or three nodes, a few steps', demandOption: true })
      .option('clock', { type: 'string', alias: 'variant', describe: "The protocol's variant, e.g. Chitty-Chat's clock mode (overrides the scenario's)" })
      .option('max-executions', { type: 'number', default: 100_000, describe: 'Stop after this many executions (the report says it is not complete)' })
      .option('max-depth', { type: 'number', default: 1000, describe: 'Cut an execution after this many choices' })
      .option('strategy', { type: 'string', choices: STRATEGIES as string[], default: 'dfs', describe: 'Which waiting execution runs next: the deepest, the shallowest, or any (seeded by the scenario)' })
      .option('reduction', { type: 'boolean', default: true, describe: 'Run each distinct execution about once (--no-reduction runs every interleaving)' })
      .option('faults', { type: 'string', describe: 'Faults explore may choose too: loss, duplicate, crash (comma-separated)' })
      .option('max-faults', { type: 'number', describe: 'Most faults in one execution (default 1 with --faults)' })
      .option('timers', { type: 'string', choices: TIMER_MODELS as string[], default: 'any', describe: 'When a timer may fire: any time after it is set, or late: only when no message is in flight' })
      .option('shard', { type: 'string', default: '1/1', describe: 'Explore the I-th of N disjoint parts of the search: I/N' })
      .option('out', { type: 'string', default: 'explore-failures', describe: 'Folder for the counterexamples' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON on stdout' })
      .example('$0 explore scenarios/explore-two.yaml --clock concurrent-broadcast', 'Find the order in which members see broadcasts differently')
      .example('$0 explore scenarios/explore-two.yaml --faults loss,crash --timers late', 'Every order, and every single loss or crash, with timeouts longer than any delay')
      .example('$0 explore scenarios/explore-two.yaml --shard 2/8 --json', 'The second of eight parts, e.g. in a CI matrix') as unknown as Argv<ExploreArguments>,
  handler: async (argv: ArgumentsCamelCase<ExploreArguments>) => {
    const shard = /^(\d+)\/(\d+)$/.exec(argv.shard);
    if (!shard || +shard[1] < 1 || +shard[1] > +shard[2]) throw new InputError(`--shard: expected I/N with 1 <= I <= N, like 2/8, not "${argv.shard}"`);
    if (!Number.isSafeInteger(argv.maxExecutions) || argv.maxExecutions < 1) throw new InputError('--max-executions: must be a whole number from 1');
    if (!Number.isSafeInteger(argv.maxDepth) || argv.maxDepth < 1) throw new InputError('--max-depth: must be a whole number from 1');
    const faults = argv.faults === undefined ? [] : argv.faults.split(',').map((kind) => kind.trim());
    for (const kind of faults) {
      if (!FAULT_KINDS.includes(kind)) throw new InputError(`--faults: unknown fault "${kind}"; expected a comma-separated list of ${FAULT_KINDS.join(', ')}`);
    }
    if (argv.faults !== undefined && faults.length === 0) throw new InputError(`--faults: name at least one of ${FAULT_KINDS.join(', ')}`);
    const maxFaults = argv.maxFaults ?? (faults.length > 0 ? 1 : 0);
    if (!Number.isSafeInteger(maxFaults) || maxFaults < 0 || maxFaults > 10) throw new InputError('--max-faults: must be a whole number from 0 to 10');
    if (argv.maxFaults !== undefined && argv.maxFaults > 0 && faults.length === 0) throw new InputError('--max-faults: name the faults too, like --faults loss,crash');
    const { runExploreSearch } = await import('../explore-search.js');
    process.exitCode = await runExploreSearch({
      scenarioFile: argv.scenario,
      clock: argv.clock,
      maxExecutions: argv.maxExecutions,
      maxDepth: argv.maxDepth,
      strategy: argv.strategy as Strategy,
      reduction: argv.reduction,
      faults: [...new Set(faults)],
      maxFaults,
      timers: argv.timers as TimerModel,
      shardIndex: +shard[1],
      shardCount: +shard[2],
      outDir: argv.out,
      json: argv.json,
    });
  },
};
