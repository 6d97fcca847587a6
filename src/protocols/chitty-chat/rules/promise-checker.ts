/**
 * Chitty-Chat's promises, judged from what members show (`shows`) and from the server's
 * broadcast rounds. docs/checker.md defines every term used here ("member", "round", "excused").
 *
 * A round is one publish as the server broadcasts it: it starts at the server's local event
 * "BroadCast Request sent" (the report, Publish step 2) and owns the BroadcastRequests the server
 * sends until the next round starts. The members required to show a round are fixed when it
 * starts. Memory: the last `openRounds` rounds and one small record per participant.
 */
import type { MessageRecord } from '../../../check/messages.js';
import type { EventRef, TextView } from '../../../check/types.js';
import type { ViolationLog } from '../../../check/violations.js';
import type { EventKind } from '../../../sim/record.js';
import { attributeShow } from './attribution.js';
import { judgeContent } from './content.js';
import { judgeOrder } from './order.js';
import { ParticipantState, Round } from './rounds.js';
import { ANNOUNCEMENT, digitsOnly, endsLogLine, isRetry, JOINED, LEAVE_STARTED, OWN_LEAVE, PARTICIPANT, quote, REMOVED_SUFFIX, ROUND_STARTED, textIs } from './texts.js';
import type { PromiseView } from './view.js';

/** Options of {@link PromiseChecker}. */
export interface PromiseOptions {
  /** Rounds kept open for late, duplicate or reordered shows before they are judged; default 16. */
  openRounds?: number;
}

/**
 * Judges rule 4 as events stream in. The clock checker calls one method per relevant event, with
 * node indices into the shared `names` array.
 */
export class PromiseChecker implements PromiseView {
  readonly participants: (ParticipantState | undefined)[] = [];
  readonly open: Round[] = [];
  private current: Round | undefined = undefined;
  private nextRoundId = 1;
  private serverCrashI = -1;
  /** The round the server's next event continues, set by the event before it (see {@link serverEvent}). */
  private trigger: Round | undefined = undefined;
  /** Set once a member shows rounds out of their start order: from then on the order check compares members pairwise. */
  disorder = false;
  /** Set once the server's rounds overlap (a broadcast continues a round older than the latest). */
  overlapping = false;
  private readonly openRoundsMax: number;
  /**
   * The last text judged outside any round, so that members showing it do not repeat the report.
   * Forgotten whenever what the judgement reads changes (a join response, a leave, a removal).
   */
  private lastLooseContent = '';

  constructor(
    readonly names: readonly string[],
    private readonly intern: (name: string) => number,
    readonly serverIndex: () => number,
    readonly log: ViolationLog,
    options: PromiseOptions = {},
  ) {
    this.openRoundsMax = Math.max(1, options.openRounds ?? 16);
  }

  /** Broadcast rounds started so far. */
  get rounds(): number {
    return this.nextRoundId - 1;
  }

  private state(node: number): ParticipantState {
    let state = this.participants[node];
    if (state === undefined) {
      state = new ParticipantState();
      this.participants[node] = state;
    }
    return state;
  }

  ref(i: number, node: number, lamport: number): EventRef {
    return { i, node: this.names[node], lamport };
  }

  // --- server events ------------------------------------------------------------------------

  /**
   * Every event of the server (drops excepted), in order. A BroadcastRequest belongs to the round
   * of the server event that caused it: the round's start, the reply from the member before (the
   * server calls members one after the other), or the removal of a member that did not reply; a
   * retry belongs to the round of the request it repeats. With one publish broadcast at a time
   * that is always the latest round; when a send continues an older round, broadcasts overlap.
   */
  serverEvent(i: number, kind: EventKind, lamport: number, type: string | undefined, text: TextView, record: MessageRecord<Round> | undefined): void {
    const trigger = this.trigger;
    this.trigger = undefined;
    switch (kind) {
      case 'local':
        if (textIs(text, ROUND_STARTED)) this.trigger = this.startRound(i, lamport);
        else if (text.startsWith(PARTICIPANT)) this.removal(i, text.slice());
        return;
      case 'send':
        if (type === 'BroadcastRequest' && record !== undefined) this.broadcastSent(record, i, lamport, text, trigger);
        return;
      case 'receive':
        if (type === 'BroadcastReply' && record !== undefined) this.replyReceived(record);
        return;
      case 'crash':
        this.serverCrash(i);
        return;
      default:
        return;
    }
  }

  /** The simulator's failure detection: `Participant X is not responding: removed`. */
  private removal(i: number, text: string): void {
    const end = text.indexOf(REMOVED_SUFFIX, PARTICIPANT.length);
    if (end < 0 || !endsLogLine(text, end + REMOVED_SUFFIX.length)) return;
    // Any name counts, even one the trace has not mentioned yet: that participant was removed.
    const member = this.intern(text.slice(PARTICIPANT.length, end));
    if (member === this.serverIndex()) return;
    const state = this.state(member);
    state.removedAtI = i;
    this.lastLooseContent = '';
    this.endMembership(state);
    // The round that waited longest for this member gives up on it and goes on with its next member.
    const round = state.outstanding.shift();
    if (round !== undefined && !round.closed) this.trigger = round;
  }

