/**
 * A causal-broadcast node: a peer of a chat in which every message goes to every other node, and
 * each node delivers (shows) messages in causal order. A message carries `deps`: per node, how
 * many of its messages lie in the message's causal past (a vector clock). A node holds a message
 * back until it has delivered those and the origin's earlier ones, its own messages included.
 *
 * The causal past is the trace's happens-before: whatever a node has received before it publishes,
 * delivered yet or not, comes before its message. So every message (acknowledgements too) carries
 * what its sender knows of, and receivers merge it into theirs.
 *
 * Faults: when the scenario can lose messages or nodes, peers acknowledge every message and the
 * publisher sends it again to those that have not (waiting `retryMs`, doubling, up to `retries`
 * times). Everything but timers and what is in flight is in stable storage (store.ts); a restarted
 * node sends Sync to its peers, and each sends again its own messages the node has not delivered.
 * Messages are not relayed: a message whose publisher crashed for good before every peer had it can
 * stay missing, and then what depends on it stays held back.
 */
import type { Message, NodeContext, NodeHandlers } from '../../sim/node-api.js';
import { DurableLamportClock } from '../lamport-clock.js';
import { deliveryLine, messageId, publishText } from './delivery-texts.js';
import { ACK, BROADCAST, LOG, PUBLISH_COMMAND, SYNC, type AckPayload, type BroadcastPayload, type ChatMessage, type SyncPayload } from './messages.js';
import { MAX_DOUBLINGS, readSettings, type CausalBroadcastSettings } from './settings.js';
import { isDelivered, isHeld, markDelivered, mergeCounts, openStore, type CausalStore, type Outgoing } from './store.js';
import { firstMissing, variantNamed, type CausalBroadcastVariant } from './variants.js';

class CausalBroadcastNode implements NodeHandlers {
  private readonly clock: DurableLamportClock;
  private readonly store: CausalStore;
  private readonly peers: readonly string[];

  constructor(
    private readonly ctx: NodeContext,
    private readonly variant: CausalBroadcastVariant,
    private readonly settings: CausalBroadcastSettings,
  ) {
    this.store = openStore(ctx.durable);
    this.clock = new DurableLamportClock(this.store);
    this.peers = ctx.nodes.filter((name) => name !== ctx.name);
  }

  onStart(): void {
    if (!this.ctx.restarted || !this.settings.reliable) return;
    for (const peer of this.peers) {
      const payload: SyncPayload = { delivered: { ...this.store.delivered }, knows: { ...this.store.knows } };
      this.ctx.send(peer, SYNC, payload, { lamport: this.clock.tick(), text: LOG.syncSent(peer) });
    }
    // The timers died with the crash; the messages still waiting for acknowledgements did not.
    for (const outgoing of this.store.outbox) this.ctx.setTimer(this.retryDelayMs(outgoing.attempt), retryTimer(outgoing.seq), outgoing.seq);
  }

  onCommand(command: string, args: Record<string, unknown>): void {
    if (command !== PUBLISH_COMMAND) throw new Error(`a causal-broadcast node knows the command "${PUBLISH_COMMAND}", not "${command}"`);
    if (typeof args.text !== 'string') throw new Error(`${PUBLISH_COMMAND} needs the chat text, like args: { text: "hello" }`);
    this.publish(args.text);
  }

  private publish(text: string): void {
    const { store, ctx } = this;
    const seq = store.published.length + 1;
    const deps = { ...store.knows };
    delete deps[ctx.name];
    store.knows[ctx.name] = seq;
    const message: ChatMessage = { origin: ctx.name, seq, text, deps };
    store.published.push(message);
    const id = messageId(ctx.name, seq);
    const lamport = this.clock.tick();
    if (this.variant.deliverable(message, store.delivered)) {
      ctx.local({ lamport, text: publishText(id, text), shows: deliveryLine(id, text) });
      markDelivered(store, ctx.name, seq);
    } else {
      store.held.push(message);
      ctx.local({ lamport, text: publishText(id, text, LOG.heldBackNote(firstMissing(message, store.delivered))) });
    }
    for (const peer of this.peers) this.sendMessage(message, peer, 1);
    if (this.settings.reliable && this.peers.length > 0) {
      store.outbox.push({ seq, waiting: [...this.peers], attempt: 1 });
      ctx.setTimer(this.retryDelayMs(1), retryTimer(seq), seq);
    }
    this.deliverHeld();
  }

  private sendMessage(message: ChatMessage, to: string, attempt: number): void {
    const payload: BroadcastPayload = { message, knows: { ...this.store.knows } };
    this.ctx.send(to, BROADCAST, payload, { lamport: this.clock.tick(), text: LOG.send(messageId(message.origin, message.seq), to, attempt) });
  }

