/**
 * The world: nodes, the scheduler, the network, the engine's vector clocks and the trace.
 * Nodes reach it only through a {@link NodeContext}; they cannot see real time or global randomness.
 */
import type { DropReason, MessageType } from '../trace/format.js';
import { Envelope, type EnvelopeSink } from './envelope.js';
import { Network, type NetworkConfig } from './network.js';
import { newEventRecord, type EventRecord, type TraceSink } from './record.js';
import { Scheduler, Timer } from './scheduler.js';
import { VectorClockPool } from './vector-clock-pool.js';

/** What a simulated process implements. */
export interface SimNode {
  /** A message arrived; the node must record its receive through its context. */
  onMessage(envelope: Envelope): void;
  /** The node crashes: it forgets what it must and returns the Lamport time to record. */
  onCrash(): number;
  /** The node starts again after a crash, with fresh state: returns the Lamport time to record. */
  onRestart(): number;
  /** Called right after the restart is recorded: the node may act (a participant joins again). */
  resume(): void;
}

/** Everything a node may do: send, record local events and receives, read virtual time, set timers. */
export interface NodeContext {
  readonly name: string;
  readonly index: number;
  /** Virtual time in ms. */
  nowMs(): number;
  /** Index of a node by name. */
  indexOf(name: string): number;
  nameOf(index: number): string;
  /**
   * Sends a message and records the send event.
   * @param clock - the Lamport time the message carries.
   * @param lamport - the Lamport time the node logs for the send (usually the same).
   * @param text - the logged line without its Lamport suffix; '' for none.
   * @returns the message id.
   */
  send(to: number, type: MessageType, clock: number, requestId: number, payload: unknown, lamport: number, text: string): number;
  /** Records the receive event of a delivered message. Call exactly once per delivery. */
  receive(envelope: Envelope, lamport: number, text: string, shows?: string, showsLamport?: boolean): void;
  /** Records a local event. */
  local(lamport: number, text: string, shows?: string, showsLamport?: boolean): void;
  /** Runs `callback` after `delayMs` of virtual time, unless the node crashes first. */
  after(delayMs: number, callback: () => void): void;
}

/** How a world is set up. */
export interface WorldOptions {
  seed: number;
  network: NetworkConfig;
  /** Node names; index 0 is the server by convention. */
  nodeNames: readonly string[];
  /** Compute vector clocks (costs an entry per node per event); default true. */
  vectorClocks?: boolean;
  sinks: TraceSink[];
}

/** The simulation state shared by all nodes. */
export class World implements EnvelopeSink {
  readonly scheduler = new Scheduler();
  readonly network: Network;
  readonly nodeNames: readonly string[];
  private readonly nodes: SimNode[] = [];
  private readonly indexByName = new Map<string, number>();
  private readonly vectorClocks: Int32Array[] | undefined;
  /** The clocks messages carry, while they are in flight. */
  private readonly vectorPool: VectorClockPool | undefined;
  private readonly sinks: TraceSink[];
  private readonly record: EventRecord = newEventRecord();
  private nextEventIndex = 0;
  private nextMessageId = 0;
  private readonly down: Uint8Array;
  private readonly incarnation: Int32Array;

  constructor(options: WorldOptions) {
    this.nodeNames = options.nodeNames;
    options.nodeNames.forEach((name, index) => this.indexByName.set(name, index));
    this.network = new Network(options.seed, options.network, options.nodeNames);
    const count = options.nodeNames.length;
    this.vectorClocks = options.vectorClocks === false ? undefined : options.nodeNames.map(() => new Int32Array(count));
    this.vectorPool = this.vectorClocks === undefined ? undefined : new VectorClockPool(count);
    this.sinks = options.sinks;
    this.down = new Uint8Array(count);
    this.incarnation = new Int32Array(count);
  }

  /** Events recorded so far. */
  get eventCount(): number {
    return this.nextEventIndex;
  }

  /** Virtual time in ms. */
  nowMs(): number {
    return this.scheduler.nowUs / 1000;
  }

  /** Attaches the node that runs under `name` and returns its context. */
  attach(name: string, node: SimNode): NodeContext {
    const index = this.indexByName.get(name);
    if (index === undefined) throw new Error(`unknown node ${name}`);
    this.nodes[index] = node;
    return new WorldContext(this, index, name);
  }

  indexOf(name: string): number {
    const index = this.indexByName.get(name);
    if (index === undefined) throw new Error(`unknown node ${name}`);
    return index;
  }

  /** Runs `callback` at virtual time `atMs`. */
  at(atMs: number, callback: () => void): void {
    this.scheduler.schedule(new Timer(callback), Math.round(atMs * 1000));
  }

  /** Runs `callback` after `delayMs` from now. */
  after(delayMs: number, callback: () => void): void {
    this.scheduler.schedule(new Timer(callback), this.scheduler.nowUs + Math.round(delayMs * 1000));
  }

  /** Called by the scheduler when a message arrives (or would have, for a lost one). */
  deliver(envelope: Envelope): void {
    const to = envelope.to;
    if (envelope.dropped !== undefined) this.drop(envelope, envelope.dropped);
    else if (this.down[to] === 1) this.drop(envelope, 'crashed');
    else this.nodes[to].onMessage(envelope);
  }

  /** Whether a node is crashed now. */
  isDown(node: number): boolean {
    return this.down[node] === 1;
  }

  /** Crashes a node: it records a crash event, forgets its state, and drops what arrives until restart. */
  crash(node: number): void {
    if (this.down[node] === 1) return;
    const lamport = this.nodes[node].onCrash();
    this.fault(node, 'crash', lamport);
    this.down[node] = 1;
    this.incarnation[node]++;
  }

