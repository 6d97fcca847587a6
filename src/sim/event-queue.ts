/**
 * What the world schedules its entries with: messages in flight, node timers and the scenario's
 * steps. The {@link Scheduler} orders them by virtual time (a normal run); another queue may decide
 * the order itself (a controlled run, where the delays decide nothing).
 */
import type { ScheduledEntry } from './scheduler.js';

export interface EventQueue {
  /** The current virtual time in µs: the time of the entry being fired. */
  nowUs: number;
  /** Number of entries waiting. */
  readonly size: number;
  /** Time of the next entry in µs; +Infinity when none is waiting. */
  readonly nextAtUs: number;
  /** Queues `entry` to fire at `atUs` (never earlier than now). */
  schedule(entry: ScheduledEntry, atUs: number): void;
  /** Sets aside `count` sequence numbers for {@link EventQueue.scheduleReserved}; returns the first. */
  reserve(count: number): number;
  /** Queues `entry` at `atUs` with a number from {@link EventQueue.reserve}. */
  scheduleReserved(entry: ScheduledEntry, atUs: number, seq: number): void;
  /**
   * Fires entries until none is left, the next lies beyond `untilUs`, or `shouldStop()` says so.
   * @returns the number of entries fired.
   */
  run(untilUs?: number, shouldStop?: () => boolean): number;
}
