/**
 * The world: nodes, the scheduler, the network, and the recorder. It runs any protocol's nodes
 * through the public node API (node-api.ts): it makes each node from the protocol's factory, hands
 * it commands, messages and timers, crashes and restarts it, and records what it says it did. It
 * never looks inside a message. Nodes reach it only through their context; they cannot see real
 * time or global randomness.
 */
import { Envelope, type EnvelopeSink } from './envelope.js';
import type { EventQueue } from './event-queue.js';
import { Network, type NetworkConfig } from './network.js';
import type { Message, NodeFactory, NodeHandlers } from './node-api.js';
import { HostedContext, type NodeHost } from './node-context.js';
import { NodeApiError, NodeHandlerError } from './node-errors.js';
import { createStream, type RandomStream } from './random.js';
import { Recorder } from './recorder.js';
import type { RegionMark, TraceSink } from './record.js';
import { Scheduler, Timer, type ScheduledEntry } from './scheduler.js';

/** The part of a protocol the engine runs. */
export interface RunnableProtocol {
  /** Shown in errors. */
  name: string;
  node: NodeFactory;
}

/** How a world is set up. */
export interface WorldOptions {
  seed: number;
  network: NetworkConfig;
  /** Node names, in the scenario's order. */
  nodeNames: readonly string[];
  protocol: RunnableProtocol;
  /** The protocol variant (`ctx.variant`); default ''. */
  variant?: string;
  /** `ctx.options`; default {}. */
  options?: Readonly<Record<string, unknown>>;
  /** Compute vector clocks (costs an entry per node per event); default true. */
  vectorClocks?: boolean;
  sinks: TraceSink[];
  /** What orders the entries; default a {@link Scheduler} (by virtual time). */
  queue?: EventQueue;
}

/** A timer a node set; it does nothing when it was cancelled or replaced, or the node crashed meanwhile. */
export class NodeTimer implements ScheduledEntry {
  atUs = 0;
  seq = 0;
  cancelled = false;
  constructor(
    private readonly world: World,
    readonly node: number,
    readonly incarnation: number,
    readonly name: string,
    readonly data: unknown,
  ) {}
  fire(): void {
    this.world.fireTimer(this);
  }

  /** Whether firing it would call the node: not cancelled or replaced, and the node has not crashed since it was set. */
  get live(): boolean {
    return !this.cancelled && this.world.timerIsLive(this);
  }
}

const NO_HANDLERS: NodeHandlers = Object.freeze({});

export class World implements EnvelopeSink, NodeHost {
  readonly scheduler: EventQueue;
  readonly network: Network;
  readonly nodeNames: readonly string[];
  readonly variant: string;
  readonly options: Readonly<Record<string, unknown>>;
  private readonly recorder: Recorder;
  private readonly protocol: RunnableProtocol;
  private readonly seed: number;
  private readonly indexByName = new Map<string, number>();
  private readonly handlers: NodeHandlers[];
  private readonly durable: Record<string, any>[];
  private readonly down: Uint8Array;
  private readonly incarnation: Int32Array;
  private readonly timers: (Map<string, NodeTimer> | undefined)[];
  private readonly randoms: (RandomStream | undefined)[];
  private nextMessageId = 0;
  private started = false;
  /** The node whose handler runs now, and its incarnation; -1 between handlers. */
  activeNode = -1;
  activeIncarnation = -1;
  /**
   * The message whose receive the active `onMessage` must record (its scheduler sequence number,
   * unique per delivery; -1 when none), and whether it has. A number, not the message: storing a
   * young object in this long-lived one on every delivery would cost a write barrier.
   */
  private deliveringSeq = -1;
  private received = false;

  constructor(options: WorldOptions) {
    this.scheduler = options.queue ?? new Scheduler();
    this.nodeNames = options.nodeNames;
    options.nodeNames.forEach((name, index) => this.indexByName.set(name, index));
    this.seed = options.seed;
    this.network = new Network(options.seed, options.network, options.nodeNames);
    this.protocol = options.protocol;
    this.variant = options.variant ?? '';
    this.options = options.options ?? {};
    const count = options.nodeNames.length;
    this.recorder = new Recorder(count, options.sinks, options.vectorClocks !== false);
    this.handlers = new Array<NodeHandlers>(count).fill(NO_HANDLERS);
    this.durable = Array.from({ length: count }, () => ({}));
    this.down = new Uint8Array(count);
    this.incarnation = new Int32Array(count);
    this.timers = new Array(count).fill(undefined);
    this.randoms = new Array(count).fill(undefined);
  }

  /** Events recorded so far. */
  get eventCount(): number {
    return this.recorder.eventCount;
  }

  /** Virtual time in ms. */
  nowMs(): number {
    return this.scheduler.nowUs / 1000;
  }

  indexOf(name: string): number {
    return this.indexByName.get(name) ?? -1;
  }

