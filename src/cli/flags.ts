/**
 * Parsing of option values that are richer than a number.
 */
import type { DelayModel } from '../sim/delay.js';
import { InputError } from './errors.js';

/**
 * Reads `--delay`: `N` or `fixed:N`, `uniform:MIN,MAX`, `exponential:MEAN[,MIN]`, all in ms.
 * Throws InputError (exit 2) with the accepted forms.
 */
export function parseDelayFlag(text: string): DelayModel {
  const forms = 'expected N, fixed:N, uniform:MIN,MAX or exponential:MEAN[,MIN] (ms)';
  const [kind, rest] = text.includes(':') ? text.split(':', 2) : ['fixed', text];
  const numbers = rest.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (numbers.some((value) => !Number.isFinite(value))) throw new InputError(`--delay: "${text}" is not a delay; ${forms}`);
  if (kind === 'fixed' && numbers.length === 1) {
    if (numbers[0] <= 0) throw new InputError('--delay: a fixed delay must be positive');
    return { kind: 'fixed', ms: numbers[0] };
  }
  if (kind === 'uniform' && numbers.length === 2) {
    const [minMs, maxMs] = numbers;
    if (minMs < 0 || maxMs <= 0) throw new InputError('--delay: uniform bounds must not be negative, and max must be positive');
    if (maxMs < minMs) throw new InputError(`--delay: reversed: min ${minMs} is more than max ${maxMs}`);
    return { kind: 'uniform', minMs, maxMs };
  }
  if (kind === 'exponential' && (numbers.length === 1 || numbers.length === 2)) {
    const [meanMs, minMs = 0] = numbers;
    if (minMs < 0 || meanMs <= minMs) throw new InputError('--delay: exponential needs 0 <= min < mean');
    return { kind: 'exponential', meanMs, minMs };
  }
  throw new InputError(`--delay: "${text}" is not a delay; ${forms}`);
}

/** Reads a probability flag (`--loss`, `--duplicate`). */
export function parseProbabilityFlag(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new InputError(`--${name}: must be a probability from 0 to 1, not ${value}`);
  return value;
}
