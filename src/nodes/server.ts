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
import type { Envelope } from '../sim/envelope.js';
import type { NodeContext, SimNode } from '../sim/world.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import { codePointLength, leaveAnnouncement, MAX_MESSAGE_CODE_POINTS, type CallPolicy, type PublishPayload, type ReplyPayload } from './messages.js';

/** A request waiting for its turn, a publish being broadcast, or an announcement of the server's own. */
interface Job {
  /** The participant's request; undefined for the server's own announcements. */
  request: Envelope | undefined;
  payload: PublishPayload | undefined;
  /** Members to call, for a publish being broadcast. */
  recipients: number[];
  next: number;
  /** The Broadcast call in flight. */
  broadcastId: number;
  member: number;
  attempt: number;
}

interface StoredReply {
  type: 'JoinReply' | 'PublishReply' | 'LeaveReply';
  text: string;
  payload: ReplyPayload;
}

const NO_ERROR: ReplyPayload = Object.freeze({});
/** Broadcast ids of successive incarnations never overlap: ids only grow. */
const INCARNATION_STRIDE = 2 ** 32;

/**
 * The Broadcast calls in flight, by id. One at a time unless broadcasts run concurrently, so the
 * common case is a single slot rather than a map (this runs once per broadcast).
 */
class BroadcastsInFlight {
  private id = -1;
  private job: Job | undefined;
  private more: Map<number, Job> | undefined;

  add(id: number, job: Job): void {
    if (this.job === undefined) {
      this.id = id;
      this.job = job;
    } else {
      (this.more ??= new Map()).set(id, job);
    }
  }

  get(id: number): Job | undefined {
    if (this.job !== undefined && this.id === id) return this.job;
    return this.more?.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  delete(id: number): void {
    if (this.job !== undefined && this.id === id) {
      this.job = undefined;
      this.id = -1;
    } else {
      this.more?.delete(id);
    }
  }
}

/** The server process (node index 0). */
export class Server implements SimNode {
  private readonly clock: LamportClock;
  /** Member node indices in join order. */
  private members: number[] = [];
  /** isMember[node]: the same set, for constant-time checks on the hot path. */
  private isMember: boolean[] = [];
  private waiting: Job[] = [];
  private waitingHead = 0;
  /** Publishes being broadcast, by the id of their Broadcast call in flight. */
  private broadcasting = new BroadcastsInFlight();
  private busy = false;
  private nextBroadcastId = 0;
  /** Per participant: the newest request id seen and, once handled, its reply. */
  private lastRequestId: number[] = [];
  private lastReply: (StoredReply | undefined)[] = [];
  private readonly ctx: NodeContext;
  /** Log texts that name a member, made once per member. */
  private readonly sentToText: string[] = [];
  private readonly responseFromText: string[] = [];

  constructor(
    attach: (node: SimNode) => NodeContext,
    private readonly mode: ClockMode,
    private readonly calls: CallPolicy,
  ) {
    this.ctx = attach(this);
    this.clock = new LamportClock(mode.logBeforeTick);
  }

  onMessage(envelope: Envelope): void {
    switch (envelope.type) {
      case 'JoinRequest':
        this.onRequest(envelope, 'Received join request');
        return;
      case 'PublishRequest':
        this.onRequest(envelope, 'Received publish request');
        return;
      case 'LeaveRequest':
        this.onRequest(envelope, 'Received leave request');
        return;
      case 'BroadcastReply':
        this.onBroadcastReply(envelope);
        return;
      default:
        this.ctx.receive(envelope, this.clock.receive(this.mode.serverReceive, envelope.clock), 'Unexpected message ignored');
    }
  }

