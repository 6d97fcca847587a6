/** What the judgements of a broadcast's text and order read of the promise checker's state. */
import type { EventRef } from '../../../check/types.js';
import type { ViolationLog } from '../../../check/violations.js';
import type { ParticipantState, Round } from './rounds.js';

export interface PromiseView {
  readonly names: readonly string[];
  readonly log: ViolationLog;
  readonly participants: readonly (ParticipantState | undefined)[];
  /** The rounds still open, oldest first. */
  readonly open: readonly Round[];
  /** Set once a member shows rounds out of their start order: from then on the order check compares members pairwise. */
  disorder: boolean;
  /** Set once the server's broadcasts overlap: from then on a show of another text may belong to another round. */
  readonly overlapping: boolean;
  serverIndex(): number;
  ref(i: number, node: number, lamport: number): EventRef;
}
