/**
 * A Chitty-Chat participant: it runs its user's commands (join, publish, leave) in order, one at a
 * time, as a person at a terminal does, and serves the server's Broadcast calls.
 *
 * When the network can lose messages, every call times out and is retried a bounded number of
 * times with the same request id (the server acts on it once); a duplicate broadcast is answered
 * again but not shown twice. A crash loses everything but the user's wish to be in the chat (and,
 * in the modes that store it, the Lamport clock): on restart the participant joins again.
 */
import type { Message, NodeContext, NodeHandlers } from '../../sim/node-api.js';
import { LamportClock, type ClockMode } from './clock-modes.js';
import {
  joinAnnouncement,
  LAMPORT_SUFFIX,
  leaveAnnouncement,
  LOG,
  numbered,
  SERVER_NAME,
  shownText,
  stamped,
  timed,
  type BroadcastPayload,
  type CallPolicy,
  type MessageType,
  type Publish,
  type PublishKind,
  type ReplyPayload,
  type RequestPayload,
} from './messages.js';

/** A user command. */
type Command = { kind: 'join' } | { kind: 'publish'; text: string } | { kind: 'leave' };

type CallKind = 'join' | 'publish' | 'leave-announcement' | 'leave';
type RequestType = 'JoinRequest' | 'PublishRequest' | 'LeaveRequest';

/** The call in flight. */
interface Call {
  kind: CallKind;
  type: RequestType;
  payload: RequestPayload;
  /** The logged text of the first attempt. */
  text: string;
  attempt: number;
  /** For a chat publish: the text, to publish again after joining again. */
  chat?: string;
}

const EXPECTED_REPLY: Record<RequestType, MessageType> = { JoinRequest: 'JoinReply', PublishRequest: 'PublishReply', LeaveRequest: 'LeaveReply' };
const DEFAULT_TEXT: Record<RequestType, string> = { JoinRequest: LOG.joinSent, PublishRequest: LOG.publishSent, LeaveRequest: LOG.leaveSent };
/** The name of the timer of the call in flight. */
const CALL_TIMER = 'call';
// The lines logged for every broadcast served, with their suffix built once.
const RECEIVED_BROADCAST = timed('Received broadcast request');
const ATTEMPT_BROADCAST = timed('Attempt BroadCast');
const BROADCAST_REPLY = timed('BroadCast reply');

/** What a participant keeps across a crash (`ctx.durable`). */
interface ParticipantDurable {
  /** Whether the user has joined and not left. */
  inChat?: boolean;
  /** The Lamport clock, in the modes that store it. */
  clock?: LamportClock;
  /** The last request id used: ids only grow, across crashes too, or the server would take a new call for a stale retry. */
  requestId?: number;
}

/** A participant process. Its commands queue while an earlier one is in flight. */
class Participant implements NodeHandlers {
  /** The clock for the calls it makes (`c` in the report). */
  private readonly callClock: LamportClock;
  /** The clock for the broadcasts it serves (`b`); the same object unless the mode splits them. */
  private readonly serveClock: LamportClock;
  private queue: Command[] = [];
  private queueHead = 0;
  private pending: Call | undefined;
  /** The newest broadcast served; the server's broadcast ids only grow. */
  private lastBroadcastId = -1;
  /** Broadcast ids served, kept only when broadcasts may arrive out of order. */
  private readonly servedBroadcasts: Set<number> | undefined;
  private readonly durable: ParticipantDurable;

  constructor(
    private readonly ctx: NodeContext,
    private readonly mode: ClockMode,
    private readonly calls: CallPolicy,
  ) {
    this.durable = ctx.durable as ParticipantDurable;
    this.callClock = mode.keepsClockAcrossCrash ? (this.durable.clock ??= new LamportClock(mode.logBeforeTick)) : new LamportClock(mode.logBeforeTick);
    this.serveClock = mode.splitParticipantClock ? new LamportClock(mode.logBeforeTick) : this.callClock;
    if (mode.concurrentBroadcasts) this.servedBroadcasts = new Set();
  }

  onStart(): void {
    // After a crash, a participant that was in the chat joins again by itself.
    if (this.ctx.restarted && this.durable.inChat === true) this.command({ kind: 'join' });
  }

