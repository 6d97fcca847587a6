/**
 * Records events: fills the one reused {@link EventRecord}, keeps the engine's vector clocks (the
 * ground truth the checker compares the nodes' Lamport times with) and hands each event to the
 * sinks. The vector clocks that messages carry live in a pooled slab while they are in flight.
 */
import type { Envelope } from './envelope.js';
import { type DropReason, type EventKind, type EventRecord, type RegionMark, type TraceSink } from './record.js';
import { VectorClockPool } from './vector-clock-pool.js';

export class Recorder {
  private readonly vectorClocks: Int32Array[] | undefined;
  /** The clocks messages carry, while they are in flight. */
  readonly vectorPool: VectorClockPool | undefined;
  /** Each node's last recorded Lamport time: what its crash and restart events show. */
  readonly lastLamport: Float64Array;
  private nextEventIndex = 0;

  constructor(
    nodeCount: number,
    private readonly sinks: readonly TraceSink[],
    vectorClocks: boolean,
  ) {
    this.vectorClocks = vectorClocks ? Array.from({ length: nodeCount }, () => new Int32Array(nodeCount)) : undefined;
    this.vectorPool = vectorClocks ? new VectorClockPool(nodeCount) : undefined;
    this.lastLamport = new Float64Array(nodeCount);
  }

  /** Events recorded so far. */
  get eventCount(): number {
    return this.nextEventIndex;
  }

  /**
   * A new record for the next event. A fresh young object costs less than refilling one long-lived
   * record: storing the node's new strings into an old object costs a write barrier each.
   */
  private begin(tUs: number, node: number, kind: EventKind, lamport: number, text: string, shows: string): EventRecord {
    return { i: this.nextEventIndex++, tUs, node, kind, lamport, msg: -1, peer: -1, type: undefined, text, shows, reason: undefined, mark: undefined, vc: undefined };
  }

  private emit(record: EventRecord): void {
    const sinks = this.sinks;
    for (let k = 0; k < sinks.length; k++) sinks[k].record(record);
  }

  /** Ticks the vector clock of `node` and returns it (undefined when off). */
  private tickVector(node: number): Int32Array | undefined {
    const clocks = this.vectorClocks;
    if (clocks === undefined) return undefined;
    const clock = clocks[node];
    clock[node]++;
    return clock;
  }

  /**
   * Records a send and returns the block of the vector clock its message carries to `readers`
   * deliveries (2 for a duplicated message; 0 for none), or -1 when vector clocks are off.
   */
  send(tUs: number, from: number, to: number, id: number, type: string, lamport: number, text: string, shows: string, readers: number): number {
    const record = this.begin(tUs, from, 'send', lamport, text, shows);
    this.lastLamport[from] = lamport;
    record.msg = id;
    record.peer = to;
    record.type = type;
    const vector = this.tickVector(from);
    record.vc = vector;
    this.emit(record);
    return vector === undefined || readers === 0 ? -1 : this.vectorPool!.store(vector, readers);
  }

  receive(tUs: number, envelope: Envelope, lamport: number, text: string, shows: string): void {
    const node = envelope.toIndex;
    const record = this.begin(tUs, node, 'receive', lamport, text, shows);
    this.lastLamport[node] = lamport;
    record.msg = envelope.id;
    record.peer = envelope.fromIndex;
    record.type = envelope.type;
    const clocks = this.vectorClocks;
    if (clocks !== undefined) {
      const clock = clocks[node];
      const pool = this.vectorPool!;
      if (envelope.vectorBlock >= 0) {
        pool.mergeInto(clock, envelope.vectorBlock);
        pool.release(envelope.vectorBlock);
      }
      clock[node]++;
      record.vc = clock;
    } else {
      record.vc = undefined;
    }
    this.emit(record);
  }

  local(tUs: number, node: number, lamport: number, text: string, shows: string, mark: RegionMark | undefined): void {
    const record = this.begin(tUs, node, 'local', lamport, text, shows);
    this.lastLamport[node] = lamport;
    record.mark = mark;
    record.vc = this.tickVector(node);
    this.emit(record);
  }

  /** Records that a message never arrived, on the node it was meant for; not an event of that node's process. */
  drop(tUs: number, envelope: Envelope, reason: DropReason): void {
    if (envelope.vectorBlock >= 0) this.vectorPool!.release(envelope.vectorBlock);
    const record = this.begin(tUs, envelope.toIndex, 'drop', envelope.lamport, '', '');
    record.msg = envelope.id;
    record.peer = envelope.fromIndex;
    record.type = envelope.type;
    record.reason = reason;
    record.vc = undefined;
    this.emit(record);
  }

  /**
   * Records a crash or restart: the engine's events on the node's process line (they tick its
   * vector clock), showing the node's last Lamport time, for the node computed none.
   */
  fault(tUs: number, node: number, kind: 'crash' | 'restart'): void {
    const record = this.begin(tUs, node, kind, this.lastLamport[node], '', '');
    record.vc = this.tickVector(node);
    this.emit(record);
  }
}
