/**
 * What the promise checker remembers: per participant its membership and what it showed, and per
 * broadcast round who must show it and who did. A round is one publish as the server broadcasts
 * it (docs/checker.md defines the terms).
 */
import type { EventRef } from '../../../check/types.js';

/** The last few Lamport times of one kind of event, in a small ring. */
export class RecentTimes {
  static readonly KEPT = 8;
  private readonly times: number[] = [];
  private next = 0;

  add(time: number): void {
    if (this.times.length < RecentTimes.KEPT) this.times.push(time);
    else this.times[this.next] = time;
    this.next = (this.next + 1) % RecentTimes.KEPT;
  }

  has(time: number): boolean {
    return this.times.includes(time);
  }

  get empty(): boolean {
    return this.times.length === 0;
  }
}

/** What the checker knows of one participant. */
export class ParticipantState {
  /** A member: joined (JoinReply received, not revoked) and not since left, crashed or removed. */
  member = false;
  /** Changes whenever membership starts or ends: a round compares it to excuse those who left meanwhile. */
  epoch = 0;
  joinI = -1;
  joinLamport = 0;
  leaveI = -1;
  leaveLamport = 0;
  /**
   * The Lamport times of its latest joins and leaves: an announcement may be broadcast late (its
   * publish retried or queued), after the participant joined or left again.
   */
  readonly joinTimes = new RecentTimes();
  readonly leaveTimes = new RecentTimes();
  /** Event index of the server's latest removal of this participant (failure detection), or -1. */
  removedAtI = -1;
  /** The round of the latest BroadcastRequest it received: what its next `shows` belongs to. */
  lastRound: Round | undefined = undefined;
  lastBroadcastSendI = -1;
  /**
   * Rounds whose BroadcastRequest to this participant the server has not yet seen answered, oldest
   * attempt first: a retry repeats the front one. More than one means the broadcasts overlap.
   */
  readonly outstanding = new RoundList();
  /** Counts its shows (since its last crash): the order it saw rounds in. */
  seq = 0;
  lastShownRoundId = 0;
}

/**
 * The rounds a member still owes a reply to: a short list whose storage is kept. (A JS array that
 * empties out gets new storage on its next push, and this list empties on almost every reply.)
 */
export class RoundList {
  private readonly items: (Round | undefined)[] = [undefined, undefined, undefined, undefined];
  length = 0;

  get(k: number): Round {
    return this.items[k]!;
  }

  push(round: Round): void {
    if (this.length === this.items.length) this.items.push(round);
    else this.items[this.length] = round;
    this.length++;
  }

  indexOf(round: Round): number {
    for (let k = 0; k < this.length; k++) if (this.items[k] === round) return k;
    return -1;
  }

  removeAt(k: number): Round {
    const round = this.items[k]!;
    for (let j = k + 1; j < this.length; j++) this.items[j - 1] = this.items[j];
    this.items[--this.length] = undefined;
    return round;
  }

  shift(): Round | undefined {
    return this.length === 0 ? undefined : this.removeAt(0);
  }

  clear(): void {
    while (this.length > 0) this.items[--this.length] = undefined;
  }
}

/**
 * One broadcast round. Per-participant arrays are indexed by node index, sized for the nodes known
 * when the round starts (a node met later reads as undefined: not required, not shown).
 */
export class Round {
  content: string | undefined = undefined;
  contentRef: EventRef | undefined = undefined;
  /** Position + 1 in `required`, by node index (0: not required). */
  readonly requiredPosition: number[];
  readonly satisfied: Uint8Array;
  readonly excused: Uint8Array;
  /** The show sequence number of each participant that showed it (0: not shown, since its last crash). */
  readonly showSeq: number[];
  readonly showI: number[];
  readonly showLamport: number[];
  readonly shownBy: number[] = [];
  /** The event at which each participant first received the round's BroadcastRequest (-1: not received). */
  readonly receivedI: number[];
  /** Whether each show was made by a member: only members' shows must agree on the order. */
  readonly asMember: boolean[];
  ended = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly startI: number,
    readonly startLamport: number,
    readonly required: number[],
    readonly requiredEpoch: number[],
    nodeCount: number,
  ) {
    // Filled to their size at once: arrays grown one index at a time were most of the checker's garbage.
    this.requiredPosition = new Array<number>(nodeCount).fill(0);
    this.showSeq = new Array<number>(nodeCount).fill(0);
    this.showI = new Array<number>(nodeCount).fill(0);
    this.showLamport = new Array<number>(nodeCount).fill(0);
    this.receivedI = new Array<number>(nodeCount).fill(-1);
    this.asMember = new Array<boolean>(nodeCount).fill(false);
    this.satisfied = new Uint8Array(required.length);
    this.excused = new Uint8Array(required.length);
    for (let k = 0; k < required.length; k++) this.requiredPosition[required[k]] = k + 1;
  }
}
