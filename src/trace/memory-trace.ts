/**
 * A trace kept in memory, column by column in chunks of typed arrays. Texts are kept as the nodes
 * wrote them, but not as one string each: millions of small strings kept alive cost the garbage
 * collector more than the whole simulation. The texts of every {@link TEXT_BATCH} events are
 * joined into one string (a large one, which the collector never moves) and each event keeps
 * where its texts start in it. Vector clocks are not kept: they follow from the trace.
 */
import type { EventRecord, RegionMark, TraceSink } from '../sim/record.js';
import { DROP_REASONS, EVENT_KINDS, type TraceEvent } from './format.js';

/** The code of an event kind: its index in EVENT_KINDS (a switch: cheaper than a keyed lookup). */
function kindCode(kind: string): number {
  switch (kind) {
    case 'send':
      return 0;
    case 'receive':
      return 1;
    case 'local':
      return 2;
    case 'drop':
      return 3;
    case 'crash':
      return 4;
    default:
      return 5;
  }
}

/** Events per chunk: columns grow a chunk at a time, so nothing is ever copied. */
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
/** Events whose texts are joined into one string. */
const TEXT_BATCH_BITS = 12;
const TEXT_BATCH = 1 << TEXT_BATCH_BITS;

const HAS_MARK = 8;

/** One chunk of columns. */
class Chunk {
  readonly timeUs = new Float64Array(CHUNK_SIZE);
  readonly lamport = new Float64Array(CHUNK_SIZE);
  readonly node = new Int32Array(CHUNK_SIZE);
  readonly msg = new Int32Array(CHUNK_SIZE);
  readonly peer = new Int32Array(CHUNK_SIZE);
  /** Where the event's text ends in its batch's joined texts (it starts where the one before ends). */
  readonly textEnd = new Int32Array(CHUNK_SIZE);
  readonly showsEnd = new Int32Array(CHUNK_SIZE);
  /** Message type + 1 (0: none), as an index into the trace's types. */
  readonly type = new Uint16Array(CHUNK_SIZE);
  readonly flags = new Uint8Array(CHUNK_SIZE);
  readonly reason = new Uint8Array(CHUNK_SIZE);
}

/** Bytes one event takes in a chunk's columns. */
const BYTES_PER_EVENT = 8 + 8 + 4 * 5 + 2 + 1 + 1;

/** The first `count` texts of `texts`, as one string. */
function joinTexts(texts: string[], count: number): string {
  if (count === texts.length) return texts.join('');
  return texts.slice(0, count).join('');
}

/** An in-memory trace sink. */
export class MemoryTrace implements TraceSink {
  private count = 0;
  private readonly chunks: Chunk[] = [];
  private current: Chunk | undefined;
  /** The joined texts and shows of each finished batch. */
  private readonly texts: string[] = [];
  private readonly shows: string[] = [];
  /**
   * The current batch's texts, not joined yet, their count and running length. A new array each
   * batch, filled by index: a young array takes the node's new strings without a write barrier.
   */
  private pendingTexts: string[] = new Array<string>(TEXT_BATCH);
  private pendingShows: string[] = new Array<string>(TEXT_BATCH);
  private textCount = 0;
  private showsCount = 0;
  private textLength = 0;
  private showsLength = 0;
  private readonly types: string[] = [];
  private readonly typeIds = new Map<string, number>();
  /** Marks by event index: rare, so not a column. */
  private readonly marks = new Map<number, RegionMark>();
  private lastType = '';
  private lastTypeId = 0;

  constructor(readonly nodeNames: readonly string[]) {}

  get length(): number {
    return this.count;
  }