  /** Restarts a crashed node. */
  restart(node: number): void {
    if (this.down[node] === 0) return;
    this.down[node] = 0;
    const target = this.nodes[node];
    this.fault(node, 'restart', target.onRestart());
    target.resume();
  }

  /** Schedules a node's timer; it does not fire if the node crashed in between. */
  nodeTimer(node: number, delayMs: number, callback: () => void): void {
    const incarnation = this.incarnation[node];
    this.after(delayMs, () => {
      if (this.incarnation[node] === incarnation && this.down[node] === 0) callback();
    });
  }

  /** Records that a message never arrived, on the node it was meant for. */
  private drop(envelope: Envelope, reason: DropReason): void {
    if (envelope.vectorBlock >= 0) this.vectorPool!.release(envelope.vectorBlock);
    const record = this.begin(envelope.to, 'drop', envelope.clock, '');
    record.msg = envelope.id;
    record.peer = envelope.from;
    record.type = envelope.type;
    record.reason = reason;
    record.vc = undefined;
    this.emit(record);
  }

  // --- recording ------------------------------------------------------------------------------

  private begin(node: number, kind: EventRecord['kind'], lamport: number, text: string): EventRecord {
    const record = this.record;
    record.i = this.nextEventIndex++;
    record.tUs = this.scheduler.nowUs;
    record.node = node;
    record.kind = kind;
    record.lamport = lamport;
    record.text = text;
    record.msg = -1;
    record.peer = -1;
    record.type = undefined;
    record.shows = '';
    record.showsLamport = false;
    record.reason = undefined;
    return record;
  }

  private emit(record: EventRecord): void {
    const sinks = this.sinks;
    for (let k = 0; k < sinks.length; k++) sinks[k].record(record);
  }

  /** Ticks the engine's vector clock of `node` and returns it (undefined when off). */
  private tickVector(node: number): Int32Array | undefined {
    const clocks = this.vectorClocks;
    if (clocks === undefined) return undefined;
    const clock = clocks[node];
    clock[node]++;
    return clock;
  }

  send(from: number, to: number, type: MessageType, clock: number, requestId: number, payload: unknown, lamport: number, text: string): number {
    const id = this.nextMessageId++;
    const record = this.begin(from, 'send', lamport, text);
    record.msg = id;
    record.peer = to;
    record.type = type;
    const vector = this.tickVector(from);
    record.vc = vector;
    this.emit(record);
    const fate = this.network.send(from, to);
    const duplicateDelayUs = fate.duplicateDelayUs;
    const carried = vector === undefined ? -1 : this.vectorPool!.store(vector, duplicateDelayUs > 0 ? 2 : 1);
    const envelope = new Envelope(id, from, to, type, clock, requestId, payload, carried, this);
    envelope.dropped = fate.dropped;
    const nowUs = this.scheduler.nowUs;
    this.scheduler.schedule(envelope, nowUs + fate.delayUs);
    if (duplicateDelayUs > 0) this.scheduler.schedule(new Envelope(id, from, to, type, clock, requestId, payload, carried, this), nowUs + duplicateDelayUs);
    return id;
  }

  receive(envelope: Envelope, lamport: number, text: string, shows: string, showsLamport: boolean): void {
    const node = envelope.to;
    const record = this.begin(node, 'receive', lamport, text);
    record.msg = envelope.id;
    record.peer = envelope.from;
    record.type = envelope.type;
    record.shows = shows;
    record.showsLamport = showsLamport;
    const clocks = this.vectorClocks;
    if (clocks !== undefined) {
      const clock = clocks[node];
      const pool = this.vectorPool!;
      pool.mergeInto(clock, envelope.vectorBlock);
      pool.release(envelope.vectorBlock);
      clock[node]++;
      record.vc = clock;
    } else {
      record.vc = undefined;
    }
    this.emit(record);
  }

  local(node: number, lamport: number, text: string, shows: string, showsLamport: boolean): void {
    const record = this.begin(node, 'local', lamport, text);
    record.shows = shows;
    record.showsLamport = showsLamport;
    record.vc = this.tickVector(node);
    this.emit(record);
  }

  /** Records a crash or restart: events of the node's process, ticking its vector clock. */
  private fault(node: number, kind: 'crash' | 'restart', lamport: number): void {
    const record = this.begin(node, kind, lamport, '');
    record.vc = this.tickVector(node);
    this.emit(record);
  }
}

class WorldContext implements NodeContext {
  constructor(
    private readonly world: World,
    readonly index: number,
    readonly name: string,
  ) {}
  nowMs(): number {
    return this.world.nowMs();
  }
  indexOf(name: string): number {
    return this.world.indexOf(name);
  }
  nameOf(index: number): string {
    return this.world.nodeNames[index];
  }
  send(to: number, type: MessageType, clock: number, requestId: number, payload: unknown, lamport: number, text: string): number {
    return this.world.send(this.index, to, type, clock, requestId, payload, lamport, text);
  }
  receive(envelope: Envelope, lamport: number, text: string, shows = '', showsLamport = false): void {
    this.world.receive(envelope, lamport, text, shows, showsLamport);
  }
  local(lamport: number, text: string, shows = '', showsLamport = false): void {
    this.world.local(this.index, lamport, text, shows, showsLamport);
  }
  after(delayMs: number, callback: () => void): void {
    this.world.nodeTimer(this.index, delayMs, callback);
  }
}
