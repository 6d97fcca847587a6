/**
 * A Chitty-Chat participant: it runs its user's commands (join, publish, leave) in order, one at a
 * time, as a person at a terminal does, and serves the server's Broadcast calls.
 *
 * When the network can lose messages, every call times out and is retried a bounded number of
 * times with the same request id (the server acts on it once); a duplicate broadcast is answered
 * again but not shown twice. A crash loses everything but the user's wish to be in the chat:
 * on restart the participant joins again.
 */
import type { Envelope } from '../sim/envelope.js';
import type { NodeContext, SimNode } from '../sim/world.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import {
  joinAnnouncement,
  leaveAnnouncement,
  shownText,
  type CallPolicy,
  type MembershipPayload,
  type PublishKind,
  type PublishPayload,
  type ReplyPayload,
} from './messages.js';

/** A user command. */
export type Command = { kind: 'join' } | { kind: 'publish'; text: string } | { kind: 'leave' };

type CallKind = 'join' | 'publish' | 'leave-announcement' | 'leave';
type RequestType = 'JoinRequest' | 'PublishRequest' | 'LeaveRequest';

/** The call in flight. */
interface Call {
  kind: CallKind;
  type: RequestType;
  requestId: number;
  payload: unknown;
  /** The logged text of the first attempt. */
  text: string;
  attempt: number;
  /** For a chat publish: the text, to publish again after joining again. */
  chat?: string;
}

const SERVER = 0;
const EXPECTED_REPLY: Record<RequestType, string> = { JoinRequest: 'JoinReply', PublishRequest: 'PublishReply', LeaveRequest: 'LeaveReply' };

/** A participant process. Its commands queue while an earlier one is in flight. */
export class Participant implements SimNode {
  /** The clock for the calls it makes (`c` in the report). */
  private readonly callClock: LamportClock;
  /** The clock for the broadcasts it serves (`b`); the same object unless the mode splits them. */
  private readonly serveClock: LamportClock;
  private queue: Command[] = [];
  private queueHead = 0;
  private pending: Call | undefined;
  private requestId = 0;
  /** The newest broadcast served; the server's broadcast ids only grow. */
  private lastBroadcastId = -1;
  /** Broadcast ids served, kept only when broadcasts may arrive out of order. */
  private servedBroadcasts: Set<number> | undefined;
  /** Whether the user has joined and not left: what survives a crash. */
  private inChat = false;
  private readonly ctx: NodeContext;

  constructor(
    attach: (node: SimNode) => NodeContext,
    private readonly mode: ClockMode,
    private readonly calls: CallPolicy,
  ) {
    this.ctx = attach(this);
    this.callClock = new LamportClock(mode.logBeforeTick);
    this.serveClock = mode.splitParticipantClock ? new LamportClock(mode.logBeforeTick) : this.callClock;
    if (mode.concurrentBroadcasts) this.servedBroadcasts = new Set();
  }

  /** Queues a command; it starts now if nothing is in flight. */
  command(command: Command): void {
    this.queue.push(command);
    if (this.pending === undefined) this.startNext();
  }

  private startNext(): void {
    if (this.queueHead >= this.queue.length) return;
    const command = this.queue[this.queueHead++];
    if (this.queueHead > 1024) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    switch (command.kind) {
      case 'join':
        this.inChat = true;
        this.call('join', 'JoinRequest', { participant: this.ctx.name } satisfies MembershipPayload, 'Join Request sent');
        break;
      case 'publish':
        this.publish(command.text, 'chat');
        break;
      case 'leave':
        this.inChat = false;
        this.startLeave();
        break;
    }
  }

  private finish(): void {
    this.pending = undefined;
    this.startNext();
  }

  /** Starts a call: ticks the call clock and sends the request. */
  private call(kind: CallKind, type: RequestType, payload: unknown, text: string, chat?: string): void {
    const call: Call = { kind, type, requestId: ++this.requestId, payload, text, attempt: 1, chat };
    this.pending = call;
    const logged = this.callClock.tick();
    this.sendAttempt(call, logged);
  }

