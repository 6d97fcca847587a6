/**
 * A Chitty-Chat participant: it runs its user's commands (join, publish, leave) in order, one at a
 * time, as a person at a terminal does, and serves the server's Broadcast calls.
 */
import type { Envelope } from '../sim/envelope.js';
import type { NodeContext, SimNode } from '../sim/world.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import { joinAnnouncement, leaveAnnouncement, shownText, type MembershipPayload, type PublishKind, type PublishPayload, type ReplyPayload } from './messages.js';

/** A user command. */
export type Command = { kind: 'join' } | { kind: 'publish'; text: string } | { kind: 'leave' };

/** What the participant is waiting for. */
type Pending = 'join' | 'publish' | 'leave-announcement' | 'leave' | undefined;

const SERVER = 0;

/** A participant process. Its commands queue while an earlier one is in flight. */
export class Participant implements SimNode {
  /** The clock for the calls it makes (`c` in report.md). */
  private readonly callClock: LamportClock;
  /** The clock for the broadcasts it serves (`b`); the same object unless the mode splits them. */
  private readonly serveClock: LamportClock;
  private readonly queue: Command[] = [];
  private queueHead = 0;
  private pending: Pending;
  private requestId = 0;
  private readonly ctx: NodeContext;

  constructor(
    attach: (node: SimNode) => NodeContext,
    private readonly mode: ClockMode,
  ) {
    this.ctx = attach(this);
    this.callClock = new LamportClock(mode.logBeforeTick);
    this.serveClock = mode.splitParticipantClock ? new LamportClock(mode.logBeforeTick) : this.callClock;
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
        this.call('join', 'JoinRequest', { participant: this.ctx.name } satisfies MembershipPayload, 'Join Request sent');
        break;
      case 'publish':
        this.publish(command.text, 'chat', 'Publish Request sent');
        break;
      case 'leave':
        this.startLeave();
        break;
    }
  }

  private finish(): void {
    this.pending = undefined;
    this.startNext();
  }

  /** Ticks the call clock and sends a request to the server. */
  private call(pending: Pending, type: 'JoinRequest' | 'PublishRequest' | 'LeaveRequest', payload: unknown, text: string): void {
    const logged = this.callClock.tick();
    this.pending = pending;
    this.ctx.send(SERVER, type, this.callClock.value, ++this.requestId, payload, logged, text);
  }

  private publish(text: string, kind: PublishKind, logText: string): void {
    const payload: PublishPayload = { author: this.ctx.name, text, kind, shown: shownText(this.ctx.name, text, kind) };
    this.call('publish', 'PublishRequest', payload, logText);
  }

  private startLeave(): void {
    const clock = this.callClock;
    const announced = clock.tick();
    this.ctx.local(announced, 'Leave Request sent');
    const text = leaveAnnouncement(this.ctx.name, announced);
    const payload: PublishPayload = { author: this.ctx.name, text, kind: 'leave', shown: text };
    if (this.mode.reportLeavePath) {
      // report.md: a silent tick, then the announcement carries it; nothing is logged.
      clock.value++;
      this.pending = 'leave-announcement';
      this.ctx.send(SERVER, 'PublishRequest', clock.value, ++this.requestId, payload, clock.value, '');
    } else {
      this.call('leave-announcement', 'PublishRequest', payload, '');
    }
  }

  onMessage(envelope: Envelope): void {
    if (envelope.type === 'BroadcastRequest') {
      this.serveBroadcast(envelope as Envelope<PublishPayload>);
      return;
    }
    this.onReply(envelope as Envelope<ReplyPayload>);
  }

  private onReply(envelope: Envelope<ReplyPayload>): void {
    const clock = this.callClock;
    const mode = this.mode;
    switch (this.pending) {
      case 'join': {
        const joinedAt = clock.receive(mode.participantReceive, envelope.clock);
        this.ctx.receive(envelope, joinedAt, 'Join response from the Server: You are now connected');
        this.publish(joinAnnouncement(this.ctx.name, joinedAt), 'join', 'Publish Request sent');
        return;
      }
      case 'publish': {
        const logged = clock.receive(mode.participantReceive, envelope.clock);
        const error = envelope.payload.error;
        this.ctx.receive(envelope, logged, error === undefined ? 'Response from the Server: Publish message reply' : `Response from the Server: ${error}`);
        this.finish();
        return;
      }
      case 'leave-announcement': {
        if (mode.reportLeavePath) {
          // report.md: the reply is neither logged nor merged, and the Leave call does not tick.
          this.ctx.receive(envelope, clock.value, '');
          this.pending = 'leave';
          this.ctx.send(SERVER, 'LeaveRequest', clock.value, ++this.requestId, { participant: this.ctx.name } satisfies MembershipPayload, clock.value, '');
        } else {
          this.ctx.receive(envelope, clock.receive(mode.participantReceive, envelope.clock), '');
          this.call('leave', 'LeaveRequest', { participant: this.ctx.name } satisfies MembershipPayload, '');
        }
        return;
      }
      case 'leave': {
        const logged = clock.receive(mode.participantReceive, envelope.clock);
        this.ctx.receive(envelope, logged, 'Leave response from the Server: User left the server');
        this.finish();
        return;
      }
      case undefined:
        // A reply to nothing in flight (a late duplicate): record it, change nothing.
        this.ctx.receive(envelope, clock.value, '');
        return;
    }
  }

  private serveBroadcast(envelope: Envelope<PublishPayload>): void {
    const clock = this.serveClock;
    const mode = this.mode;
    const publish = envelope.payload;
    const ownLeave = publish.kind === 'leave' && publish.author === this.ctx.name;
    if (publish.kind === 'leave' && mode.reportLeavePath) {
      // report.md: a leave announcement leaves the clock alone and logs no numbered line;
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
}
