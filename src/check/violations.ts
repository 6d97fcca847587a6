/**
 * Collects violations up to a cap and counts the rest, so that a trace that breaks a rule at every
 * event still checks in bounded memory.
 */
import type { EventRef, Violation } from './types.js';

export class ViolationLog {
  readonly listed: Violation[] = [];
  omitted = 0;
  readonly byRule: Record<string, number> = {};

  /** @param maxListed - violations listed in full; the rest are only counted. Default 1000. */
  constructor(private readonly maxListed = 1000) {}

  /**
   * Counts a violation of `rule` and reports whether the caller should build and {@link add} it:
   * past the cap it is only counted, so no message string is made.
   */
  wants(rule: string): boolean {
    this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
    if (this.listed.length < this.maxListed) return true;
    this.omitted++;
    return false;
  }

  /** Lists a violation; call only after {@link wants} said yes. */
  add(rule: string, events: EventRef[], message: string): void {
    this.listed.push({ rule, events, message });
  }

  /** Counts and, under the cap, lists a violation whose message is cheap or rare. */
  report(rule: string, events: () => EventRef[], message: () => string): void {
    if (this.wants(rule)) this.add(rule, events(), message());
  }

  get total(): number {
    return this.listed.length + this.omitted;
  }
}
