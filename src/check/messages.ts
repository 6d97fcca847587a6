/**
 * The messages the checker remembers: those in flight, plus a short window of recently completed
 * ones so that a duplicated delivery can still be compared with its send. Memory grows with the
 * messages in flight and the window, never with the trace.
 */

/** What the checker keeps of a send until its message is received or dropped. */
export interface MessageRecord<Tag> {
  msg: number;
  /** Index of the send event. */
  sendI: number;
  /** Sender and intended receiver, as node indices (for a message sent to several nodes, the first). */
  node: number;
  peer: number;
  /** Every receiver of a message sent to several nodes at once (`peer` first); undefined for one. */
  receivers: number[] | undefined;
  /** The receivers (of `receivers`) that have neither received nor lost it yet. */
  awaiting: number[] | undefined;
  lamport: number;
  type: string | undefined;
  /** The send's vector clock (dense, by node index), or undefined when the trace has none. */
  vc: Float64Array | undefined;
  /** Extra data a rule attaches (the broadcast round of a BroadcastRequest). */
  tag: Tag | undefined;
  /** The send's vector clock as computed from the events, when a rule needs one and the trace has none. */
  derivedVc: Float64Array | undefined;
  /** Whether a first delivery or drop has been seen (at every receiver, for several). */
  done: boolean;
}

/**
 * A set of whole numbers stored as sorted ranges: message ids are handed out in order, so the
 * ids ever sent collapse to one range however long the trace is.
 */
export class IdRanges {
  /** Range k is [starts[k], ends[k]). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Adds `id`; returns false when it was already there. */
  add(id: number): boolean {
    const last = this.ends.length - 1;
    // The common case: the next id in order.
    if (last >= 0 && id === this.ends[last]) {
      this.ends[last] = id + 1;
      return true;
    }
    const k = this.rangeAtOrBefore(id);
    if (k >= 0 && id < this.ends[k]) return false;
    const joinsLeft = k >= 0 && this.ends[k] === id;
    const joinsRight = k + 1 < this.starts.length && this.starts[k + 1] === id + 1;
    if (joinsLeft && joinsRight) {
      this.ends[k] = this.ends[k + 1];
      this.starts.splice(k + 1, 1);
      this.ends.splice(k + 1, 1);
    } else if (joinsLeft) {
      this.ends[k] = id + 1;
    } else if (joinsRight) {
      this.starts[k + 1] = id;
    } else {
      this.starts.splice(k + 1, 0, id);
      this.ends.splice(k + 1, 0, id + 1);
    }
    return true;
  }

  has(id: number): boolean {
    const k = this.rangeAtOrBefore(id);
    return k >= 0 && id < this.ends[k];
  }

  /** Number of ranges: the memory this set uses. */
  get ranges(): number {
    return this.starts.length;
  }

  /** Index of the last range starting at or before `id`, or -1. */
  private rangeAtOrBefore(id: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] <= id) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

/**
 * A map from whole-number ids (from 0) to values: the checker looks up a message on almost every
 * event, and a Map keyed by numbers cost more than all its rules. Each id has one slot in a
 * fixed table (its low bits); an id whose slot is taken by another goes to a Map instead. Message
 * ids are handed out in order and only a window of them is kept at a time, so with a table twice
 * the window that Map stays all but empty.
 */
export class IdMap<V> {
  private readonly ids: Float64Array;
  private readonly values: (V | undefined)[];
  private readonly mask: number;
  private readonly overflow = new Map<number, V>();
  size = 0;

  /** @param slots - size of the table, rounded up to a power of two; default 1024. */
  constructor(slots = 1024) {
    let length = 16;
    while (length < slots) length *= 2;
    this.ids = new Float64Array(length).fill(-1);
    this.values = new Array<V | undefined>(length).fill(undefined);
    this.mask = length - 1;
  }

  get(id: number): V | undefined {
    const slot = slotOf(id, this.mask);
    if (this.ids[slot] === id) return this.values[slot];
    return this.overflow.size === 0 ? undefined : this.overflow.get(id);
  }

  set(id: number, value: V): void {
    const slot = slotOf(id, this.mask);
    const found = this.ids[slot];
    if (found === id) {
      this.values[slot] = value;
    } else if (found === -1 && (this.overflow.size === 0 || !this.overflow.has(id))) {
      this.ids[slot] = id;
      this.values[slot] = value;
      this.size++;
    } else {
      if (!this.overflow.has(id)) this.size++;
      this.overflow.set(id, value);
    }
  }

  delete(id: number): void {
    const slot = slotOf(id, this.mask);
    if (this.ids[slot] === id) {
      this.ids[slot] = -1;
      this.values[slot] = undefined;
      this.size--;
    } else if (this.overflow.delete(id)) {
      this.size--;
    }
  }

  /** The values, in no particular order. */
  *entries(): IterableIterator<V> {
    for (let slot = 0; slot < this.ids.length; slot++) if (this.ids[slot] !== -1) yield this.values[slot]!;
    yield* this.overflow.values();
  }
}

/** The slot of an id: its low bits (folded with the high ones for ids from 2^32). */
function slotOf(id: number, mask: number): number {
  if (id < 4294967296) return id & mask;
  return ((id % 4294967296) ^ Math.floor(id / 4294967296)) & mask;
}

