/**
 * `chitty-sim run`: runs a scenario, prints its log, streams its trace, and optionally checks it and
 * draws its diagram. Output is paced by the slowest writer, so memory stays flat on long runs, and
 * Ctrl-C stops the run keeping every complete event.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.js';
import { diagramFormatOf } from '../diagram-format.js';
import { parseDelayFlag, parseProbabilityFlag } from '../flags.js';

interface RunArguments {
  scenario: string;
  seed?: number;
  clock?: string;
  trace?: string;
  vc: boolean;
  logFormat: 'pretty' | 'report';
  quiet: boolean;
  svg?: string;
  check: boolean;
  selfCheck: boolean;
  loss?: number;
  duplicate?: number;
  delay?: string;
  until?: number;
}

export const runCommand: CommandModule<object, RunArguments> = {
  command: 'run <scenario>',
  describe: 'Run a scenario: print its log, write its trace and diagram',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML)', demandOption: true })
      .option('seed', { type: 'number', describe: "Seed of every random draw (overrides the scenario's)" })
      .option('clock', { type: 'string', alias: 'variant', describe: "The protocol's variant, e.g. Chitty-Chat's clock mode (overrides the scenario's); see `chitty-sim protocols`" })
      .option('trace', { type: 'string', describe: 'Write the trace as NDJSON to FILE, streamed as the run goes' })
      .option('vc', { type: 'boolean', default: true, describe: 'Record vector clocks in the trace (--no-vc leaves them out)' })
      .option('log-format', { type: 'string', choices: ['pretty', 'report'], default: 'pretty', describe: "Log on stdout: a table, or the report's Go log format" })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print no log' })
      .option('svg', { type: 'string', describe: 'Also draw the Lamport diagram to FILE.svg or FILE.png' })
      .option('loss', { type: 'number', describe: 'Probability that a message is lost, on every link (overrides network.loss)' })
      .option('duplicate', { type: 'number', describe: 'Probability that a message is delivered twice (overrides network.duplicate)' })
      .option('delay', { type: 'string', describe: 'Delay of every link: N, fixed:N, uniform:MIN,MAX or exponential:MEAN,MIN (ms)' })
      .option('until', { type: 'number', describe: 'Stop at this virtual time, ms (default: when nothing is left to do)' })
      .option('check', { type: 'boolean', default: false, describe: "Check the clocks and the protocol's rules; exit 1 on a violation" })
      .option('self-check', { type: 'boolean', default: false, describe: 'Run twice and compare the traces: name the first event where a protocol that reads real time or randomness made them differ' })
      .example('$0 run scenarios/three-participants.yaml --seed 7 --trace out/run.ndjson', 'Run with seed 7 and keep the trace')
      .example('$0 run scenarios/diagram-log.yaml --clock report --log-format report', "Print the report's Diagram.log")
      .example('$0 run scenarios/three-participants.yaml --loss 0.1 --delay uniform:1,50', 'A quick experiment with a worse network') as unknown as Argv<RunArguments>,
  handler: async (argv: ArgumentsCamelCase<RunArguments>) => {
    if (argv.seed !== undefined && (!Number.isSafeInteger(argv.seed) || argv.seed < 0)) {
      throw new InputError(`--seed: must be a whole number from 0, not ${process.argv.includes('--seed') ? String(argv.seed) : 'that'}`);
    }
    if (argv.svg !== undefined) diagramFormatOf(argv.svg, '--svg');
    if (argv.until !== undefined && (!Number.isFinite(argv.until) || argv.until < 0)) throw new InputError('--until: must be a time in ms from 0');
    const network = {
      loss: parseProbabilityFlag('loss', argv.loss),
      duplicate: parseProbabilityFlag('duplicate', argv.duplicate),
      delay: argv.delay === undefined ? undefined : parseDelayFlag(argv.delay),
    };
    if (argv.selfCheck) {
      const { selfCheck } = await import('../self-check.js');
      process.exitCode = await selfCheck({ scenarioFile: argv.scenario, seed: argv.seed, clock: argv.clock, network, untilMs: argv.until });
      return;
    }
    const { runScenario } = await import('../run-scenario.js');
    process.exitCode = await runScenario({
      scenarioFile: argv.scenario,
      seed: argv.seed,
      clock: argv.clock,
      traceFile: argv.trace,
      vectorClocks: argv.vc,
      logFormat: argv.logFormat,
      quiet: argv.quiet,
      svgFile: argv.svg,
      check: argv.check,
      untilMs: argv.until,
      network,
    });
  },
};