  private onRequest(request: Envelope, text: string): void {
    const from = request.from;
    const logged = this.clock.receive(this.mode.serverRequestReceive, request.clock);
    const last = this.lastRequestId[from];
    if (last !== undefined && request.requestId < last) {
      // A late retry of a call the participant has since given up on: acting on it now would
      // undo what came after (a leave after the participant joined again).
      this.ctx.receive(request, logged, `${text} (stale retry, ignored)`);
      return;
    }
    if (last === request.requestId) {
      // A retry of a request already seen: answer again if it is done, never act twice.
      const stored = this.lastReply[from];
      this.ctx.receive(request, logged, `${text} (retry, ${stored ? 'answered again' : 'still in progress'})`);
      if (stored) this.sendReply(request, stored.type, `${stored.text} (again)`, stored.payload);
      return;
    }
    this.lastRequestId[from] = request.requestId;
    this.lastReply[from] = undefined;
    this.ctx.receive(request, logged, text);
    const job: Job = { request, payload: undefined, recipients: [], next: 0, broadcastId: -1, member: -1, attempt: 0 };
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

  /** Runs a job; a publish keeps the server busy until its last broadcast reply. */
  private startJob(job: Job): void {
    const request = job.request;
    const clock = this.clock;
    if (request === undefined) {
      this.startBroadcast(job);
      return;
    }
    const from = request.from;
    switch (request.type) {
      case 'JoinRequest': {
        this.ctx.local(clock.tick(), 'Attempt join');
        if (!this.isMember[from]) {
          this.members.push(from);
          this.isMember[from] = true;
        }
        this.reply(request, 'JoinReply', 'Join reply', NO_ERROR);
        return;
      }
      case 'LeaveRequest': {
        this.ctx.local(clock.tick(), 'Attempt leave');
        this.removeMember(from);
        this.reply(request, 'LeaveReply', 'Leave reply', NO_ERROR);
        return;
      }
      case 'PublishRequest': {
        const publish = request.payload as PublishPayload;
        this.ctx.local(clock.tick(), 'Attempt publish');
        const length = codePointLength(publish.text);
        if (length > MAX_MESSAGE_CODE_POINTS) {
          const error = `Publish refused: the message has ${length} characters, more than ${MAX_MESSAGE_CODE_POINTS}`;
          this.reply(request, 'PublishReply', error, { error });
          return;
        }
        if (!this.isMember[from]) {
          const error = 'Publish refused: not a member of the chat';
          this.reply(request, 'PublishReply', error, { error, notMember: true });
          return;
        }
        job.payload = publish;
        this.startBroadcast(job);
        return;
      }
    }
  }

  private startBroadcast(job: Job): void {
    this.ctx.local(this.clock.tick(), 'BroadCast Request sent');
    job.recipients = this.members.slice();
    if (!this.mode.concurrentBroadcasts) this.busy = true;
    this.broadcastNext(job);
  }

  private broadcastNext(job: Job): void {
    // Members dropped meanwhile are skipped.
    while (job.next < job.recipients.length && !this.isMember[job.recipients[job.next]]) job.next++;
    if (job.next >= job.recipients.length) {
      if (job.request !== undefined) this.reply(job.request, 'PublishReply', 'Publish reply', NO_ERROR);
      if (!this.mode.concurrentBroadcasts) this.busy = false;
      this.startNextJob();
      return;
    }
    job.member = job.recipients[job.next++];
    job.broadcastId = this.nextBroadcastId++;
    job.attempt = 1;
    this.broadcasting.add(job.broadcastId, job);
    this.sendBroadcast(job, this.sentTo(job.member));
  }

  private sendBroadcast(job: Job, text: string): void {
    const logged = this.clock.tick();
    this.ctx.send(job.member, 'BroadcastRequest', this.clock.value, job.broadcastId, job.payload, logged, text);
    if (this.calls.enabled) {
      const { broadcastId, attempt } = job;
      this.ctx.after(this.calls.rpcMs, () => this.onBroadcastTimeout(job, broadcastId, attempt));
    }
  }

  private onBroadcastTimeout(job: Job, broadcastId: number, attempt: number): void {
    if (job.broadcastId !== broadcastId || job.attempt !== attempt || !this.broadcasting.has(broadcastId)) return;
    if (attempt <= this.calls.retries) {
      job.attempt++;
      this.sendBroadcast(job, `${this.sentTo(job.member)} (attempt ${job.attempt})`);
      return;
    }
    // Failure detection: the member is dropped and announced as having left (R8).
    this.broadcasting.delete(broadcastId);
    const member = job.member;
    const detected = this.clock.tick();
    const name = this.ctx.nameOf(member);
    this.ctx.local(detected, `Participant ${name} is not responding: removed`);
    this.removeMember(member);
    const text = leaveAnnouncement(name, detected);
    const announcement: Job = { request: undefined, payload: { author: name, text, kind: 'leave', shown: text }, recipients: [], next: 0, broadcastId: -1, member: -1, attempt: 0 };
    // Announced right after the publish in progress, before requests that wait.
    this.waiting.splice(this.waitingHead, 0, announcement);
    this.broadcastNext(job);
  }

  private onBroadcastReply(envelope: Envelope): void {
    const logged = this.clock.receive(this.mode.serverReceive, envelope.clock);
    const job = this.broadcasting.get(envelope.requestId);
    if (job === undefined) {
      this.ctx.receive(envelope, logged, `${this.responseFrom(envelope.from)} (late, ignored)`);
      return;
    }
    this.ctx.receive(envelope, logged, this.responseFrom(envelope.from));
    this.broadcasting.delete(envelope.requestId);
    job.broadcastId = -1;
    this.broadcastNext(job);
  }

  private removeMember(member: number): void {
    if (!this.isMember[member]) return;
    this.isMember[member] = false;
    this.members.splice(this.members.indexOf(member), 1);
  }

  private reply(request: Envelope, type: StoredReply['type'], text: string, payload: ReplyPayload): void {
    this.lastReply[request.from] = { type, text, payload };
    this.sendReply(request, type, text, payload);
  }

  private sendReply(request: Envelope, type: StoredReply['type'], text: string, payload: ReplyPayload): void {
    const logged = this.clock.tick();
    this.ctx.send(request.from, type, this.clock.value, request.requestId, payload, logged, text);
  }

  private sentTo(member: number): string {
    return (this.sentToText[member] ??= `BroadCast Request sent to ${this.ctx.nameOf(member)}`);
  }

  private responseFrom(member: number): string {
    return (this.responseFromText[member] ??= `Response from ${this.ctx.nameOf(member)}: BroadCast message reply`);
  }

  onCrash(): number {
    const logged = this.mode.keepsClockAcrossCrash ? this.clock.tick() : this.clock.value;
    this.members = [];
    this.isMember = [];
    this.waiting = [];
    this.waitingHead = 0;
    this.broadcasting = new BroadcastsInFlight();
    this.busy = false;
    this.lastRequestId = [];
    this.lastReply = [];
    return logged;
  }

  onRestart(): number {
    this.nextBroadcastId = Math.ceil((this.nextBroadcastId + 1) / INCARNATION_STRIDE) * INCARNATION_STRIDE;
    if (this.mode.keepsClockAcrossCrash) return this.clock.tick();
    this.clock.value = 0;
    return 0;
  }

  resume(): void {}
}
