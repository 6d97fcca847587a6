/**
 * `chitty-sim presets`: the clock modes, one line each.
 */
import type { CommandModule } from 'yargs';
import { CLOCK_MODES } from '../../protocols/chitty-chat/clock-modes.js';

export const presetsCommand: CommandModule = {
  command: 'presets',
  describe: "List Chitty-Chat's clock modes (`clock:` / --clock): the correct one, the report's, and common bugs (see also `protocols`)",
  handler: () => {
    const width = Math.max(...CLOCK_MODES.map((mode) => mode.name.length));
    process.stdout.write(CLOCK_MODES.map((mode) => `${mode.name.padEnd(width)}  ${mode.summary}`).join('\n') + '\n');
  },
};
