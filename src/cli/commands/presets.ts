/**
 * `chitty-sim presets`: the clock modes, one line each.
 */
import type { Argv, CommandModule } from 'yargs';

export const presetsCommand: CommandModule = {
  command: 'presets',
  describe: "List Chitty-Chat's clock modes (see protocols for all)",
  builder: (yargs: Argv) =>
    yargs
      .example('$0 presets', 'The modes, one line each')
      .example('$0 run scenarios/three-participants.yaml --clock no-merge --check', 'Run a scenario with a buggy mode: the check fails and says where')
      .example('$0 fuzz --clock report --runs 100', "Find, shrink and save scenarios that break the report's clocks")
      .epilogue('A scenario picks its mode with `clock: NAME`; `--clock NAME` overrides it for one run.'),
  handler: async () => {
    const { CLOCK_MODES } = await import('../../protocols/chitty-chat/clock-modes.js');
    const width = Math.max(...CLOCK_MODES.map((mode) => mode.name.length));
    process.stdout.write(CLOCK_MODES.map((mode) => `${mode.name.padEnd(width)}  ${mode.summary}`).join('\n') + '\n');
  },
};
