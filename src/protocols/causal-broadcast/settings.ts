/**
 * The settings a causal-broadcast node reads from the scenario's `options:` (`retryMs`,
 * `retries`), checked, with their defaults; and whether messages are acknowledged and sent again.
 */
import { hasFaults, type Scenario } from '../../scenario/types.js';
import { durationMs, wholeNumber } from '../option-values.js';

export interface CausalBroadcastSettings {
  /** Whether peers acknowledge messages and publishers send them again: only when messages or nodes can be lost. */
  reliable: boolean;
  /** How long a publisher waits for an acknowledgement before sending again, ms; the wait doubles with each attempt. */
  retryMs: number;
  /** How many times a message is sent again to a peer before the publisher gives up on it. */
  retries: number;
}

export const DEFAULT_SETTINGS: CausalBroadcastSettings = { reliable: false, retryMs: 100, retries: 6 };

/** Waits double with each attempt up to this many doublings. */
export const MAX_DOUBLINGS = 5;

/** What every node's `ctx.options` holds: the scenario's options, and whether the run can lose anything. */
export function settingsOptions(scenario: Scenario): Record<string, unknown> {
  return { ...scenario.options, reliable: scenario.options.reliable ?? hasFaults(scenario) };
}

/** The settings from `ctx.options`; throws a sentence naming a bad option. */
export function readSettings(options: Readonly<Record<string, unknown>>): CausalBroadcastSettings {
  return {
    reliable: options.reliable === true,
    retryMs: durationMs(options.retryMs, 'options.retryMs', DEFAULT_SETTINGS.retryMs, true),
    retries: wholeNumber(options.retries, 'options.retries', DEFAULT_SETTINGS.retries, 0, 100),
  };
}
