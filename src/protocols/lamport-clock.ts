/**
 * A Lamport clock kept in a node's durable state (`ctx.durable`), so that it survives a crash and
 * the clock rules hold across a restart. The built-in protocols' nodes compute their times with it;
 * their bug variants pick a wrong receive rule on purpose.
 */

/** Where the clock lives: a field of `ctx.durable`. */
export interface ClockHolder {
  clock?: number;
}

/** How a receive updates the clock: the carried time and the node's own. */
export type ReceiveRule = (own: number, carried: number) => number;

/** Correct: max(own, carried) + 1. */
export const lamportReceive: ReceiveRule = (own, carried) => (carried > own ? carried : own) + 1;

/** A common mistake: +1 only, ignoring the carried time. */
export const ignoreCarried: ReceiveRule = (own) => own + 1;

export class DurableLamportClock {
  constructor(private readonly holder: ClockHolder) {
    holder.clock ??= 0;
  }

  /** The current time: what the next message carries. */
  get value(): number {
    return this.holder.clock!;
  }

  /** A send or local event: +1; returns the event's time. */
  tick(): number {
    return (this.holder.clock = this.holder.clock! + 1);
  }

  /** A receive of a message carrying `carried`; returns the event's time. */
  receive(carried: number, rule: ReceiveRule = lamportReceive): number {
    return (this.holder.clock = rule(this.holder.clock!, carried));
  }
}