  /** Makes every node and calls each one's `onStart`, in the scenario's order, at the current time. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (let node = 0; node < this.nodeNames.length; node++) this.makeNode(node, false);
    for (let node = 0; node < this.nodeNames.length; node++) this.callStart(node);
  }

  /** Runs `callback` at virtual time `atMs`. */
  at(atMs: number, callback: () => void): void {
    this.scheduler.schedule(new Timer(callback), Math.round(atMs * 1000));
  }

  /** Whether a node is crashed now. */
  isDown(node: number): boolean {
    return this.down[node] === 1;
  }

  /** Hands a scenario step's command to a node; a crashed node misses it. Returns whether it was handed. */
  command(node: number, command: string, args: Record<string, unknown>): boolean {
    if (this.down[node] === 1) return false;
    const handlers = this.handlers[node];
    if (handlers.onCommand === undefined) {
      throw this.failure(node, new NodeApiError(`the node has no onCommand handler, but the scenario gives it the command "${command}"`), `command "${command}"`);
    }
    this.enter(node);
    try {
      handlers.onCommand(command, args);
    } catch (error) {
      throw this.failure(node, error, `onCommand("${command}")`);
    }
    this.leave();
    return true;
  }

  /** Called by the scheduler when a message arrives (or would have, for a lost one). */
  deliver(envelope: Envelope): void {
    const to = envelope.toIndex;
    const nowUs = this.scheduler.nowUs;
    if (envelope.dropped !== undefined) {
      this.recorder.drop(nowUs, envelope, envelope.dropped);
      return;
    }
    if (this.down[to] === 1) {
      this.recorder.drop(nowUs, envelope, 'crashed');
      return;
    }
    const handlers = this.handlers[to];
    if (handlers.onMessage === undefined) {
      throw this.failure(to, new NodeApiError('the node has no onMessage handler, but a message arrived for it'), `the delivery of ${describeMessage(envelope)}`);
    }
    this.enter(to);
    this.deliveringSeq = envelope.seq;
    this.received = false;
    try {
      handlers.onMessage(envelope);
    } catch (error) {
      throw this.failure(to, error, `onMessage of ${describeMessage(envelope)}`);
    }
    if (!this.received) {
      throw this.failure(
        to,
        new NodeApiError(`it did not record the receive: call ctx.receive(message, { lamport }) once in onMessage, before anything the message causes`),
        `onMessage of ${describeMessage(envelope)}`,
      );
    }
    this.deliveringSeq = -1;
    this.leave();
  }

  /** Crashes a node: it records a crash, loses everything but `ctx.durable` and its timers, and misses what arrives until restart. */
  crash(node: number): void {
    if (this.down[node] === 1) return;
    this.recorder.fault(this.scheduler.nowUs, node, 'crash');
    this.down[node] = 1;
    this.incarnation[node]++;
    this.handlers[node] = NO_HANDLERS;
    this.timers[node] = undefined;
  }

  /** Restarts a crashed node: records the restart, makes the node again from its factory and calls `onStart`. */
  restart(node: number): void {
    if (this.down[node] === 0) return;
    this.down[node] = 0;
    this.recorder.fault(this.scheduler.nowUs, node, 'restart');
    this.makeNode(node, true);
    this.callStart(node);
  }

  // --- what a node's context asks ---------------------------------------------------------------

  outOfTurn(node: number, incarnation: number, call: string): never {
    throw new NodeApiError(
      incarnation !== this.incarnation[node]
        ? `${call}: this context belongs to node ${this.nodeNames[node]} from before its crash; a restarted node gets a new one`
        : `${call} was called by node ${this.nodeNames[node]} outside its handlers (from a promise or a callback after the handler returned); a node acts only inside onStart, onCommand, onMessage and onTimer`,
    );
  }

  random(node: number): number {
    let stream = this.randoms[node];
    if (stream === undefined) stream = this.randoms[node] = createStream(this.seed, `node:${this.nodeNames[node]}`);
    return stream();
  }

  send(from: number, to: number, type: string, payload: unknown, lamport: number, carry: number, text: string, shows: string): number {
    if (this.deliveringSeq >= 0 && !this.received) this.receiveFirst('ctx.send');
    const id = this.nextMessageId++;
    const nowUs = this.scheduler.nowUs;
    const fate = this.network.send(from, to);
    const duplicateDelayUs = fate.duplicateDelayUs;
    const dropped = fate.dropped;
    const delayUs = fate.delayUs;
    const block = this.recorder.send(nowUs, from, to, id, type, lamport, text, shows, duplicateDelayUs > 0 ? 2 : 1);
    const fromName = this.nodeNames[from];
    const toName = this.nodeNames[to];
    const envelope = new Envelope(id, fromName, toName, type, payload, carry, from, to, block, this);
    envelope.dropped = dropped;
    this.scheduler.schedule(envelope, nowUs + delayUs);
    if (duplicateDelayUs > 0) this.scheduler.schedule(new Envelope(id, fromName, toName, type, payload, carry, from, to, block, this), nowUs + duplicateDelayUs);
    return id;
  }

  receive(node: number, message: Message, lamport: number, text: string, shows: string): void {
    if (!(message instanceof Envelope) || message.seq !== this.deliveringSeq || this.received) this.badReceive(message);
    this.received = true;
    this.recorder.receive(this.scheduler.nowUs, message, lamport, text, shows);
  }