  private sendAttempt(call: Call, logged: number): void {
    const text = call.attempt === 1 ? call.text : `${call.text || defaultText(call.type)} (attempt ${call.attempt})`;
    this.ctx.send(SERVER, call.type, this.callClock.value, call.requestId, call.payload, logged, text);
    if (this.calls.enabled) {
      const attempt = call.attempt;
      this.ctx.after(this.calls.rpcMs, () => this.onTimeout(call, attempt));
    }
  }

  private onTimeout(call: Call, attempt: number): void {
    if (this.pending !== call || call.attempt !== attempt) return;
    if (attempt <= this.calls.retries) {
      call.attempt++;
      this.sendAttempt(call, this.callClock.tick());
      return;
    }
    this.ctx.local(this.callClock.tick(), `Call failed: no reply from the Server after ${attempt} attempts`);
    if (call.kind === 'join') this.inChat = false;
    this.finish();
  }

  private publish(text: string, kind: PublishKind): void {
    const payload: PublishPayload = { author: this.ctx.name, text, kind, shown: shownText(this.ctx.name, text, kind) };
    this.call('publish', 'PublishRequest', payload, 'Publish Request sent', kind === 'chat' ? text : undefined);
  }

  private startLeave(): void {
    const clock = this.callClock;
    const announced = clock.tick();
    this.ctx.local(announced, 'Leave Request sent');
    const text = leaveAnnouncement(this.ctx.name, announced);
    const payload: PublishPayload = { author: this.ctx.name, text, kind: 'leave', shown: text };
    if (this.mode.reportLeavePath) {
      // the report: a silent tick, then the announcement carries it; nothing is logged.
      clock.value++;
      const call: Call = { kind: 'leave-announcement', type: 'PublishRequest', requestId: ++this.requestId, payload, text: '', attempt: 1 };
      this.pending = call;
      this.sendAttempt(call, clock.value);
    } else {
      this.call('leave-announcement', 'PublishRequest', payload, '');
    }
  }

  private leaveCall(): void {
    const payload: MembershipPayload = { participant: this.ctx.name };
    if (this.mode.reportLeavePath) {
      // the report: the Leave call carries the clock without a tick.
      const call: Call = { kind: 'leave', type: 'LeaveRequest', requestId: ++this.requestId, payload, text: '', attempt: 1 };
      this.pending = call;
      this.sendAttempt(call, this.callClock.value);
    } else {
      this.call('leave', 'LeaveRequest', payload, '');
    }
  }

  onMessage(envelope: Envelope): void {
    if (envelope.type === 'BroadcastRequest') {
      this.serveBroadcast(envelope as Envelope<PublishPayload>);
      return;
    }
    const call = this.pending;
    if (call === undefined || envelope.requestId !== call.requestId || envelope.type !== EXPECTED_REPLY[call.type]) {
      // A late or duplicated reply to a call already finished: received, changes nothing.
      this.ctx.receive(envelope, this.callClock.receive(this.mode.participantReceive, envelope.clock), 'Late reply ignored');
      return;
    }
    this.onReply(call, envelope as Envelope<ReplyPayload>);
  }

