/**
 * A Ricart-Agrawala node. To enter its critical section it sends a timestamped Request to every
 * other node and waits for all their Replies. A node replies at once unless it is in its critical
 * section or is itself asking with a request that comes first (earlier timestamp, ties by name):
 * then it defers the reply until it leaves. Requests given while one is under way wait their turn.
 *
 * Faults: the algorithm assumes reliable channels and no crashes. When the scenario can lose
 * messages or nodes, a request is sent again (every `retryMs`, up to `retries` times) to the nodes
 * that have not replied, and a node answers a repeated request it has granted before again. A
 * crash loses everything but the Lamport clock (in `ctx.durable`): a node that crashes in its
 * critical section has left it, and one that was asking has given up; the others' retries reach
 * it after its restart, and it replies then. A request that gets no reply after every retry is
 * abandoned, so that a node that never comes back does not block the others' retries forever.
 */
import type { Message, NodeContext, NodeHandlers } from '../../sim/node-api.js';
import { DurableLamportClock, type ClockHolder } from '../lamport-clock.js';
import { CRITICAL_SECTION, LOG, REPLY, REQUEST, REQUEST_COMMAND, type ReplyPayload, type RequestPayload } from './messages.js';
import { durationMs } from '../option-values.js';
import { readSettings, type RicartAgrawalaSettings } from './settings.js';
import { precedes, variantNamed, type RicartAgrawalaVariant } from './variants.js';

/** The request under way. */
interface OwnRequest {
  timestamp: number;
  holdMs: number;
  /** Nodes that have replied to this request. */
  replied: Set<string>;
  attempt: number;
  /** Whether the node is in its critical section for it. */
  held: boolean;
}

const RELEASE_TIMER = 'release';
const RETRY_TIMER = 'retry';

class RicartAgrawalaNode implements NodeHandlers {
  private readonly clock: DurableLamportClock;
  private readonly peers: readonly string[];
  private request: OwnRequest | undefined;
  /** Requests waiting for this node's own request to be done: their timestamps, by requester. */
  private readonly deferred = new Map<string, number>();
  /** The latest request timestamp granted to each node: a repeat of it is answered again. */
  private readonly granted = new Map<string, number>();
  /** Hold times of requests given while one is under way. */
  private readonly queued: number[] = [];

  constructor(
    private readonly ctx: NodeContext,
    private readonly variant: RicartAgrawalaVariant,
    private readonly settings: RicartAgrawalaSettings,
  ) {
    this.clock = new DurableLamportClock(ctx.durable as ClockHolder);
    this.peers = ctx.nodes.filter((name) => name !== ctx.name);
  }

  onCommand(command: string, args: Record<string, unknown>): void {
    if (command !== REQUEST_COMMAND) throw new Error(`a Ricart-Agrawala node knows the command "${REQUEST_COMMAND}", not "${command}"`);
    const holdMs = durationMs(args.holdMs, 'args.holdMs', this.settings.holdMs);
    if (this.request !== undefined) this.queued.push(holdMs);
    else this.ask(holdMs);
  }

  private ask(holdMs: number): void {
    const timestamp = this.clock.tick();
    this.ctx.local({ lamport: timestamp, text: LOG.request(timestamp) });
    this.request = { timestamp, holdMs, replied: new Set(), attempt: 1, held: false };
    this.sendRequests(this.request);
    if (this.peers.length === 0) this.enter(this.request);
  }

  private sendRequests(request: OwnRequest): void {
    const payload: RequestPayload = { timestamp: request.timestamp };
    for (const peer of this.peers) {
      if (request.replied.has(peer)) continue;
      this.ctx.send(peer, REQUEST, payload, { lamport: this.clock.tick(), text: LOG.requestSent(peer, request.timestamp, request.attempt) });
    }
    if (this.settings.retrying && this.peers.length > 0) this.ctx.setTimer(this.settings.retryMs, RETRY_TIMER);
  }