/**
 * Sends by message id. A record stays while its message is in flight and, after its first
 * delivery or drop, for the next `windowMessages` completions: a network that duplicates a
 * message delivers the copy soon after, and a copy later than that is counted, not checked.
 * Records and their vectors are recycled, so a long trace creates no garbage here.
 */
export class MessageTable<Tag> {
  private readonly live: IdMap<MessageRecord<Tag>>;
  /** Ids of completed messages still kept, oldest first (a ring). */
  private readonly window: Float64Array;
  private windowHead = 0;
  private windowSize = 0;
  private readonly sent = new IdRanges();
  private readonly spareRecords: MessageRecord<Tag>[] = [];
  private readonly spareVectors: Float64Array[] = [];
  /** Deliveries of messages sent earlier whose record had already left the window. */
  lateCopies = 0;
  /** Whether the last {@link MessageTable.send} reused an id sent before. */
  lastSendReused = false;

  /** @param windowMessages - completed messages kept for duplicate deliveries; default 4096. */
  constructor(windowMessages = 4096) {
    this.window = new Float64Array(Math.max(1, windowMessages));
    // Room for the messages in flight besides; a small window (a short run's) keeps the table small.
    this.live = new IdMap(2 * this.window.length + Math.min(1024, 32 * this.window.length));
  }

  /**
   * Records a send and returns its record. {@link MessageTable.lastSendReused} says whether the id
   * was sent before (the caller reports it), in which case the new send replaces the old one.
   */
  send(msg: number, sendI: number, node: number, peer: number, lamport: number, type: string | undefined): MessageRecord<Tag> {
    this.lastSendReused = !this.sent.add(msg);
    let record = this.live.get(msg);
    if (record === undefined) {
      record = this.spareRecords.pop() ?? { msg, sendI, node, peer, receivers: undefined, awaiting: undefined, lamport, type, vc: undefined, tag: undefined, derivedVc: undefined, done: false };
      this.live.set(msg, record);
    } else {
      this.releaseVector(record);
    }
    record.msg = msg;
    record.sendI = sendI;
    record.node = node;
    record.peer = peer;
    record.receivers = undefined;
    record.awaiting = undefined;
    record.lamport = lamport;
    record.type = type;
    record.vc = undefined;
    record.tag = undefined;
    record.derivedVc = undefined;
    record.done = false;
    return record;
  }

  /** A vector of at least `length` entries for a send, recycled when possible (contents undefined). */
  takeVector(length: number): Float64Array {
    const spare = this.spareVectors.pop();
    if (spare !== undefined && spare.length >= length) return spare;
    return new Float64Array(Math.max(length, 4));
  }

  /** The record of message `msg`, if it is still kept. */
  get(msg: number): MessageRecord<Tag> | undefined {
    return this.live.get(msg);
  }

  /** Whether `msg` was ever sent (kept or not). */
  wasSent(msg: number): boolean {
    return this.sent.has(msg);
  }

  /** One more receiver of the message `record` sends (its event sends it to several nodes). */
  addReceiver(record: MessageRecord<Tag>, peer: number): void {
    if (record.receivers === undefined) {
      record.receivers = [record.peer];
      record.awaiting = [record.peer];
    }
    if (record.receivers.includes(peer)) return;
    record.receivers.push(peer);
    record.awaiting!.push(peer);
  }

  /** Whether `node` is a receiver the message was sent to. */
  static sentTo(record: MessageRecord<unknown>, node: number): boolean {
    return record.peer === node || (record.receivers !== undefined && record.receivers.includes(node));
  }

  /**
   * A delivery or drop of the message at `node`: the message is complete once every receiver has
   * had one (a message sent to one node: at the first).
   */
  arrive(record: MessageRecord<Tag>, node: number): void {
    const awaiting = record.awaiting;
    if (awaiting !== undefined) {
      const k = awaiting.indexOf(node);
      if (k >= 0) awaiting.splice(k, 1);
      if (awaiting.length > 0) return;
    }
    this.complete(record);
  }

  /** Marks a first delivery or drop: the record moves to the window of recent messages. */
  complete(record: MessageRecord<Tag>): void {
    if (record.done) return;
    record.done = true;
    const capacity = this.window.length;
    if (this.windowSize === capacity) {
      const oldest = this.window[this.windowHead];
      const evicted = this.live.get(oldest);
      if (evicted !== undefined && evicted.done) {
        this.live.delete(oldest);
        this.releaseVector(evicted);
        evicted.tag = undefined;
        evicted.receivers = undefined;
        evicted.awaiting = undefined;
        this.spareRecords.push(evicted);
      }
      this.window[this.windowHead] = record.msg;
      if (++this.windowHead === capacity) this.windowHead = 0;
    } else {
      const tail = this.windowHead + this.windowSize;
      this.window[tail < capacity ? tail : tail - capacity] = record.msg;
      this.windowSize++;
    }
  }

  private releaseVector(record: MessageRecord<Tag>): void {
    if (record.vc !== undefined && this.spareVectors.length < 64) this.spareVectors.push(record.vc);
    record.vc = undefined;
  }

  /** Messages sent and not yet received or dropped. */
  inFlight(): number {
    let count = 0;
    for (const record of this.live.entries()) if (!record.done) count++;
    return count;
  }

  /** What this table holds, for tests of boundedness. */
  size(): { records: number; window: number; idRanges: number } {
    return { records: this.live.size, window: this.windowSize, idRanges: this.sent.ranges };
  }
}