  private onReply(call: Call, envelope: Envelope<ReplyPayload>): void {
    const clock = this.callClock;
    const mode = this.mode;
    switch (call.kind) {
      case 'join': {
        const joinedAt = clock.receive(mode.participantReceive, envelope.clock);
        this.ctx.receive(envelope, joinedAt, 'Join response from the Server: You are now connected');
        this.publish(joinAnnouncement(this.ctx.name, joinedAt), 'join');
        return;
      }
      case 'publish': {
        const logged = clock.receive(mode.participantReceive, envelope.clock);
        const { error, notMember } = envelope.payload;
        this.ctx.receive(envelope, logged, error === undefined ? 'Response from the Server: Publish message reply' : `Response from the Server: ${error}`);
        if (notMember && call.chat !== undefined && this.inChat) {
          // The server forgot us (it restarted, or dropped us): join again, then publish again.
          this.queue.splice(this.queueHead, 0, { kind: 'join' }, { kind: 'publish', text: call.chat });
        }
        this.finish();
        return;
      }
      case 'leave-announcement': {
        if (mode.reportLeavePath) {
          // the report: the reply is neither logged nor merged.
          this.ctx.receive(envelope, clock.value, '');
        } else {
          this.ctx.receive(envelope, clock.receive(mode.participantReceive, envelope.clock), '');
        }
        this.leaveCall();
        return;
      }
      case 'leave': {
        const logged = clock.receive(mode.participantReceive, envelope.clock);
        this.ctx.receive(envelope, logged, 'Leave response from the Server: User left the server');
        this.finish();
        return;
      }
    }
  }

  private serveBroadcast(envelope: Envelope<PublishPayload>): void {
    const clock = this.serveClock;
    const mode = this.mode;
    const publish = envelope.payload;
    const ownLeave = publish.kind === 'leave' && publish.author === this.ctx.name;
    if (this.alreadyServed(envelope.requestId)) {
      // Answer again, so that a retrying server stops waiting, but show nothing twice.
      this.ctx.receive(envelope, clock.receive(mode.participantReceive, envelope.clock), 'Received broadcast request (duplicate, ignored)');
      const replied = clock.tick();
      this.ctx.send(envelope.from, 'BroadcastReply', clock.value, envelope.requestId, {} satisfies ReplyPayload, replied, 'BroadCast reply');
      return;
    }
    if (publish.kind === 'leave' && mode.reportLeavePath) {
      // the report: a leave announcement leaves the clock alone and logs no numbered line;
      // every member but the leaver prints it.
      this.ctx.receive(envelope, clock.value, '', ownLeave ? '' : publish.shown, false);
      this.ctx.send(envelope.from, 'BroadcastReply', clock.value, envelope.requestId, {} satisfies ReplyPayload, clock.value, '');
      return;
    }
    this.ctx.receive(envelope, clock.receive(mode.participantReceive, envelope.clock), 'Received broadcast request');
    const attempted = clock.tick();
    this.ctx.local(attempted, 'Attempt BroadCast', ownLeave ? '' : publish.shown, publish.kind === 'chat');
    const replied = clock.tick();
    this.ctx.send(envelope.from, 'BroadcastReply', clock.value, envelope.requestId, {} satisfies ReplyPayload, replied, 'BroadCast reply');
  }

  /** Records a broadcast id as served; true when it was served before. */
  private alreadyServed(broadcastId: number): boolean {
    const served = this.servedBroadcasts;
    if (served !== undefined) {
      if (served.has(broadcastId)) return true;
      served.add(broadcastId);
      return false;
    }
    if (broadcastId <= this.lastBroadcastId) return true;
    this.lastBroadcastId = broadcastId;
    return false;
  }

  onCrash(): number {
    const logged = this.mode.keepsClockAcrossCrash ? this.callClock.tick() : this.callClock.value;
    this.pending = undefined;
    this.queue = [];
    this.queueHead = 0;
    this.lastBroadcastId = -1;
    this.servedBroadcasts?.clear();
    return logged;
  }

  onRestart(): number {
    if (this.mode.keepsClockAcrossCrash) return this.callClock.tick();
    this.callClock.value = 0;
    this.serveClock.value = 0;
    return 0;
  }

  resume(): void {
    if (this.inChat) this.command({ kind: 'join' });
  }
}

function defaultText(type: RequestType): string {
  return type === 'JoinRequest' ? 'Join Request sent' : type === 'PublishRequest' ? 'Publish Request sent' : 'Leave Request sent';
}
