/**
 * Vector clocks computed from the events themselves, for rules that need happens-before (mutual
 * exclusion, causal delivery) on a trace written without `vc`. The rules are the engine's: every
 * process event ticks its node's entry; a receive first merges what its send carried.
 */
import type { EventKind } from '../sim/record.js';
import type { MessageRecord } from './messages.js';

export class DerivedClocks {
  private readonly clocks: Float64Array[] = [];

  constructor(private readonly names: readonly string[]) {}

  /**
   * The clock of `node` after its event of `kind` (a live array, valid until the node's next
   * event; `drop` returns undefined). A send's clock is kept on its record for the receive.
   */
  next(node: number, kind: EventKind, record: MessageRecord<unknown> | undefined): Float64Array | undefined {
    if (kind === 'drop') return undefined;
    const clock = this.clockOf(node);
    if (kind === 'receive' && record?.derivedVc !== undefined) merge(clock, record.derivedVc);
    clock[node]++;
    if (kind === 'send' && record !== undefined) record.derivedVc = clock.slice(0, this.names.length);
    return clock;
  }

  /**
   * The clock of `node` after an event with several message ends: it merges what every message it
   * receives carried, and every message it sends carries the result.
   */
  nextEnds(node: number, received: readonly MessageRecord<unknown>[], sent: readonly MessageRecord<unknown>[]): Float64Array {
    const clock = this.clockOf(node);
    for (const record of received) if (record.derivedVc !== undefined) merge(clock, record.derivedVc);
    clock[node]++;
    for (const record of sent) record.derivedVc = clock.slice(0, this.names.length);
    return clock;
  }

  /** The node's clock, grown to the number of names. */
  private clockOf(node: number): Float64Array {
    const width = this.names.length;
    let clock = this.clocks[node];
    if (clock === undefined || clock.length < width) {
      const grown = new Float64Array(Math.max(width, 4, (clock?.length ?? 0) * 2));
      if (clock !== undefined) grown.set(clock);
      clock = this.clocks[node] = grown;
    }
    return clock;
  }
}

function merge(clock: Float64Array, carried: Float64Array): void {
  for (let k = 0; k < carried.length; k++) if (carried[k] > clock[k]) clock[k] = carried[k];
}
