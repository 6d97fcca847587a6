/**
 * Events in columns, to move many at once from the thread that parses a trace to the thread that
 * checks it: numbers in typed arrays, names as numbers, and texts as where they lie in the bytes
 * they were read from (the chunk goes along, and a text is decoded only if the checker reads it).
 * Everything in a batch can be transferred between threads without a copy. Pure: no threads here.
 */
import type { StringField } from './json-token-scanner.js';
import type { NameTable } from './name-table.js';
import { DROP_REASONS, EVENT_KINDS, type DropReason, type EventKind, type MessageEnd, type RegionMark } from './format.js';
import type { NumberedEvent, ReadEvent } from './read.js';
import { BytesText } from './text-bytes.js';

// Per event: NUMBERS values in `numbers`, FIELDS values in `fields`.
const NUMBERS = 4;
const N_I = 0;
const N_T = 1;
const N_LAMPORT = 2;
const N_MSG = 3;
const FIELDS = 15;
const F_NODE = 0;
const F_PEER = 1;
const F_KIND = 2;
const F_TYPE = 3;
const F_REASON = 4;
const F_TEXT_START = 5;
const F_TEXT_END = 6;
const F_SHOWS_START = 7;
const F_SHOWS_END = 8;
const F_VC_START = 9;
const F_VC_END = 10;
const F_FLAGS = 11;
/** 0: no mark; 1: enter; 2: exit. */
const F_MARK = 12;
/** The mark's region, as a name number. */
const F_MARK_NAME = 13;
/** The event's further message ends, as an index into `also`; -1 when it has none. */
const F_ALSO = 14;
// Flags: where each text is. "String": an index into `strings`; else a byte range of `bytes`.
const TEXT_ASCII = 1;
const TEXT_STRING = 2;
const HAS_SHOWS = 4;
const SHOWS_ASCII = 8;
const SHOWS_STRING = 16;
const HAS_VC = 32;

/** Events in columns; see {@link BatchWriter} and {@link BatchEvent}. */
export interface EventBatch {
  count: number;
  numbers: Float64Array;
  fields: Int32Array;
  /** Vector clock entries, as pairs (name number, count). */
  vcEntries: Float64Array;
  /** Texts that are not a byte range of `bytes`: escaped, read by JSON.parse, or from a line split across chunks. */
  strings: string[];
  /** Names numbered since the previous batch, in order. */
  names: string[];
  /** The further message ends of the events that have some (rare: imported logs). */
  also: (readonly MessageEnd[])[];
  /** The memory of the chunk the byte ranges point into, and where in it the chunk lies. */
  bytes: ArrayBuffer | undefined;
  bytesOffset: number;
  bytesLength: number;
}

/** The buffers of a batch, for {@link BatchWriter.begin} to reuse once the batch has been consumed. */
export interface BatchBuffers {
  numbers: Float64Array;
  fields: Int32Array;
  vcEntries: Float64Array;
}

/** The memory a batch (or its buffers, with `bytes` undefined) moves between threads without a copy. */
export function transferList(batch: { bytes: ArrayBuffer | undefined } & BatchBuffers): ArrayBuffer[] {
  const list = [batch.numbers.buffer as ArrayBuffer, batch.fields.buffer as ArrayBuffer, batch.vcEntries.buffer as ArrayBuffer];
  if (batch.bytes !== undefined) list.push(batch.bytes);
  return list;
}

/** Fills batches with the events a `TraceLineReader` reads. */
export class BatchWriter {
  private count = 0;
  private numbers: Float64Array = new Float64Array(0);
  private fields: Int32Array = new Int32Array(0);
  private vcEntries: Float64Array = new Float64Array(0);
  private vcLength = 0;
  private strings: string[] = [];
  private also: (readonly MessageEnd[])[] = [];
  private namesSent = 0;
  private chunk: Buffer | undefined = undefined;

  /** @param names - the reader's name table: the batch carries the names it numbers. */
  constructor(private readonly names: NameTable) {}

  /**
   * Starts a batch whose texts may point into `chunk`, the Buffer the lines are then read from
   * (the batch carries its whole ArrayBuffer). Reuses `buffers` when given.
   */
  begin(chunk: Buffer | undefined, buffers?: BatchBuffers): void {
    this.count = 0;
    this.vcLength = 0;
    this.strings = [];
    this.also = [];
    this.chunk = chunk;
    if (buffers !== undefined) {
      this.numbers = buffers.numbers;
      this.fields = buffers.fields;
      this.vcEntries = buffers.vcEntries;
    }
  }

