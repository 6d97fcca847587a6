/**
 * A trace kept in memory, column by column in chunks of typed arrays (38 bytes an event), with repeated
 * texts stored once. Vector clocks are not kept: they follow from the trace (see `vectorClocksOf`).
 */
import { DROP_REASONS, EVENT_KINDS, MESSAGE_TYPES, type EventKind, type MessageType, type TraceEvent } from '../trace/format.js';
import { lamportSuffix, type EventRecord, type TraceSink } from './record.js';

const KIND_CODES = Object.fromEntries(EVENT_KINDS.map((kind, code) => [kind, code])) as Record<EventKind, number>;
const TYPE_CODES = Object.fromEntries(MESSAGE_TYPES.map((type, code) => [type, code + 1])) as Record<MessageType, number>;

/** Events per chunk: columns grow a chunk at a time, so nothing is ever copied. */
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/** One chunk of columns. */
class Chunk {
  readonly timeUs = new Float64Array(CHUNK_SIZE);
  readonly lamport = new Float64Array(CHUNK_SIZE);
  readonly node = new Int32Array(CHUNK_SIZE);
  readonly msg = new Int32Array(CHUNK_SIZE);
  readonly peer = new Int32Array(CHUNK_SIZE);
  readonly text = new Int32Array(CHUNK_SIZE);
  readonly shows = new Int32Array(CHUNK_SIZE);
  /** kind (3 bits), type + 1 (4 bits), shows-has-lamport (1 bit). */
  readonly flags = new Uint8Array(CHUNK_SIZE);
  readonly reason = new Uint8Array(CHUNK_SIZE);
}

/** Bytes one event takes in a chunk. */
const BYTES_PER_EVENT = 8 + 8 + 4 * 5 + 1 + 1;

/** An in-memory trace sink. */
export class MemoryTrace implements TraceSink {
  private count = 0;
  private readonly chunks: Chunk[] = [];
  private current: Chunk | undefined;
  private readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>([['', 0]]);

  constructor(readonly nodeNames: readonly string[]) {}

  get length(): number {
    return this.count;
  }

  /** A small cache in front of the map, by text length: nodes log the same few texts over and over. */
  private readonly cachedText: string[] = new Array(64).fill('');
  private readonly cachedId = new Int32Array(64);

  private intern(text: string): number {
    const slot = text.length & 63;
    if (this.cachedText[slot] === text) return this.cachedId[slot];
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    this.cachedText[slot] = text;
    this.cachedId[slot] = id;
    return id;
  }

  record(event: EventRecord): void {
    const k = this.count & CHUNK_MASK;
    if (k === 0) {
      this.current = new Chunk();
      this.chunks.push(this.current);
    }
    const chunk = this.current!;
    this.count++;
    chunk.timeUs[k] = event.tUs;
    chunk.lamport[k] = event.lamport;
    chunk.node[k] = event.node;
    chunk.msg[k] = event.msg;
    chunk.peer[k] = event.peer;
    chunk.text[k] = event.text === '' ? 0 : this.intern(event.text);
    chunk.shows[k] = event.shows === '' ? 0 : this.intern(event.shows);
    const typeCode = event.type === undefined ? 0 : TYPE_CODES[event.type];
    chunk.flags[k] = KIND_CODES[event.kind] | (typeCode << 3) | (event.showsLamport ? 128 : 0);
    if (event.reason !== undefined) chunk.reason[k] = DROP_REASONS.indexOf(event.reason) + 1;
  }

  /** Bytes held by the columns (not counting the shared texts). */
  get columnBytes(): number {
    return this.chunks.length * CHUNK_SIZE * BYTES_PER_EVENT;
  }


  /** Event `index` as a trace line holds it (without `vc`). */
  event(index: number): TraceEvent {
    const chunk = this.chunks[index >> CHUNK_BITS];
    const k = index & CHUNK_MASK;
    const flags = chunk.flags[k];
    const lamport = chunk.lamport[k];
    const text = this.strings[chunk.text[k]];
    const event: TraceEvent = {
      i: index,
      t: chunk.timeUs[k] / 1000,
      node: this.nodeNames[chunk.node[k]],
      kind: EVENT_KINDS[flags & 7],
      lamport,
      text: text === '' ? '' : text + lamportSuffix(lamport),
    };
    if (chunk.msg[k] >= 0) {
      event.msg = chunk.msg[k];
      event.peer = this.nodeNames[chunk.peer[k]];
    }
    const typeCode = (flags >> 3) & 15;
    if (typeCode > 0) event.type = MESSAGE_TYPES[typeCode - 1] as MessageType;
    const shows = this.strings[chunk.shows[k]];
    if (shows !== '') event.shows = flags & 128 ? shows + lamportSuffix(lamport) : shows;
    if (chunk.reason[k] > 0) event.reason = DROP_REASONS[chunk.reason[k] - 1];
    return event;
  }

  /** All events as objects (for tests and small traces). */
  events(): TraceEvent[] {
    const events: TraceEvent[] = [];
    for (let index = 0; index < this.count; index++) events.push(this.event(index));
    return events;
  }
}
