/**
 * The settings a Ricart-Agrawala node reads from the scenario's `options:` (`holdMs`, `retryMs`,
 * `retries`), checked, with their defaults; and whether requests are retried at all.
 */
import { hasFaults, type Scenario } from '../../scenario/types.js';
import { durationMs, wholeNumber } from '../option-values.js';

export interface RicartAgrawalaSettings {
  /** How long a node stays in its critical section, ms, unless the request says (`args: { holdMs }`). */
  holdMs: number;
  /** Whether a request is sent again to the nodes that have not replied: only when messages or nodes can be lost. */
  retrying: boolean;
  /** How long a request waits for its replies before it is sent again, ms. */
  retryMs: number;
  /** How many times a request is sent again before it is abandoned. */
  retries: number;
}

export const DEFAULT_SETTINGS: RicartAgrawalaSettings = { holdMs: 100, retrying: false, retryMs: 300, retries: 8 };

/** What every node's `ctx.options` holds: the scenario's options, and whether the run can lose anything. */
export function settingsOptions(scenario: Scenario): Record<string, unknown> {
  return { ...scenario.options, retrying: scenario.options.retrying ?? hasFaults(scenario) };
}

/** The settings from `ctx.options`; throws a sentence naming a bad option. */
export function readSettings(options: Readonly<Record<string, unknown>>): RicartAgrawalaSettings {
  return {
    holdMs: durationMs(options.holdMs, 'options.holdMs', DEFAULT_SETTINGS.holdMs),
    retrying: options.retrying === true,
    retryMs: durationMs(options.retryMs, 'options.retryMs', DEFAULT_SETTINGS.retryMs, true),
    retries: wholeNumber(options.retries, 'options.retries', DEFAULT_SETTINGS.retries, 0, 100),
  };
}