  private typeId(type: string): number {
    if (type === this.lastType) return this.lastTypeId;
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.types.length + 1;
      if (id > 0xffff) throw new Error('MemoryTrace: more than 65535 message types');
      this.types.push(type);
      this.typeIds.set(type, id);
    }
    this.lastType = type;
    this.lastTypeId = id;
    return id;
  }

  record(event: EventRecord): void {
    const k = this.count & CHUNK_MASK;
    if (k === 0) {
      this.current = new Chunk();
      this.chunks.push(this.current);
    }
    const chunk = this.current!;
    const index = this.count++;
    chunk.timeUs[k] = event.tUs;
    chunk.lamport[k] = event.lamport;
    chunk.node[k] = event.node;
    chunk.msg[k] = event.msg;
    chunk.peer[k] = event.peer;
    const text = event.text;
    if (text !== '') {
      this.pendingTexts[this.textCount++] = text;
      this.textLength += text.length;
    }
    chunk.textEnd[k] = this.textLength;
    const shows = event.shows;
    if (shows !== '') {
      this.pendingShows[this.showsCount++] = shows;
      this.showsLength += shows.length;
    }
    chunk.showsEnd[k] = this.showsLength;
    chunk.type[k] = event.type === undefined ? 0 : this.typeId(event.type);
    let flags = kindCode(event.kind);
    if (event.mark !== undefined) {
      flags |= HAS_MARK;
      this.marks.set(index, event.mark.enter !== undefined ? { enter: event.mark.enter } : { exit: event.mark.exit! });
    }
    chunk.flags[k] = flags;
    chunk.reason[k] = event.reason === undefined ? 0 : DROP_REASONS.indexOf(event.reason) + 1;
    if ((this.count & (TEXT_BATCH - 1)) === 0) this.joinBatch();
  }

  /** Joins the current batch's texts into one string each for texts and shows. */
  private joinBatch(): void {
    this.texts.push(joinTexts(this.pendingTexts, this.textCount));
    this.shows.push(joinTexts(this.pendingShows, this.showsCount));
    this.pendingTexts = new Array<string>(TEXT_BATCH);
    this.pendingShows = new Array<string>(TEXT_BATCH);
    this.textCount = 0;
    this.showsCount = 0;
    this.textLength = 0;
    this.showsLength = 0;
  }

  /** Bytes held by the columns (not counting the texts). */
  get columnBytes(): number {
    return this.chunks.length * CHUNK_SIZE * BYTES_PER_EVENT;
  }

  /** The kind of event `index` (cheap: no object is built). */
  kindAt(index: number): TraceEvent['kind'] {
    return EVENT_KINDS[this.chunks[index >> CHUNK_BITS].flags[index & CHUNK_MASK] & 7];
  }

  /** A text of event `index`: [start, end) of its batch's joined texts. */
  private textOf(index: number, ends: 'textEnd' | 'showsEnd', joined: string[], pending: string[]): string {
    const chunk = this.chunks[index >> CHUNK_BITS];
    const end = chunk[ends][index & CHUNK_MASK];
    const first = (index & (TEXT_BATCH - 1)) === 0;
    const start = first ? 0 : this.chunks[(index - 1) >> CHUNK_BITS][ends][(index - 1) & CHUNK_MASK];
    if (end === start) return '';
    const batch = index >> TEXT_BATCH_BITS;
    if (batch < joined.length) return joined[batch].slice(start, end);
    // The batch in progress: join what there is so far (reading is rare and for small traces).
    return joinTexts(pending, ends === 'textEnd' ? this.textCount : this.showsCount).slice(start, end);
  }

  /** Event `index` as a trace line holds it (without `vc`). */
  event(index: number): TraceEvent {
    const chunk = this.chunks[index >> CHUNK_BITS];
    const k = index & CHUNK_MASK;
    const flags = chunk.flags[k];
    const event: TraceEvent = {
      i: index,
      t: chunk.timeUs[k] / 1000,
      node: this.nodeNames[chunk.node[k]],
      kind: EVENT_KINDS[flags & 7],
      lamport: chunk.lamport[k],
      text: this.textOf(index, 'textEnd', this.texts, this.pendingTexts),
    };
    if (chunk.msg[k] >= 0) {
      event.msg = chunk.msg[k];
      event.peer = this.nodeNames[chunk.peer[k]];
    }
    const type = chunk.type[k];
    if (type > 0) event.type = this.types[type - 1];
    const shows = this.textOf(index, 'showsEnd', this.shows, this.pendingShows);
    if (shows !== '') event.shows = shows;
    if (chunk.reason[k] > 0) event.reason = DROP_REASONS[chunk.reason[k] - 1];
    if (flags & HAS_MARK) event.mark = this.marks.get(index);
    return event;
  }

  /** All events as objects (for tests and small traces). */
  events(): TraceEvent[] {
    const events: TraceEvent[] = [];
    for (let index = 0; index < this.count; index++) events.push(this.event(index));
    return events;
  }
}
