/**
 * The Chitty-Chat server: it handles Join, Publish and Leave calls one at a time in arrival order,
 * and for each publish calls Broadcast on every member in join order, waiting for each reply
 * before the next, so every member sees one order. (Under the `concurrent-broadcast` mode,
 * publishes do not wait for each other.)
 *
 * When the network can lose messages: a retried request (same request id) is not acted on twice,
 * its stored reply is sent again; a Broadcast call is retried, and a member that never answers is
 * dropped and announced as having left (R8 by failure detection). A crash loses the members and
 * all work in progress; participants find out when a publish is refused, and join again.
 */
import type { Message, NodeContext, NodeHandlers } from '../../sim/node-api.js';
import { BroadcastsInFlight, type Job, type Participant, type StoredReply } from './broadcasts.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import {
  codePointLength,
  leaveAnnouncement,
  LOG,
  MAX_MESSAGE_CODE_POINTS,
  NOT_A_MEMBER_REFUSAL,
  numbered,
  stamped,
  timed,
  tooLongRefusal,
  type BroadcastPayload,
  type CallPolicy,
  type ReplyPayload,
  type RequestPayload,
} from './messages.js';

/** Broadcast ids of successive incarnations never overlap: ids only grow. */
const INCARNATION_STRIDE = 2 ** 32;

/** What the server keeps across a crash (`ctx.durable`). */
interface ServerDurable {
  /** How many times it has restarted: its broadcast ids start anew above the old ones. */
  incarnation?: number;
  /** The Lamport clock, in the modes that store it. */
  clock?: LamportClock;
}

/** Timer data of a Broadcast call: which call and which attempt. */
interface BroadcastTimer {
  broadcastId: number;
  attempt: number;
}

const sentTo = (member: string) => `${LOG.roundStarted} to ${member}`;
const responseFrom = (member: string) => `Response from ${member}: BroadCast message reply`;

