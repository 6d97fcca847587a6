/**
 * A trace kept in memory, column by column in typed arrays (about 40 bytes an event), with repeated
 * texts stored once. Vector clocks are not kept: they follow from the trace (see `vectorClocksOf`).
 */
import { EVENT_KINDS, MESSAGE_TYPES, type EventKind, type MessageType, type TraceEvent, type DropReason } from '../trace/format.js';
import { lamportSuffix, type EventRecord, type TraceSink } from './record.js';

const DROP_REASONS: readonly DropReason[] = ['loss', 'partition', 'crashed'];

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}

/** An in-memory trace sink. */
export class MemoryTrace implements TraceSink {
  private capacity = 1024;
  private count = 0;
  private timeUs = new Float64Array(this.capacity);
  private lamport = new Float64Array(this.capacity);
  private node = new Int32Array(this.capacity);
  private msg = new Int32Array(this.capacity);
  private peer = new Int32Array(this.capacity);
  private text = new Int32Array(this.capacity);
  private shows = new Int32Array(this.capacity);
  /** kind (3 bits), type + 1 (4 bits), shows-has-lamport (1 bit). */
  private flags = new Uint8Array(this.capacity);
  private reason = new Uint8Array(this.capacity);
  private readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>([['', 0]]);

  constructor(readonly nodeNames: readonly string[]) {}

  get length(): number {
    return this.count;
  }

  private intern(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  record(event: EventRecord): void {
    if (this.count === this.capacity) this.enlarge();
    const k = this.count++;
    this.timeUs[k] = event.tUs;
    this.lamport[k] = event.lamport;
    this.node[k] = event.node;
    this.msg[k] = event.msg;
    this.peer[k] = event.peer;
    this.text[k] = event.text === '' ? 0 : this.intern(event.text);
    this.shows[k] = event.shows === '' ? 0 : this.intern(event.shows);
    const typeCode = event.type === undefined ? 0 : MESSAGE_TYPES.indexOf(event.type) + 1;
    this.flags[k] = EVENT_KINDS.indexOf(event.kind) | (typeCode << 3) | (event.showsLamport ? 128 : 0);
    this.reason[k] = event.reason === undefined ? 0 : DROP_REASONS.indexOf(event.reason) + 1;
  }

  private enlarge(): void {
    const capacity = this.capacity * 2;
    this.timeUs = grow(this.timeUs, capacity);
    this.lamport = grow(this.lamport, capacity);
    this.node = grow(this.node, capacity);
    this.msg = grow(this.msg, capacity);
    this.peer = grow(this.peer, capacity);
    this.text = grow(this.text, capacity);
    this.shows = grow(this.shows, capacity);
    this.flags = grow(this.flags, capacity);
    this.reason = grow(this.reason, capacity);
    this.capacity = capacity;
  }

  /** Bytes held by the columns (not counting the shared texts). */
  get columnBytes(): number {
    return this.capacity * (8 + 8 + 4 * 5 + 1 + 1);
  }

  kindOf(index: number): EventKind {
    return EVENT_KINDS[this.flags[index] & 7];
  }

  lamportOf(index: number): number {
    return this.lamport[index];
  }

  /** Event `index` as a trace line holds it (without `vc`). */
  event(index: number): TraceEvent {
    const flags = this.flags[index];
    const lamport = this.lamport[index];
    const text = this.strings[this.text[index]];
    const event: TraceEvent = {
      i: index,
      t: this.timeUs[index] / 1000,
      node: this.nodeNames[this.node[index]],
      kind: EVENT_KINDS[flags & 7],
      lamport,
      text: text === '' ? '' : text + lamportSuffix(lamport),
    };
    if (this.msg[index] >= 0) {
      event.msg = this.msg[index];
      event.peer = this.nodeNames[this.peer[index]];
    }
    const typeCode = (flags >> 3) & 15;
    if (typeCode > 0) event.type = MESSAGE_TYPES[typeCode - 1] as MessageType;
    const shows = this.strings[this.shows[index]];
    if (shows !== '') event.shows = flags & 128 ? shows + lamportSuffix(lamport) : shows;
    if (this.reason[index] > 0) event.reason = DROP_REASONS[this.reason[index] - 1];
    return event;
  }

  /** All events as objects (for tests and small traces). */
  events(): TraceEvent[] {
    const events: TraceEvent[] = [];
    for (let index = 0; index < this.count; index++) events.push(this.event(index));
    return events;
  }
}