  private badReceive(message: Message): never {
    if (this.deliveringSeq < 0) {
      throw new NodeApiError(`ctx.receive of ${describeMessage(message)} outside its onMessage: a receive is recorded in the onMessage the message is handed to`);
    }
    if (this.received) throw new NodeApiError(`ctx.receive of ${describeMessage(message)} a second time: record each delivery's receive once`);
    throw new NodeApiError(`ctx.receive was given ${describeMessage(message)}, not the message handed to this onMessage`);
  }

  local(node: number, lamport: number, text: string, shows: string, mark: RegionMark | undefined): void {
    if (this.deliveringSeq >= 0 && !this.received) this.receiveFirst('ctx.local');
    this.recorder.local(this.scheduler.nowUs, node, lamport, text, shows, mark);
  }

  setTimer(node: number, delayMs: number, name: string, data: unknown): void {
    let timers = this.timers[node];
    if (timers === undefined) timers = this.timers[node] = new Map();
    const replaced = timers.get(name);
    if (replaced !== undefined) replaced.cancelled = true;
    const timer = new NodeTimer(this, node, this.incarnation[node], name, data);
    timers.set(name, timer);
    this.scheduler.schedule(timer, this.scheduler.nowUs + Math.round(delayMs * 1000));
  }

  cancelTimer(node: number, name: string): void {
    const timers = this.timers[node];
    const timer = timers?.get(name);
    if (timer === undefined) return;
    timer.cancelled = true;
    timers!.delete(name);
  }

  /**
   * Puts a second copy of a message in flight (a controlled run's duplication; a normal run's
   * network decides duplicates at the send). The copy is queued like a send's.
   */
  duplicate(envelope: Envelope): void {
    if (envelope.vectorBlock >= 0) this.recorder.vectorPool!.addReader(envelope.vectorBlock);
    const copy = new Envelope(envelope.id, envelope.from, envelope.to, envelope.type, envelope.payload, envelope.lamport, envelope.fromIndex, envelope.toIndex, envelope.vectorBlock, this);
    this.scheduler.schedule(copy, this.scheduler.nowUs);
  }

  /** @internal Whether a timer's node is up and in the incarnation that set it. */
  timerIsLive(timer: NodeTimer): boolean {
    return timer.incarnation === this.incarnation[timer.node] && this.down[timer.node] === 0;
  }

  /** @internal Called by a {@link NodeTimer} when its time comes. */
  fireTimer(timer: NodeTimer): void {
    const node = timer.node;
    if (timer.cancelled || timer.incarnation !== this.incarnation[node] || this.down[node] === 1) return;
    this.timers[node]!.delete(timer.name);
    const handlers = this.handlers[node];
    if (handlers.onTimer === undefined) {
      throw this.failure(node, new NodeApiError(`the node set timer "${timer.name}" but has no onTimer handler`), `timer "${timer.name}"`);
    }
    this.enter(node);
    try {
      handlers.onTimer(timer.name, timer.data);
    } catch (error) {
      throw this.failure(node, error, `onTimer("${timer.name}")`);
    }
    this.leave();
  }

  // --- running handlers -----------------------------------------------------------------------

  private makeNode(node: number, restarted: boolean): void {
    const context = new HostedContext(this, node, this.nodeNames[node], this.incarnation[node], restarted, this.durable[node]);
    let handlers: NodeHandlers;
    try {
      handlers = this.protocol.node(context);
    } catch (error) {
      throw this.failure(node, error, restarted ? 'node(ctx), making the node again after its restart' : 'node(ctx), making the node');
    }
    if (handlers === null || typeof handlers !== 'object') {
      throw this.failure(node, new NodeApiError(`node(ctx) must return an object of handlers ({ onStart, onCommand, onMessage, onTimer }), not ${handlers === null ? 'null' : typeof handlers}`), 'node(ctx)');
    }
    this.handlers[node] = handlers;
  }

  private callStart(node: number): void {
    const handlers = this.handlers[node];
    if (handlers.onStart === undefined) return;
    this.enter(node);
    try {
      handlers.onStart();
    } catch (error) {
      throw this.failure(node, error, 'onStart');
    }
    this.leave();
  }

  private enter(node: number): void {
    this.activeNode = node;
    this.activeIncarnation = this.incarnation[node];
  }

  private leave(): void {
    this.activeNode = -1;
    this.activeIncarnation = -1;
  }

  private receiveFirst(call: string): never {
    throw new NodeApiError(`${call} before ctx.receive of the message being delivered: record the receive first, then what it causes`);
  }

  private failure(node: number, error: unknown, handling: string): NodeHandlerError {
    this.leave();
    this.deliveringSeq = -1;
    if (error instanceof NodeHandlerError) return error;
    return new NodeHandlerError({ protocol: this.protocol.name, node: this.nodeNames[node], timeMs: this.nowMs(), handling }, error);
  }
}

function describeMessage(message: Message): string {
  return `message ${message.id} (${message.type} from ${message.from})`;
}