  onMessage(message: Message): void {
    if (message.type === REQUEST) this.onRequest(message as Message<RequestPayload>);
    else if (message.type === REPLY) this.onReply(message as Message<ReplyPayload>);
    else this.ctx.receive(message, { lamport: this.clock.receive(message.lamport, this.variant.receive), text: `Unknown message ${message.type} ignored` });
  }

  private onRequest(message: Message<RequestPayload>): void {
    const from = message.from;
    const timestamp = message.payload.timestamp;
    const lamport = this.clock.receive(message.lamport, this.variant.receive);
    const defer = !this.grantedBefore(from, timestamp) && this.mustDefer(from, timestamp);
    this.ctx.receive(message, { lamport, text: LOG.requestReceived(from, timestamp, defer ? 'defer' : 'reply') });
    if (defer) this.deferred.set(from, timestamp);
    else this.reply(from, timestamp, false);
  }

  private grantedBefore(from: string, timestamp: number): boolean {
    const granted = this.granted.get(from);
    return granted !== undefined && timestamp <= granted;
  }

  /** Whether this node's own request keeps `from` waiting. */
  private mustDefer(from: string, timestamp: number): boolean {
    const own = this.request;
    if (own === undefined) return false;
    if (own.held) return this.variant.defersWhileHeld;
    return precedes(this.variant, own.timestamp, this.ctx.name, timestamp, from);
  }

  private reply(to: string, timestamp: number, deferred: boolean): void {
    this.granted.set(to, Math.max(timestamp, this.granted.get(to) ?? timestamp));
    const payload: ReplyPayload = { timestamp };
    this.ctx.send(to, REPLY, payload, { lamport: this.clock.tick(), text: LOG.replySent(to, deferred) });
  }

  private onReply(message: Message<ReplyPayload>): void {
    const lamport = this.clock.receive(message.lamport, this.variant.receive);
    const own = this.request;
    if (own === undefined || own.held || own.timestamp !== message.payload.timestamp || own.replied.has(message.from)) {
      this.ctx.receive(message, { lamport, text: LOG.staleReply(message.from) });
      return;
    }
    own.replied.add(message.from);
    this.ctx.receive(message, { lamport, text: LOG.replyReceived(message.from, own.replied.size, this.peers.length) });
    if (own.replied.size === this.peers.length) this.enter(own);
  }

  private enter(own: OwnRequest): void {
    own.held = true;
    this.ctx.cancelTimer(RETRY_TIMER);
    this.ctx.local({ lamport: this.clock.tick(), text: LOG.enter, mark: { enter: CRITICAL_SECTION } });
    this.ctx.setTimer(own.holdMs, RELEASE_TIMER);
  }

  onTimer(name: string): void {
    const own = this.request;
    if (own === undefined) return;
    if (name === RELEASE_TIMER && own.held) {
      this.ctx.local({ lamport: this.clock.tick(), text: LOG.exit, mark: { exit: CRITICAL_SECTION } });
      this.done();
    } else if (name === RETRY_TIMER && !own.held) {
      if (own.attempt > this.settings.retries) {
        const missing = this.peers.filter((peer) => !own.replied.has(peer));
        this.ctx.local({ lamport: this.clock.tick(), text: LOG.abandoned(missing, own.attempt) });
        this.done();
        return;
      }
      own.attempt++;
      this.sendRequests(own);
    }
  }

  /** The request is over (left the critical section, or abandoned): grant what waited, then take the next. */
  private done(): void {
    this.request = undefined;
    for (const [to, timestamp] of this.deferred) this.reply(to, timestamp, true);
    this.deferred.clear();
    const next = this.queued.shift();
    if (next !== undefined) this.ask(next);
  }
}

/** A Ricart-Agrawala node, as `node(ctx)` makes it. */
export function ricartAgrawalaNode(ctx: NodeContext): NodeHandlers {
  return new RicartAgrawalaNode(ctx, variantNamed(ctx.variant), readSettings(ctx.options));
}