  /** Adds the event the reader has just read (its texts are still in the bytes read). */
  add(event: ReadEvent): void {
    const k = this.count++;
    if (this.count * NUMBERS > this.numbers.length) this.grow();
    const numbers = this.numbers;
    const n = k * NUMBERS;
    numbers[n + N_I] = event.i;
    numbers[n + N_T] = event.t;
    numbers[n + N_LAMPORT] = event.lamport;
    numbers[n + N_MSG] = event.msg;
    const fields = this.fields;
    const f = k * FIELDS;
    fields[f + F_NODE] = event.nodeNumber;
    fields[f + F_PEER] = event.peerNumber;
    fields[f + F_KIND] = event.kindCode;
    fields[f + F_TYPE] = event.typeNumber;
    const mark = event.mark;
    fields[f + F_MARK] = mark === undefined ? 0 : mark.enter !== undefined ? 1 : 2;
    if (mark !== undefined) fields[f + F_MARK_NAME] = this.names.number(mark.enter ?? mark.exit!);
    fields[f + F_REASON] = event.reasonCode;
    fields[f + F_ALSO] = event.also === undefined ? -1 : this.also.push(event.also) - 1;
    let flags = 0;
    const scanner = event.scanner;
    const inChunk = scanner !== undefined && this.chunk !== undefined && scanner.lineBytes === this.chunk;
    if (inChunk && scanner.textField.decoded === undefined) {
      flags |= this.range(f + F_TEXT_START, scanner.textField) ? TEXT_ASCII : 0;
    } else {
      flags |= TEXT_STRING;
      fields[f + F_TEXT_START] = this.strings.push(event.text) - 1;
    }
    if (inChunk && scanner.hasShows && scanner.showsField.decoded === undefined) {
      flags |= HAS_SHOWS | (this.range(f + F_SHOWS_START, scanner.showsField) ? SHOWS_ASCII : 0);
    } else {
      const shows = event.shows;
      if (shows !== undefined) {
        flags |= HAS_SHOWS | SHOWS_STRING;
        fields[f + F_SHOWS_START] = this.strings.push(shows) - 1;
      }
    }
    const vc = event.vc;
    if (vc !== undefined) {
      flags |= HAS_VC;
      fields[f + F_VC_START] = this.vcLength;
      for (const name in vc) {
        if (this.vcLength + 2 > this.vcEntries.length) this.growVector();
        this.vcEntries[this.vcLength++] = this.names.number(name);
        this.vcEntries[this.vcLength++] = vc[name];
      }
      fields[f + F_VC_END] = this.vcLength;
    }
    fields[f + F_FLAGS] = flags;
  }

  /** Ends the batch; its buffers belong to the batch from now on. */
  finish(): EventBatch {
    const all = this.names.names;
    const names = all.slice(this.namesSent);
    this.namesSent = all.length;
    const chunk = this.chunk;
    const batch: EventBatch = {
      count: this.count,
      numbers: this.numbers,
      fields: this.fields,
      vcEntries: this.vcEntries,
      strings: this.strings,
      names,
      also: this.also,
      bytes: chunk?.buffer as ArrayBuffer | undefined,
      bytesOffset: chunk === undefined ? 0 : chunk.byteOffset,
      bytesLength: chunk === undefined ? 0 : chunk.length,
    };
    this.numbers = new Float64Array(0);
    this.fields = new Int32Array(0);
    this.vcEntries = new Float64Array(0);
    this.chunk = undefined;
    return batch;
  }

  /** Records a byte range at `at`, `at + 1`; returns whether it is ASCII. */
  private range(at: number, field: StringField): boolean {
    this.fields[at] = field.start;
    this.fields[at + 1] = field.end;
    return field.ascii;
  }

  private grow(): void {
    const events = Math.max(1024, (this.numbers.length / NUMBERS) * 2);
    const numbers = new Float64Array(events * NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const fields = new Int32Array(events * FIELDS);
    fields.set(this.fields);
    this.fields = fields;
  }

  private growVector(): void {
    const entries = new Float64Array(Math.max(1024, this.vcEntries.length * 2));
    entries.set(this.vcEntries.subarray(0, this.vcLength));
    this.vcEntries = entries;
  }
}

/**
 * One event of a batch at a time, with the fields of a `ReadEvent`: call
 * {@link BatchEvent.load} for each batch, in order, then {@link BatchEvent.at} for each event.
 */
export class BatchEvent implements NumberedEvent {
  i = 0;
  t = 0;
  node = '';
  nodeNumber = 0;
  kind: EventKind = 'local';
  lamport = 0;
  msg = -1;
  peer: string | undefined = undefined;
  peerNumber = -1;
  type: string | undefined = undefined;
  reason: DropReason | undefined = undefined;
  mark: RegionMark | undefined = undefined;
  also: readonly MessageEnd[] | undefined = undefined;
  /** Every name numbered so far, by number. */
  readonly names: string[] = [];
  private batch: EventBatch | undefined = undefined;
  private bytes: Buffer = Buffer.alloc(0);
  private base = 0;
  private flags = 0;
  private readonly textBytes = new BytesText();
  private readonly showsView = new BytesText();