  /** The server crashed: it forgot its members, and the rounds in progress stop. */
  private serverCrash(i: number): void {
    this.serverCrashI = i;
    for (const state of this.participants) {
      if (state === undefined) continue;
      this.endMembership(state);
      state.outstanding.clear();
    }
    for (const round of this.open) this.endRound(round);
    this.current = undefined;
  }

  private broadcastSent(record: MessageRecord<Round>, i: number, lamport: number, text: TextView, trigger: Round | undefined): void {
    const member = this.state(record.peer);
    const outstanding = member.outstanding;
    while (outstanding.length > 0 && outstanding.get(0).closed) outstanding.shift();
    let round: Round | undefined;
    if (outstanding.length > 0 && isRetry(text)) {
      // Retries time out in the order of their attempts: the oldest attempt is repeated first.
      round = outstanding.shift()!;
      outstanding.push(round);
    } else {
      round = trigger ?? this.current ?? this.startRound(i, lamport);
      if (outstanding.indexOf(round) < 0) outstanding.push(round);
    }
    // A member that still owes a reply to an older round is no overlap by itself: one reply
    // missing from the trace would otherwise change how the whole trace is judged.
    if (!this.overlapping && round !== this.current) {
      // An older round goes on after a newer one started: from now on a round ends only when it is judged.
      this.overlapping = true;
      for (const open of this.open) open.ended = false;
    }
    record.tag = round;
  }

  /** The server received a member's reply: the round it answers no longer waits for that member. */
  private replyReceived(record: MessageRecord<Round>): void {
    const round = record.tag;
    if (round === undefined || round.closed) return;
    const outstanding = this.state(record.node).outstanding;
    const at = outstanding.indexOf(round);
    // A reply to a round that no longer waits (late, or a duplicate) changes nothing and causes nothing.
    if (at < 0) return;
    outstanding.removeAt(at);
    this.trigger = round;
  }

  private startRound(i: number, lamport: number): Round {
    if (this.current !== undefined && !this.overlapping) this.endRound(this.current);
    const required: number[] = [];
    const epochs: number[] = [];
    const server = this.serverIndex();
    for (let node = 0; node < this.participants.length; node++) {
      const state = this.participants[node];
      if (state !== undefined && state.member && node !== server) {
        required.push(node);
        epochs.push(state.epoch);
      }
    }
    const round = new Round(this.nextRoundId++, i, lamport, required, epochs, this.names.length);
    this.current = round;
    this.open.push(round);
    if (this.open.length > this.openRoundsMax) this.closeRound(this.open.shift()!);
    return round;
  }

  /**
   * The broadcast of a round is over (the next started, or the server crashed): required members
   * whose membership ended meanwhile are excused from showing it.
   */
  private endRound(round: Round): void {
    if (round.ended) return;
    round.ended = true;
    for (let k = 0; k < round.required.length; k++) {
      if (round.satisfied[k] === 1) continue;
      const state = this.participants[round.required[k]]!;
      if (state.epoch !== round.requiredEpoch[k]) round.excused[k] = 1;
    }
  }

  /** Judges a round that leaves the window: every required member showed it or is excused. */
  private closeRound(round: Round): void {
    this.endRound(round);
    round.closed = true;
    if (this.current === round) this.current = undefined;
    const announcement = round.content === undefined ? undefined : ANNOUNCEMENT.exec(round.content);
    for (let k = 0; k < round.required.length; k++) {
      if (round.satisfied[k] === 1 || round.excused[k] === 1) continue;
      const node = round.required[k];
      const name = this.names[node];
      const state = this.participants[node]!;
      const start = this.ref(round.startI, this.serverIndex(), round.startLamport);
      const joined = state.joinI >= 0 ? [this.ref(state.joinI, node, state.joinLamport)] : [];
      const own = announcement !== null && announcement !== undefined && announcement[1] === name;
      // A participant never has to show its own leave announcement (it must not).
      if (own && announcement[2] === 'left') continue;
      if (own) {
        this.log.report(
          'own-announcement',
          () => [start, ...joined],
          () => `Participant ${name} never showed its own join announcement ${quote(round.content!)}, broadcast from event ${round.startI}.`,
        );
      } else {
        this.log.report(
          'broadcast-once',
          () => [start, ...joined],
          () =>
            `${name} was a member when broadcast #${round.id} ${round.content === undefined ? '(no member showed it)' : quote(round.content)} began at event ${round.startI}, but never showed it${
              !(round.receivedI[node] >= 0) ? '' : ` (it received the broadcast at event ${round.receivedI[node]} but showed nothing for it)`
            }.`,
        );
      }
    }
  }

  // --- participant events -------------------------------------------------------------------

