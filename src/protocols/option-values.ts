/**
 * Reading a built-in protocol's `options:` (and a command's `args`) in its nodes: a value of the
 * right kind, or its default; anything else throws a sentence naming the option, which the run
 * reports as the protocol's error (the node, the handler, the sentence) with exit code 2.
 */

/** A duration in ms from 0 (`above0`: more than 0); `fallback` when absent. */
export function durationMs(value: unknown, name: string, fallback: number, above0 = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (above0 && value === 0)) {
    throw new Error(`${name} must be a number of ms ${above0 ? 'above' : 'from'} 0, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** A whole number in [min, max]; `fallback` when absent. */
export function wholeNumber(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return value;
}
