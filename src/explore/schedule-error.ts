/** A schedule entry that names an event that cannot happen at its point of the run. */
import type { ScheduleEntry } from '../scenario/types.js';

export class ScheduleError extends Error {
  constructor(
    /** The entry's index in `schedule:`, from 0. */
    readonly index: number,
    readonly entry: ScheduleEntry,
    /** Why, in a sentence. */
    readonly reason: string,
  ) {
    super(`schedule[${index}]: ${reason}`);
    this.name = 'ScheduleError';
  }

  /** `FILE:LINE:COL: schedule[i]: reason`, or without the place when the entry has none. */
  located(file: string): string {
    const source = this.entry.source;
    return source === undefined ? `${file}: ${this.message}` : `${file}:${source.line}:${source.col}: ${this.message}`;
  }
}