class Server implements NodeHandlers {
  private readonly clock: LamportClock;
  private readonly participants = new Map<string, Participant>();
  /** Members in join order. */
  private readonly members: Participant[] = [];
  private waiting: Job[] = [];
  private waitingHead = 0;
  /** Publishes being broadcast, by the id of their Broadcast call in flight. */
  private readonly broadcasting = new BroadcastsInFlight();
  private busy = false;
  private nextBroadcastId = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly mode: ClockMode,
    private readonly calls: CallPolicy,
  ) {
    const durable = ctx.durable as ServerDurable;
    this.clock = mode.keepsClockAcrossCrash ? (durable.clock ??= new LamportClock(mode.logBeforeTick)) : new LamportClock(mode.logBeforeTick);
    if (ctx.restarted) {
      durable.incarnation = (durable.incarnation ?? 0) + 1;
      this.nextBroadcastId = durable.incarnation * INCARNATION_STRIDE;
    }
  }

  private participant(name: string): Participant {
    let participant = this.participants.get(name);
    if (participant === undefined) {
      participant = { name, member: false, lastRequestId: undefined, lastReply: undefined, sentToTimed: timed(sentTo(name)), responseFromTimed: timed(responseFrom(name)) };
      this.participants.set(name, participant);
    }
    return participant;
  }

  onMessage(message: Message): void {
    switch (message.type) {
      case 'JoinRequest':
        this.onRequest(message as Message<RequestPayload>, 'Received join request');
        return;
      case 'PublishRequest':
        this.onRequest(message as Message<RequestPayload>, 'Received publish request');
        return;
      case 'LeaveRequest':
        this.onRequest(message as Message<RequestPayload>, 'Received leave request');
        return;
      case 'BroadcastReply':
        this.onBroadcastReply(message as Message<ReplyPayload>);
        return;
      default: {
        const logged = this.clock.receive(this.mode.serverReceive, message.lamport);
        this.ctx.receive(message, { lamport: logged, text: numbered('Unexpected message ignored', logged) });
      }
    }
  }

  private onRequest(request: Message<RequestPayload>, text: string): void {
    const from = this.participant(request.from);
    const requestId = request.payload.requestId;
    const logged = this.clock.receive(this.mode.serverRequestReceive, request.lamport);
    const last = from.lastRequestId;
    if (last !== undefined && requestId < last) {
      // A late retry of a call the participant has since given up on: acting on it now would
      // undo what came after (a leave after the participant joined again).
      this.ctx.receive(request, { lamport: logged, text: numbered(`${text} (stale retry, ignored)`, logged) });
      return;
    }
    if (last === requestId) {
      // A retry of a request already seen: answer again if it is done, never act twice.
      const stored = from.lastReply;
      this.ctx.receive(request, { lamport: logged, text: numbered(`${text} (retry, ${stored ? 'answered again' : 'still in progress'})`, logged) });
      if (stored) this.sendReply(request, stored.type, `${stored.text} (again)`, stored.payload);
      return;
    }
    from.lastRequestId = requestId;
    from.lastReply = undefined;
    this.ctx.receive(request, { lamport: logged, text: numbered(text, logged) });
    const job: Job = { request, publish: undefined, recipients: [], next: 0, broadcastId: -1, member: undefined, attempt: 0 };
    if (request.type === 'PublishRequest' && this.mode.concurrentBroadcasts) this.startJob(job);
    else this.enqueue(job);
  }

  private enqueue(job: Job): void {
    this.waiting.push(job);
    if (!this.busy) this.startNextJob();
  }

  private startNextJob(): void {
    while (!this.busy && this.waitingHead < this.waiting.length) {
      const job = this.waiting[this.waitingHead++];
      if (this.waitingHead > 1024) {
        this.waiting.splice(0, this.waitingHead);
        this.waitingHead = 0;
      }
      this.startJob(job);
    }
  }

  private logLocal(text: string): void {
    const logged = this.clock.tick();
    this.ctx.local({ lamport: logged, text: numbered(text, logged) });
  }

  /** Runs a job; a publish keeps the server busy until its last broadcast reply. */
  private startJob(job: Job): void {
    const request = job.request;
    if (request === undefined) {
      this.startBroadcast(job);
      return;
    }
    const from = this.participant(request.from);
    const requestId = request.payload.requestId;
    switch (request.type) {
      case 'JoinRequest': {
        this.logLocal('Attempt join');
        if (!from.member) {
          from.member = true;
          this.members.push(from);
        }
        this.reply(request, from, 'JoinReply', 'Join reply', { requestId });
        return;
      }
      case 'LeaveRequest': {
        this.logLocal('Attempt leave');
        this.removeMember(from);
        this.reply(request, from, 'LeaveReply', 'Leave reply', { requestId });
        return;
      }
      case 'PublishRequest': {
        const publish = request.payload.publish!;
        this.logLocal('Attempt publish');
        const length = codePointLength(publish.text);
        if (length > MAX_MESSAGE_CODE_POINTS) {
          const error = tooLongRefusal(length);
          this.reply(request, from, 'PublishReply', error, { requestId, error });
          return;
        }
        if (!from.member) {
          this.reply(request, from, 'PublishReply', NOT_A_MEMBER_REFUSAL, { requestId, error: NOT_A_MEMBER_REFUSAL, notMember: true });
          return;
        }
        job.publish = publish;
        this.startBroadcast(job);
        return;
      }
    }
  }

  private startBroadcast(job: Job): void {
    this.logLocal(LOG.roundStarted);
    job.recipients = this.members.slice();
    if (!this.mode.concurrentBroadcasts) this.busy = true;
    this.broadcastNext(job);
  }

  private broadcastNext(job: Job): void {
    // Members dropped meanwhile are skipped.
    const recipients = job.recipients;
    while (job.next < recipients.length && !recipients[job.next].member) job.next++;
    if (job.next >= recipients.length) {
      const request = job.request;
      if (request !== undefined) this.reply(request, this.participant(request.from), 'PublishReply', 'Publish reply', { requestId: request.payload.requestId });
      if (!this.mode.concurrentBroadcasts) this.busy = false;
      this.startNextJob();
      return;
    }
    const member = (job.member = recipients[job.next++]);
    job.broadcastId = this.nextBroadcastId++;
    job.attempt = 1;
    this.broadcasting.add(job.broadcastId, job);
    this.sendBroadcast(job, member, member.sentToTimed);
  }

  /** Sends a Broadcast call; `timedText` is its log line with the suffix, without the time. */
  private sendBroadcast(job: Job, member: Participant, timedText: string): void {
    const clock = this.clock;
    const logged = clock.tick();
    const payload: BroadcastPayload = { broadcastId: job.broadcastId, publish: job.publish! };
    this.ctx.send(member.name, 'BroadcastRequest', payload, { lamport: logged, carry: clock.value, text: stamped(timedText, logged) });
    if (this.calls.enabled) {
      const data: BroadcastTimer = { broadcastId: job.broadcastId, attempt: job.attempt };
      this.ctx.setTimer(this.calls.rpcMs, broadcastTimer(job.broadcastId, job.attempt), data);
    }
  }

  onTimer(_name: string, data: unknown): void {
    const { broadcastId, attempt } = data as BroadcastTimer;
    const job = this.broadcasting.get(broadcastId);
    if (job === undefined || job.broadcastId !== broadcastId || job.attempt !== attempt) return;
    const member = job.member!;
    if (attempt <= this.calls.retries) {
      job.attempt++;
      this.sendBroadcast(job, member, timed(`${sentTo(member.name)} (attempt ${job.attempt})`));
      return;
    }
    // Failure detection: the member is dropped and announced as having left (R8).
    this.broadcasting.delete(broadcastId);
    const detected = this.clock.tick();
    this.ctx.local({ lamport: detected, text: numbered(`Participant ${member.name}${LOG.removedSuffix}`, detected) });
    this.removeMember(member);
    const text = leaveAnnouncement(member.name, detected);
    const announcement: Job = { request: undefined, publish: { author: member.name, text, kind: 'leave', shown: text }, recipients: [], next: 0, broadcastId: -1, member: undefined, attempt: 0 };
    // Announced right after the publish in progress, before requests that wait.
    this.waiting.splice(this.waitingHead, 0, announcement);
    this.broadcastNext(job);
  }

  private onBroadcastReply(reply: Message<ReplyPayload>): void {
    const logged = this.clock.receive(this.mode.serverReceive, reply.lamport);
    const broadcastId = reply.payload.requestId;
    const job = this.broadcasting.get(broadcastId);
    if (job === undefined) {
      this.ctx.receive(reply, { lamport: logged, text: numbered(`${responseFrom(reply.from)} (late, ignored)`, logged) });
      return;
    }
    // The call answered is the one in flight to the job's member, who sent this reply.
    this.ctx.receive(reply, { lamport: logged, text: stamped(job.member!.responseFromTimed, logged) });
    // Answered: the call's timeout is not needed (firing, it would do nothing).
    if (this.calls.enabled) this.ctx.cancelTimer(broadcastTimer(broadcastId, job.attempt));
    this.broadcasting.delete(broadcastId);
    job.broadcastId = -1;
    this.broadcastNext(job);
  }

  private removeMember(participant: Participant): void {
    if (!participant.member) return;
    participant.member = false;
    this.members.splice(this.members.indexOf(participant), 1);
  }

  private reply(request: Message<RequestPayload>, from: Participant, type: StoredReply['type'], text: string, payload: ReplyPayload): void {
    from.lastReply = { type, text, payload };
    this.sendReply(request, type, text, payload);
  }

  private sendReply(request: Message, type: StoredReply['type'], text: string, payload: ReplyPayload): void {
    const clock = this.clock;
    const logged = clock.tick();
    this.ctx.send(request.from, type, payload, { lamport: logged, carry: clock.value, text: numbered(text, logged) });
  }
}

/** The name of the timer of a Broadcast call's attempt. */
function broadcastTimer(broadcastId: number, attempt: number): string {
  return `broadcast ${broadcastId} attempt ${attempt}`;
}

/** The server node. */
export function server(ctx: NodeContext, mode: ClockMode, calls: CallPolicy): NodeHandlers {
  return new Server(ctx, mode, calls);
}
