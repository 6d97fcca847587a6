/**
 * Message delay models. Delays are drawn in ms and returned in whole µs, at least 1 µs, so a
 * message never arrives at the instant it was sent.
 */
import type { RandomStream } from './random.js';

/** How long a message takes on a link. All values are in ms of virtual time. */
export type DelayModel =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number; minMs: number };

/** The default delay of every link: uniform in [1, 5] ms. */
export const DEFAULT_DELAY: DelayModel = { kind: 'uniform', minMs: 1, maxMs: 5 };

/** Draws one delay in µs. A fixed model draws nothing from the stream. */
export function drawDelayUs(model: DelayModel, random: RandomStream): number {
  let delayMs: number;
  switch (model.kind) {
    case 'fixed':
      delayMs = model.ms;
      break;
    case 'uniform':
      delayMs = model.minMs + random() * (model.maxMs - model.minMs);
      break;
    case 'exponential':
      // Shifted exponential: min plus an exponential tail, so that the mean is `meanMs`.
      delayMs = model.minMs - Math.log(1 - random()) * (model.meanMs - model.minMs);
      break;
  }
  const delayUs = Math.round(delayMs * 1000);
  return delayUs < 1 ? 1 : delayUs;
}