  onCommand(command: string, args: Record<string, unknown>): void {
    switch (command) {
      case 'join':
      case 'leave':
        this.command({ kind: command });
        return;
      case 'publish':
        this.command({ kind: 'publish', text: String(args.text ?? '') });
        return;
      default:
        throw new Error(`a participant knows the commands join, publish and leave, not "${command}"`);
    }
  }

  private nextRequestId(): number {
    const durable = this.durable;
    durable.requestId = (durable.requestId ?? 0) + 1;
    return durable.requestId;
  }

  /** Queues a command; it starts now if nothing is in flight. */
  private command(command: Command): void {
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
        this.durable.inChat = true;
        this.call('join', 'JoinRequest', undefined, LOG.joinSent);
        break;
      case 'publish':
        this.publish(command.text, 'chat');
        break;
      case 'leave':
        this.durable.inChat = false;
        this.startLeave();
        break;
    }
  }

  private finish(): void {
    this.pending = undefined;
    this.startNext();
  }

  /** Starts a call: ticks the call clock and sends the request. */
  private call(kind: CallKind, type: RequestType, publish: Publish | undefined, text: string, chat?: string): void {
    const call: Call = { kind, type, payload: { requestId: this.nextRequestId(), publish }, text, attempt: 1, chat };
    this.pending = call;
    const logged = this.callClock.tick();
    this.sendAttempt(call, logged);
  }

  private sendAttempt(call: Call, logged: number): void {
    const text = call.attempt === 1 ? call.text : `${call.text || DEFAULT_TEXT[call.type]} (attempt ${call.attempt})`;
    this.ctx.send(SERVER_NAME, call.type, call.payload, { lamport: logged, carry: this.callClock.value, text: numbered(text, logged) });
    if (this.calls.enabled) this.ctx.setTimer(this.calls.rpcMs, CALL_TIMER, call.attempt);
  }

  onTimer(_name: string, attempt: unknown): void {
    const call = this.pending;
    if (call === undefined || call.attempt !== attempt) return;
    if (call.attempt <= this.calls.retries) {
      call.attempt++;
      this.sendAttempt(call, this.callClock.tick());
      return;
    }
    const logged = this.callClock.tick();
    this.ctx.local({ lamport: logged, text: numbered(`Call failed: no reply from the Server after ${call.attempt} attempts`, logged) });
    if (call.kind === 'join') this.durable.inChat = false;
    this.finish();
  }

  private publish(text: string, kind: PublishKind): void {
    const publish: Publish = { author: this.ctx.name, text, kind, shown: shownText(this.ctx.name, text, kind) };
    this.call('publish', 'PublishRequest', publish, LOG.publishSent, kind === 'chat' ? text : undefined);
  }

  private startLeave(): void {
    const clock = this.callClock;
    const announced = clock.tick();
    this.ctx.local({ lamport: announced, text: numbered(LOG.leaveSent, announced) });
    const text = leaveAnnouncement(this.ctx.name, announced);
    const publish: Publish = { author: this.ctx.name, text, kind: 'leave', shown: text };
    if (this.mode.reportLeavePath) {
      // the report: a silent tick, then the announcement carries it; nothing is logged.
      clock.value++;
      const call: Call = { kind: 'leave-announcement', type: 'PublishRequest', payload: { requestId: this.nextRequestId(), publish }, text: '', attempt: 1 };
      this.pending = call;
      this.sendAttempt(call, clock.value);
    } else {
      this.call('leave-announcement', 'PublishRequest', publish, '');
    }
  }

  private leaveCall(): void {
    if (this.mode.reportLeavePath) {
      // the report: the Leave call carries the clock without a tick.
      const call: Call = { kind: 'leave', type: 'LeaveRequest', payload: { requestId: this.nextRequestId() }, text: '', attempt: 1 };
      this.pending = call;
      this.sendAttempt(call, this.callClock.value);
    } else {
      this.call('leave', 'LeaveRequest', undefined, '');
    }
  }

  onMessage(message: Message): void {
    if (message.type === 'BroadcastRequest') {
      this.serveBroadcast(message as Message<BroadcastPayload>);
      return;
    }
    const call = this.pending;
    const reply = message as Message<ReplyPayload>;
    if (call === undefined || reply.payload.requestId !== call.payload.requestId || message.type !== EXPECTED_REPLY[call.type]) {
      // A late or duplicated reply to a call already finished: received, changes nothing.
      const logged = this.callClock.receive(this.mode.participantReceive, message.lamport);
      this.ctx.receive(message, { lamport: logged, text: numbered('Late reply ignored', logged) });
      return;
    }
    this.onReply(call, reply);
  }

  private onReply(call: Call, reply: Message<ReplyPayload>): void {
    const clock = this.callClock;
    const mode = this.mode;
    const ctx = this.ctx;
    // The call is answered: its timeout is not needed (firing, it would do nothing; `explore` would still try it everywhere).
    if (this.calls.enabled) ctx.cancelTimer(CALL_TIMER);
    switch (call.kind) {
      case 'join': {
        const joinedAt = clock.receive(mode.participantReceive, reply.lamport);
        ctx.receive(reply, { lamport: joinedAt, text: numbered(LOG.joined, joinedAt) });
        this.publish(joinAnnouncement(ctx.name, joinedAt), 'join');
        return;
      }
      case 'publish': {
        const logged = clock.receive(mode.participantReceive, reply.lamport);
        const { error, notMember } = reply.payload;
        const text = error === undefined ? 'Response from the Server: Publish message reply' : `Response from the Server: ${error}`;
        ctx.receive(reply, { lamport: logged, text: numbered(text, logged) });
        if (notMember && call.chat !== undefined && this.durable.inChat === true) {
          // The server forgot us (it restarted, or dropped us): join again, then publish again.
          this.queue.splice(this.queueHead, 0, { kind: 'join' }, { kind: 'publish', text: call.chat });
        }
        this.finish();
        return;
      }
      case 'leave-announcement': {
        // the report: the reply is neither logged nor merged.
        const logged = mode.reportLeavePath ? clock.value : clock.receive(mode.participantReceive, reply.lamport);
        ctx.receive(reply, { lamport: logged });
        this.leaveCall();
        return;
      }
      case 'leave': {
        const logged = clock.receive(mode.participantReceive, reply.lamport);
        ctx.receive(reply, { lamport: logged, text: numbered('Leave response from the Server: User left the server', logged) });
        this.finish();
        return;
      }
    }
  }

  private serveBroadcast(message: Message<BroadcastPayload>): void {
    const clock = this.serveClock;
    const mode = this.mode;
    const ctx = this.ctx;
    const { broadcastId, publish } = message.payload;
    const ownLeave = publish.kind === 'leave' && publish.author === ctx.name;
    const reply: ReplyPayload = { requestId: broadcastId };
    if (this.alreadyServed(broadcastId)) {
      // Answer again, so that a retrying server stops waiting, but show nothing twice.
      const logged = clock.receive(mode.participantReceive, message.lamport);
      ctx.receive(message, { lamport: logged, text: numbered('Received broadcast request (duplicate, ignored)', logged) });
      const replied = clock.tick();
      ctx.send(message.from, 'BroadcastReply', reply, { lamport: replied, carry: clock.value, text: stamped(BROADCAST_REPLY, replied) });
      return;
    }
    if (publish.kind === 'leave' && mode.reportLeavePath) {
      // the report: a leave announcement leaves the clock alone and logs no numbered line;
      // every member but the leaver prints it.
      ctx.receive(message, { lamport: clock.value, shows: ownLeave ? '' : publish.shown });
      ctx.send(message.from, 'BroadcastReply', reply, { lamport: clock.value });
      return;
    }
    const received = clock.receive(mode.participantReceive, message.lamport);
    ctx.receive(message, { lamport: received, text: stamped(RECEIVED_BROADCAST, received) });
    const attempted = clock.tick();
    const shows = ownLeave ? '' : publish.kind === 'chat' ? publish.shown + LAMPORT_SUFFIX + attempted : publish.shown;
    ctx.local({ lamport: attempted, text: stamped(ATTEMPT_BROADCAST, attempted), shows });
    const replied = clock.tick();
    ctx.send(message.from, 'BroadcastReply', reply, { lamport: replied, carry: clock.value, text: stamped(BROADCAST_REPLY, replied) });
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
}

/** A participant node. */
export function participant(ctx: NodeContext, mode: ClockMode, calls: CallPolicy): NodeHandlers {
  return new Participant(ctx, mode, calls);
}