  onMessage(message: Message): void {
    const lamport = this.clock.receive(message.lamport);
    switch (message.type) {
      case BROADCAST:
        this.onBroadcast(message as Message<BroadcastPayload>, lamport);
        return;
      case ACK:
        this.onAck(message as Message<AckPayload>, lamport);
        return;
      case SYNC:
        this.onSync(message as Message<SyncPayload>, lamport);
        return;
      default:
        this.ctx.receive(message, { lamport, text: `Unknown message ${message.type} ignored` });
    }
  }

  private onBroadcast(received: Message<BroadcastPayload>, lamport: number): void {
    const { store, ctx } = this;
    const { message, knows } = received.payload;
    mergeCounts(store.knows, knows);
    const id = messageId(message.origin, message.seq);
    if (isDelivered(store, message.origin, message.seq) || isHeld(store, message.origin, message.seq)) {
      ctx.receive(received, { lamport, text: LOG.duplicate(id) });
    } else if (this.variant.deliverable(message, store.delivered)) {
      const line = deliveryLine(id, message.text);
      ctx.receive(received, { lamport, text: LOG.deliver(line), shows: line });
      markDelivered(store, message.origin, message.seq);
    } else {
      store.held.push(message);
      ctx.receive(received, { lamport, text: LOG.holdBack(id, message.text, firstMissing(message, store.delivered)) });
    }
    if (this.settings.reliable) {
      const payload: AckPayload = { origin: message.origin, seq: message.seq, knows: { ...store.knows } };
      ctx.send(received.from, ACK, payload, { lamport: this.clock.tick(), text: LOG.ackSent(id, received.from) });
    }
    this.deliverHeld();
  }

  /** Delivers every held message that may be delivered now, until none may. */
  private deliverHeld(): void {
    const store = this.store;
    for (;;) {
      const index = store.held.findIndex((message) => this.variant.deliverable(message, store.delivered));
      if (index < 0) return;
      const [message] = store.held.splice(index, 1);
      const line = deliveryLine(messageId(message.origin, message.seq), message.text);
      this.ctx.local({ lamport: this.clock.tick(), text: LOG.deliver(line), shows: line });
      markDelivered(store, message.origin, message.seq);
    }
  }

  private onAck(received: Message<AckPayload>, lamport: number): void {
    const { origin, seq, knows } = received.payload;
    mergeCounts(this.store.knows, knows);
    this.ctx.receive(received, { lamport, text: LOG.ackReceived(messageId(origin, seq), received.from) });
    const outgoing = this.outgoing(seq);
    if (outgoing === undefined) return;
    outgoing.waiting = outgoing.waiting.filter((peer) => peer !== received.from);
    if (outgoing.waiting.length === 0) this.forget(outgoing);
  }

  private onSync(received: Message<SyncPayload>, lamport: number): void {
    const { store, ctx } = this;
    const { delivered, knows } = received.payload;
    mergeCounts(store.knows, knows);
    const missing = store.published.slice(delivered[ctx.name] ?? 0);
    ctx.receive(received, { lamport, text: LOG.syncReceived(received.from, missing.length) });
    for (const message of missing) {
      let outgoing = this.outgoing(message.seq);
      if (outgoing === undefined) store.outbox.push((outgoing = { seq: message.seq, waiting: [], attempt: 1 }));
      if (!outgoing.waiting.includes(received.from)) outgoing.waiting.push(received.from);
      outgoing.attempt = 1;
      this.sendMessage(message, received.from, 1);
      ctx.setTimer(this.retryDelayMs(1), retryTimer(message.seq), message.seq);
    }
  }

  onTimer(_name: string, data: unknown): void {
    const outgoing = this.outgoing(data as number);
    if (outgoing === undefined) return;
    const message = this.store.published[outgoing.seq - 1];
    if (outgoing.attempt > this.settings.retries) {
      this.ctx.local({ lamport: this.clock.tick(), text: LOG.gaveUp(messageId(message.origin, message.seq), outgoing.waiting, outgoing.attempt) });
      this.forget(outgoing);
      return;
    }
    outgoing.attempt++;
    for (const peer of outgoing.waiting) this.sendMessage(message, peer, outgoing.attempt);
    this.ctx.setTimer(this.retryDelayMs(outgoing.attempt), retryTimer(outgoing.seq), outgoing.seq);
  }

  private outgoing(seq: number): Outgoing | undefined {
    return this.store.outbox.find((outgoing) => outgoing.seq === seq);
  }

  private forget(outgoing: Outgoing): void {
    this.store.outbox.splice(this.store.outbox.indexOf(outgoing), 1);
    this.ctx.cancelTimer(retryTimer(outgoing.seq));
  }

  private retryDelayMs(attempt: number): number {
    return this.settings.retryMs * 2 ** Math.min(attempt - 1, MAX_DOUBLINGS);
  }
}

function retryTimer(seq: number): string {
  return `retry ${seq}`;
}

/** A causal-broadcast node, as `node(ctx)` makes it. */
export function causalBroadcastNode(ctx: NodeContext): NodeHandlers {
  return new CausalBroadcastNode(ctx, variantNamed(ctx.variant), readSettings(ctx.options));
}
