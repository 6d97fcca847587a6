/**
 * The Chitty-Chat server: it handles Join, Publish and Leave calls one at a time in arrival order,
 * and for each publish calls Broadcast on every member in join order, waiting for each reply
 * before the next, so every member sees one order. (Under the `concurrent-broadcast` mode,
 * publishes do not wait for each other.)
 */
import type { Envelope } from '../sim/envelope.js';
import type { NodeContext, SimNode } from '../sim/world.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import {
  codePointLength,
  MAX_MESSAGE_CODE_POINTS,
  type PublishPayload,
  type ReplyPayload,
} from './messages.js';

/** A request waiting for its turn, or a publish being broadcast. */
interface Job {
  request: Envelope;
  /** Members still to call, for a publish being broadcast. */
  recipients: number[];
  next: number;
}

const NO_ERROR: ReplyPayload = Object.freeze({});

/** The server process (node index 0). */
export class Server implements SimNode {
  private readonly clock: LamportClock;
  /** Member node indices in join order. */
  private readonly members: number[] = [];
  private readonly waiting: Job[] = [];
  private waitingHead = 0;
  /** Publishes being broadcast, by the request id of their Broadcast calls. */
  private readonly broadcasting = new Map<number, Job>();
  private busy = false;
  private nextBroadcastId = 0;
  private readonly ctx: NodeContext;
  /** Log texts that name a member, made once per member. */
  private readonly sentToText: string[] = [];
  private readonly responseFromText: string[] = [];

  constructor(
    attach: (node: SimNode) => NodeContext,
    private readonly mode: ClockMode,
  ) {
    this.ctx = attach(this);
    this.clock = new LamportClock(mode.logBeforeTick);
  }

  onMessage(envelope: Envelope): void {
    const mode = this.mode;
    switch (envelope.type) {
      case 'JoinRequest':
        this.ctx.receive(envelope, this.clock.receive(mode.serverRequestReceive, envelope.clock), 'Received join request');
        this.enqueue(envelope);
        return;
      case 'PublishRequest':
        this.ctx.receive(envelope, this.clock.receive(mode.serverRequestReceive, envelope.clock), 'Received publish request');
        if (mode.concurrentBroadcasts) this.startJob({ request: envelope, recipients: [], next: 0 });
        else this.enqueue(envelope);
        return;
      case 'LeaveRequest':
        this.ctx.receive(envelope, this.clock.receive(mode.serverRequestReceive, envelope.clock), 'Received leave request');
        this.enqueue(envelope);
        return;
      case 'BroadcastReply':
        this.onBroadcastReply(envelope);
        return;
      default:
        this.ctx.receive(envelope, this.clock.value, '');
    }
  }

  private enqueue(request: Envelope): void {
    this.waiting.push({ request, recipients: [], next: 0 });
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

  /** Runs a request; a publish keeps the server busy until its last broadcast reply. */
  private startJob(job: Job): void {
    const request = job.request;
    const clock = this.clock;
    switch (request.type) {
      case 'JoinRequest': {
        this.ctx.local(clock.tick(), 'Attempt join');
        const member = request.from;
        if (!this.members.includes(member)) this.members.push(member);
        this.reply(request, 'JoinReply', 'Join reply', NO_ERROR);
        return;
      }
      case 'LeaveRequest': {
        this.ctx.local(clock.tick(), 'Attempt leave');
        const position = this.members.indexOf(request.from);
        if (position >= 0) this.members.splice(position, 1);
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
        this.ctx.local(clock.tick(), 'BroadCast Request sent');
        job.recipients = this.members.slice();
        if (!this.mode.concurrentBroadcasts) this.busy = true;
        this.broadcastNext(job);
        return;
      }
    }
  }

  private broadcastNext(job: Job): void {
    const clock = this.clock;
    if (job.next >= job.recipients.length) {
      this.reply(job.request, 'PublishReply', 'Publish reply', NO_ERROR);
      this.busy = false;
      this.startNextJob();
      return;
    }
    const member = job.recipients[job.next++];
    const id = this.nextBroadcastId++;
    this.broadcasting.set(id, job);
    const logged = clock.tick();
    this.ctx.send(member, 'BroadcastRequest', clock.value, id, job.request.payload, logged, this.sentTo(member));
  }

  private onBroadcastReply(envelope: Envelope): void {
    const logged = this.clock.receive(this.mode.serverReceive, envelope.clock);
    this.ctx.receive(envelope, logged, this.responseFrom(envelope.from));
    const job = this.broadcasting.get(envelope.requestId);
    if (job === undefined) return;
    this.broadcasting.delete(envelope.requestId);
    this.broadcastNext(job);
  }

  private reply(request: Envelope, type: 'JoinReply' | 'PublishReply' | 'LeaveReply', text: string, payload: ReplyPayload): void {
    const logged = this.clock.tick();
    this.ctx.send(request.from, type, this.clock.value, request.requestId, payload, logged, text);
  }

  private sentTo(member: number): string {
    return (this.sentToText[member] ??= `BroadCast Request sent to ${this.ctx.nameOf(member)}`);
  }

  private responseFrom(member: number): string {
    return (this.responseFromText[member] ??= `Response from ${this.ctx.nameOf(member)}: BroadCast message reply`);
  }
}