  /** A participant received a JoinReply: with the report's text, its join is complete. */
  joinReplyReceived(node: number, i: number, lamport: number, text: TextView, record: MessageRecord<Round> | undefined): void {
    if (!textIs(text, JOINED)) return;
    const state = this.state(node);
    state.joinI = i;
    state.joinLamport = lamport;
    state.joinTimes.add(lamport);
    this.lastLooseContent = '';
    // A reply sent before the server removed this participant, or crashed, confirms a membership the server no longer has.
    if (record !== undefined && (record.sendI < state.removedAtI || record.sendI < this.serverCrashI)) return;
    if (!state.member) {
      state.member = true;
      state.epoch++;
    }
  }

  /** A local event of a participant: "Leave Request sent" starts its leave. */
  participantLocal(node: number, i: number, lamport: number, text: TextView): void {
    if (!textIs(text, LEAVE_STARTED)) return;
    const state = this.state(node);
    state.leaveI = i;
    state.leaveLamport = lamport;
    state.leaveTimes.add(lamport);
    this.lastLooseContent = '';
    this.endMembership(state);
  }

  /** A participant crashed: it is no member, and what it shows after restarting starts a new sequence. */
  participantCrash(node: number): void {
    const state = this.state(node);
    this.endMembership(state);
    state.lastRound = undefined;
    state.seq = 0;
    state.lastShownRoundId = 0;
    for (const round of this.open) {
      if (round.showSeq[node] !== undefined && round.showSeq[node] > 0) {
        round.showSeq[node] = 0;
        const at = round.shownBy.indexOf(node);
        if (at >= 0) round.shownBy.splice(at, 1);
      }
    }
  }

  private endMembership(state: ParticipantState): void {
    if (!state.member) return;
    state.member = false;
    state.epoch++;
  }

  /** A participant received a BroadcastRequest: what it shows next belongs to that round. */
  broadcastReceived(node: number, i: number, record: MessageRecord<Round> | undefined): void {
    const state = this.state(node);
    const round = record?.tag;
    state.lastRound = round !== undefined && !round.closed ? round : undefined;
    if (state.lastRound !== undefined && !(state.lastRound.receivedI[node] >= 0)) state.lastRound.receivedI[node] = i;
    state.lastBroadcastSendI = record?.sendI ?? -1;
  }

  /** A participant answers a broadcast: the reply belongs to the round it served. */
  broadcastReplySent(node: number, record: MessageRecord<Round>): void {
    record.tag = this.state(node).lastRound;
  }

  /**
   * A participant shows something. `contentLength` is the length of `shows` without a chat line's
   * `, lamport time: N` suffix; `chat` says whether it is a chat line.
   */
  shown(node: number, i: number, lamport: number, shows: TextView, contentLength: number, chat: boolean): void {
    const state = this.state(node);
    const name = this.names[node];
    // A leaver must not show its own leave announcement (with or without a chat line's suffix): a cheap test before anything else.
    if (shows.startsWith(PARTICIPANT) && shows.startsWith(name, PARTICIPANT.length) && shows.startsWith(OWN_LEAVE, PARTICIPANT.length + name.length) && digitsOnly(shows, PARTICIPANT.length + name.length + OWN_LEAVE.length, contentLength)) {
      const text = shows.slice();
      this.log.report('own-announcement', () => [this.ref(i, node, lamport)], () => `Participant ${name} showed its own leave announcement ${quote(text)}; a leaver must not.`);
    }
    let round = state.lastRound;
    if (round === undefined || round.closed) {
      const text = shows.slice();
      if (text !== this.lastLooseContent) {
        this.lastLooseContent = text;
        judgeContent(this, text.slice(0, contentLength), chat, this.ref(i, node, lamport), undefined);
      }
      return;
    }
    round = attributeShow(this, node, round, shows, contentLength, chat, i, lamport, state.lastBroadcastSendI);
    const position = round.requiredPosition[node];
    if (position > 0) round.satisfied[position - 1] = 1;
    if (round.showSeq[node] !== undefined && round.showSeq[node] > 0) {
      const firstI = round.showI[node];
      const roundRef = round;
      this.log.report(
        'broadcast-once',
        () => [this.ref(firstI, node, roundRef.showLamport[node]), this.ref(i, node, lamport)],
        () => `${name} showed broadcast #${roundRef.id} ${quote(roundRef.content!)} twice, at events ${firstI} and ${i}.`,
      );
      return;
    }
    state.seq++;
    round.showSeq[node] = state.seq;
    round.showI[node] = i;
    round.showLamport[node] = lamport;
    round.shownBy.push(node);
    round.asMember[node] = state.member;
    if (state.member) judgeOrder(this, node, state, round);
  }

  /**
   * Judges the rounds still open. After an interrupted run, a round whose broadcast had not ended
   * is left unjudged: its members may simply not have been reached yet.
   */
  finish(interrupted: boolean): void {
    if (!interrupted && this.current !== undefined) this.endRound(this.current);
    for (const round of this.open) {
      if (interrupted && !round.ended) continue;
      this.closeRound(round);
    }
    this.open.length = 0;
    this.current = undefined;
  }

  /** What this checker holds, for tests of boundedness. */
  size(): { openRounds: number; participants: number } {
    return { openRounds: this.open.length, participants: this.participants.filter((state) => state !== undefined).length };
  }
}