  /** Makes `batch` the current one (and learns its names). */
  load(batch: EventBatch): void {
    this.batch = batch;
    this.bytes = batch.bytes === undefined ? Buffer.alloc(0) : Buffer.from(batch.bytes, batch.bytesOffset, batch.bytesLength);
    for (const name of batch.names) this.names.push(name);
  }

  /** Moves to event `k` of the current batch. */
  at(k: number): void {
    const batch = this.batch!;
    const numbers = batch.numbers;
    const n = k * NUMBERS;
    this.i = numbers[n + N_I];
    this.t = numbers[n + N_T];
    this.lamport = numbers[n + N_LAMPORT];
    this.msg = numbers[n + N_MSG];
    const fields = batch.fields;
    const f = (this.base = k * FIELDS);
    this.nodeNumber = fields[f + F_NODE];
    this.node = this.names[this.nodeNumber];
    const peer = (this.peerNumber = fields[f + F_PEER]);
    this.peer = peer < 0 ? undefined : this.names[peer];
    this.kind = EVENT_KINDS[fields[f + F_KIND]];
    const type = fields[f + F_TYPE];
    this.type = type < 0 ? undefined : this.names[type];
    const mark = fields[f + F_MARK];
    this.mark = mark === 0 ? undefined : mark === 1 ? { enter: this.names[fields[f + F_MARK_NAME]] } : { exit: this.names[fields[f + F_MARK_NAME]] };
    const reason = fields[f + F_REASON];
    this.reason = reason < 0 ? undefined : DROP_REASONS[reason];
    const also = fields[f + F_ALSO];
    this.also = also < 0 ? undefined : batch.also[also];
    this.flags = fields[f + F_FLAGS];
  }

  get text(): string {
    const fields = this.batch!.fields;
    const f = this.base;
    if ((this.flags & TEXT_STRING) !== 0) return this.batch!.strings[fields[f + F_TEXT_START]];
    return this.bytes.toString((this.flags & TEXT_ASCII) !== 0 ? 'latin1' : 'utf8', fields[f + F_TEXT_START], fields[f + F_TEXT_END]);
  }

  get textView(): BytesText {
    const fields = this.batch!.fields;
    const f = this.base;
    const flags = this.flags;
    if ((flags & TEXT_STRING) !== 0) this.textBytes.setString(this.batch!.strings[fields[f + F_TEXT_START]]);
    else this.textBytes.setBytes(this.bytes, fields[f + F_TEXT_START], fields[f + F_TEXT_END], (flags & TEXT_ASCII) !== 0);
    return this.textBytes;
  }

  get shows(): string | undefined {
    const flags = this.flags;
    if ((flags & HAS_SHOWS) === 0) return undefined;
    const fields = this.batch!.fields;
    const f = this.base;
    if ((flags & SHOWS_STRING) !== 0) return this.batch!.strings[fields[f + F_SHOWS_START]];
    return this.bytes.toString((flags & SHOWS_ASCII) !== 0 ? 'latin1' : 'utf8', fields[f + F_SHOWS_START], fields[f + F_SHOWS_END]);
  }

  get showsText(): BytesText | undefined {
    const flags = this.flags;
    if ((flags & HAS_SHOWS) === 0) return undefined;
    const fields = this.batch!.fields;
    const f = this.base;
    if ((flags & SHOWS_STRING) !== 0) this.showsView.setString(this.batch!.strings[fields[f + F_SHOWS_START]]);
    else this.showsView.setBytes(this.bytes, fields[f + F_SHOWS_START], fields[f + F_SHOWS_END], (flags & SHOWS_ASCII) !== 0);
    return this.showsView;
  }

  /** The vector clock, rebuilt (a new object on every call), or undefined. */
  get vc(): Record<string, number> | undefined {
    if ((this.flags & HAS_VC) === 0) return undefined;
    const batch = this.batch!;
    const f = this.base;
    const end = batch.fields[f + F_VC_END];
    // No prototype: a node named `__proto__` is then an entry, as JSON.parse makes it.
    const vc = Object.create(null) as Record<string, number>;
    for (let e = batch.fields[f + F_VC_START]; e < end; e += 2) vc[this.names[batch.vcEntries[e]]] = batch.vcEntries[e + 1];
    return vc;
  }
}
