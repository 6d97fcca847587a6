/**
 * What a node must not read, made harmless while a simulation runs: `Math.random` draws from a
 * seeded stream, `Date.now`, `new Date()` and `performance.now` read the virtual clock, and
 * `setTimeout`, `setInterval` and `setImmediate` refuse with a pointer to `ctx.setTimer`. A protocol
 * that reads them by mistake then still replays exactly (as madsim makes a Rust program's time and
 * randomness its own). Installed around each slice of a run, which never awaits, so the CLI's own
 * timers between slices are untouched.
 */
import { createStream } from '../sim/random.js';

type Restore = () => void;

/** Refusal for host timers: a node's future lies in the simulator's queue. */
function refuse(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available to a node: the run would not replay. Use ctx.setTimer(delayMs, name, data) and onTimer`);
  };
}

/**
 * Makes the globals deterministic until the returned function is called.
 * @param nowMs - the virtual time now, ms since the scenario's start.
 * @param startEpochMs - the wall time the scenario starts at (`start:`).
 */
export function installVirtualGlobals(seed: number, nowMs: () => number, startEpochMs: number, random = createStream(seed, 'host-globals')): Restore {
  const host = globalThis as unknown as Record<string, unknown>;
  const RealDate = Date;
  const saved = {
    random: Math.random,
    Date: host.Date,
    performanceNow: performance.now,
    setTimeout: host.setTimeout,
    setInterval: host.setInterval,
    setImmediate: host.setImmediate,
  };
  const epochNow = () => Math.floor(startEpochMs + nowMs());
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(epochNow());
      else super(...(args as [number]));
    }
    static override now(): number {
      return epochNow();
    }
  }
  Math.random = random;
  host.Date = VirtualDate;
  performance.now = () => nowMs();
  host.setTimeout = refuse('setTimeout');
  host.setInterval = refuse('setInterval');
  host.setImmediate = refuse('setImmediate');
  return () => {
    Math.random = saved.random;
    host.Date = saved.Date;
    performance.now = saved.performanceNow;
    host.setTimeout = saved.setTimeout;
    host.setInterval = saved.setInterval;
    host.setImmediate = saved.setImmediate;
  };
}
