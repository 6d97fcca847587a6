/**
 * The streaming checker: feed it events in trace order with {@link TraceChecker.push}, then call
 * {@link TraceChecker.finish}. It keeps per-node state, the messages in flight (plus a short window
 * for duplicates) and the open broadcast rounds, never the trace, so a trace of any length checks
 * in bounded memory. Rules 1-3 (clocks) live here; rule 4 (Chitty-Chat's promises) in
 * promises.ts. docs/checker.md defines every rule.
 */
import type { EventKind, TraceEvent, TraceHeader } from '../trace/format.js';
import type { NumberedEvent } from '../trace/read.js';
import { MessageTable, type MessageRecord } from './messages.js';
import { chatSuffixStart, PromiseChecker, type Round } from './promises.js';
import type { CheckResult, EventRef, TextView, Violation } from './types.js';
import { ViolationLog } from './violations.js';

/** Options of the checker; every field has a default. */
export interface CheckOptions {
  /** Violations listed in full; further ones are only counted in `omitted`. Default 1000. */
  maxViolations?: number;
  /**
   * Completed messages whose send is kept so that a duplicated delivery can still be checked
   * against it. Default 4096: far more than a network's duplicates lag behind.
   */
  duplicateWindowMessages?: number;
  /** Broadcast rounds kept open for late or reordered shows before they are judged. Default 16. */
  openRounds?: number;
  /** Name of the server node. Default `server`. */
  serverNode?: string;
  /**
   * Node names to number first, in this order, so that dense vectors indexed like the simulator's
   * nodes can be passed to {@link TraceChecker.pushFields}. Default none.
   */
  nodes?: readonly string[];
}

/** How a process's vector clock is known: no event yet (all zero), known, or unknown (an event had no `vc`). */
const VC_ZERO = 0;
const VC_KNOWN = 1;
const VC_UNKNOWN = 2;

/** Streaming checker of clock ordering and Chitty-Chat's promises. Results are data. */
export class TraceChecker {
  private readonly names: string[] = [];
  private readonly indexByName = new Map<string, number>();
  private readonly serverIndex: number;
  private readonly log: ViolationLog;
  private readonly messages: MessageTable<Round>;
  private readonly promises: PromiseChecker;
  // Per node, by index.
  private readonly seen: boolean[] = [];
  private readonly lastLamport: number[] = [];
  private readonly lastI: number[] = [];
  /** Whether a crash or restart lies between the node's last event and its next. */
  private readonly acrossCrash: boolean[] = [];
  private readonly vcPrevious: Float64Array[] = [];
  private readonly vcState: number[] = [];
  /** A dense vector built from a trace line's `vc` object; reused for every event. */
  private scratch = new Float64Array(8);
  private readonly vcKeys: string[] = [];
  private readonly vcIndices: number[] = [];
  /** The last names looked up for `node` and `peer`: consecutive events mostly repeat them. */
  private lastNodeName = '';
  private lastNodeIndex = -1;
  private lastPeerName = '';
  private lastPeerIndex = -1;
  /** Node index by a trace reader's name number (see {@link TraceChecker.pushRead}); -1 until met. */
  private readonly indexByNameNumber: number[] = [];
  private eventCount = 0;
  private finished: CheckResult | undefined = undefined;

  constructor(options: CheckOptions = {}) {
    this.log = new ViolationLog(options.maxViolations ?? 1000);
    this.messages = new MessageTable<Round>(options.duplicateWindowMessages ?? 4096);
    for (const name of options.nodes ?? []) this.intern(name);
    this.serverIndex = this.intern(options.serverNode ?? 'server');
    this.promises = new PromiseChecker(this.names, () => this.serverIndex, this.log, { openRounds: options.openRounds });
  }

  /** The index of a node name, numbering it on first sight. */
  intern(name: string): number {
    let index = this.indexByName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.indexByName.set(name, index);
      this.seen.push(false);
      this.lastLamport.push(0);
      this.lastI.push(-1);
      this.acrossCrash.push(false);
      this.vcPrevious.push(new Float64Array(0));
      this.vcState.push(VC_ZERO);
    }
    return index;
  }

  /** Checks one event; events must come in trace order. */
  push(event: TraceEvent): void {
    let node = this.lastNodeIndex;
    if (event.node !== this.lastNodeName || node < 0) {
      node = this.lastNodeIndex = this.intern(event.node);
      this.lastNodeName = event.node;
    }
    let peer = -1;
    if (event.peer !== undefined) {
      peer = this.lastPeerIndex;
      if (event.peer !== this.lastPeerName || peer < 0) {
        peer = this.lastPeerIndex = this.intern(event.peer);
        this.lastPeerName = event.peer;
      }
    }
    this.pushWithShows(event.i, node, event.kind, event.lamport, event.msg ?? -1, peer, event.type, event.text, event.shows, event.vc);
  }

  /**
   * Checks one event as a trace reader hands it out (`TraceLineReader.read`, or a batch of them
   * from another thread): its names come as numbers, so no name is looked up, and its text is
   * decoded only when a rule reads it. Every event pushed this way must be numbered by one reader.
   */
  pushRead(event: NumberedEvent): void {
    const node = this.indexOfNameNumber(event.nodeNumber, event.node);
    const peer = event.peerNumber < 0 ? -1 : this.indexOfNameNumber(event.peerNumber, event.peer!);
    this.pushWithShows(event.i, node, event.kind, event.lamport, event.msg, peer, event.type, event.textView, event.showsText, event.vc);
  }

  private indexOfNameNumber(number: number, name: string): number {
    const byNumber = this.indexByNameNumber;
    while (byNumber.length <= number) byNumber.push(-1);
    let index = byNumber[number];
    if (index < 0) index = byNumber[number] = this.intern(name);
    return index;
  }

  private pushWithShows(
    i: number,
    node: number,
    kind: EventKind,
    lamport: number,
    msg: number,
    peer: number,
    type: string | undefined,
    text: TextView,
    shows: TextView | undefined,
    vcValue: Record<string, number> | undefined,
  ): void {
    const vc = vcValue === undefined ? undefined : this.denseVector(vcValue);
    let contentLength = 0;
    let chat = false;
    if (shows !== undefined && shows.length > 0) {
      const suffix = chatSuffixStart(shows);
      chat = suffix >= 0;
      contentLength = chat ? suffix : shows.length;
    }
    this.pushFields(i, node, kind, lamport, msg, peer, type, text, shows, contentLength, chat, vc);
  }

  /**
   * Checks one event given as fields, without building an object: the fast path for a running
   * simulation. Node indices come from {@link TraceChecker.intern} (or the `nodes` option).
   * @param text - the logged text (a string, or a view of its bytes), with or without its
   *   `, lamport time: N` suffix; asked about only for the events a rule needs it of.
   * @param shows - what the node shows its user (a string, or a view of its bytes); undefined or empty when nothing.
   * @param showsLength - the length of `shows` without a chat line's Lamport suffix.
   * @param chat - whether `shows` is a chat line (`P said: TEXT`).
   * @param vc - the vector clock, dense by node index (missing entries are 0); undefined when absent.
   */
  pushFields(
    i: number,
    node: number,
    kind: EventKind,
    lamport: number,
    msg: number,
    peer: number,
    type: string | undefined,
    text: TextView,
    shows: TextView | undefined,
    showsLength: number,
    chat: boolean,
    vc: ArrayLike<number> | undefined,
  ): void {
    if (this.finished !== undefined) throw new Error('TraceChecker: push after finish');
    this.eventCount++;
    const isServer = node === this.serverIndex;
    switch (kind) {
      case 'send': {
        this.processOrder(i, node, lamport);
        this.vectorClock(i, node, lamport, vc, undefined, false);
        const record = this.messages.send(msg, i, node, peer, lamport, type);
        if (this.messages.lastSendReused && this.log.wants('message-match')) {
          this.log.add('message-match', [this.ref(i, node, lamport)], `Message id ${msg} is sent a second time at event ${i}; every send needs its own id.`);
        }
        if (vc !== undefined) {
          const copy = this.messages.takeVector(this.names.length);
          const length = Math.min(vc.length, copy.length);
          for (let k = 0; k < length; k++) copy[k] = vc[k];
          copy.fill(0, length);
          record.vc = copy;
        }
        if (isServer) this.promises.serverEvent(i, kind, lamport, type, text, record);
        else if (type === 'BroadcastReply') this.promises.broadcastReplySent(node, record);
        break;
      }
      case 'receive': {
        this.processOrder(i, node, lamport);
        const record = this.messages.get(msg);
        if (record !== undefined) {
          this.matchEnds(record, i, node, lamport, peer, type, 'received');
          if (!(lamport > record.lamport) && this.log.wants('receive-after-send')) {
            this.log.add(
              'receive-after-send',
              [this.ref(record.sendI, record.node, record.lamport), this.ref(i, node, lamport)],
              `${this.who(node)} receives message ${msg}${type ? ` (${type})` : ''} at Lamport time ${lamport}, not after its send at ${record.lamport}: a receive must have a larger time than its send.`,
            );
          }
          this.vectorClock(i, node, lamport, vc, record, true);
          this.messages.complete(record);
        } else {
          this.unknownMessage(i, node, lamport, msg, 'received');
          this.vectorClock(i, node, lamport, vc, undefined, true);
        }
        if (isServer) {
          this.promises.serverEvent(i, kind, lamport, type, text, record);
        } else {
          if (type === 'BroadcastRequest') this.promises.broadcastReceived(node, i, record);
          else if (type === 'JoinReply') this.promises.joinReplyReceived(node, i, lamport, text, record);
        }
        break;
      }
      case 'local': {
        this.processOrder(i, node, lamport);
        this.vectorClock(i, node, lamport, vc, undefined, false);
        if (isServer) this.promises.serverEvent(i, kind, lamport, type, text, undefined);
        else this.promises.participantLocal(node, i, lamport, text);
        break;
      }
      case 'drop': {
        // A drop is the network's, recorded at the node the message was meant for: not an event of that process.
        const record = this.messages.get(msg);
        if (record !== undefined) {
          this.matchEnds(record, i, node, lamport, peer, type, 'dropped');
          this.messages.complete(record);
        } else {
          this.unknownMessage(i, node, lamport, msg, 'dropped');
        }
        break;
      }
      case 'crash':
      case 'restart': {
        // Crash and restart mark the process line; their Lamport times are whatever the node kept, so
        // only the events around them are compared (see docs/checker.md).
        this.acrossCrash[node] = true;
        this.vectorClock(i, node, lamport, vc, undefined, false);
        if (isServer) this.promises.serverEvent(i, kind, lamport, type, text, undefined);
        else if (kind === 'crash') this.promises.participantCrash(node);
        break;
      }
    }
    if (shows !== undefined && shows.length > 0 && !isServer) this.promises.shown(node, i, lamport, shows, showsLength, chat);
  }

  /**
   * Ends the check and returns the result; later calls return the same result.
   * @param options.interrupted - the trace ends early (Ctrl-C): broadcasts still in progress are
   *   not judged. Default false.
   */
  finish(options: { interrupted?: boolean } = {}): CheckResult {
    if (this.finished !== undefined) return this.finished;
    this.promises.finish(options.interrupted ?? false);
    const violations = sortByLastEvent(this.log.listed);
    this.finished = {
      status: this.log.total === 0 ? 'pass' : 'fail',
      events: this.eventCount,
      violations,
      omitted: this.log.omitted,
      byRule: { ...this.log.byRule },
      stats: {
        inFlightAtEnd: this.messages.inFlight(),
        lateCopiesUnchecked: this.messages.lateCopies,
        broadcasts: this.promises.rounds,
        overlappingBroadcasts: this.promises.overlapping,
      },
    };
    return this.finished;
  }

  /** What the checker holds in memory, for tests of boundedness. */
  stateSize(): { nodes: number; messages: number; messageWindow: number; idRanges: number; openRounds: number; participants: number; violations: number } {
    const messages = this.messages.size();
    const promises = this.promises.size();
    return {
      nodes: this.names.length,
      messages: messages.records,
      messageWindow: messages.window,
      idRanges: messages.idRanges,
      openRounds: promises.openRounds,
      participants: promises.participants,
      violations: this.log.listed.length,
    };
  }

  // --- rules 1-3 ----------------------------------------------------------------------------

  private ref(i: number, node: number, lamport: number): EventRef {
    return { i, node: this.names[node], lamport };
  }

  private who(node: number): string {
    return node === this.serverIndex ? 'The server' : `Participant ${this.names[node]}`;
  }

  /** Rule 1: along a process, each event's Lamport time is larger than the one before. */
  private processOrder(i: number, node: number, lamport: number): void {
    if (this.seen[node]) {
      const previous = this.lastLamport[node];
      if (!(lamport > previous) && this.log.wants('process-order')) {
        const previousI = this.lastI[node];
        const how = lamport < previous ? `goes from ${previous} (event ${previousI}) back to ${lamport} (event ${i})` : `stays at ${lamport} from event ${previousI} to event ${i}`;
        const crash = this.acrossCrash[node] ? ' across a crash and restart' : '';
        this.log.add(
          'process-order',
          [this.ref(previousI, node, previous), this.ref(i, node, lamport)],
          `${this.who(node)}'s Lamport time ${how}${crash}: along one process every event needs a larger time than the one before.`,
        );
      }
    } else {
      this.seen[node] = true;
    }
    this.lastLamport[node] = lamport;
    this.lastI[node] = i;
    this.acrossCrash[node] = false;
  }

  /** Rule `message-match`: a receive or drop happens at the node the message was sent to, from its sender. */
  private matchEnds(record: MessageRecord<Round>, i: number, node: number, lamport: number, peer: number, type: string | undefined, what: string): void {
    const wrongNode = record.peer !== node;
    const wrongPeer = peer >= 0 && record.node !== peer;
    const wrongType = type !== undefined && record.type !== undefined && type !== record.type;
    if (!(wrongNode || wrongPeer || wrongType) || !this.log.wants('message-match')) return;
    const names = this.names;
    const problem = wrongNode
      ? `was sent to ${names[record.peer]} but is ${what} at ${names[node]}`
      : wrongPeer
        ? `was sent by ${names[record.node]} but is ${what} as from ${names[peer]}`
        : `was sent as ${record.type} but is ${what} as ${type}`;
    this.log.add('message-match', [this.ref(record.sendI, record.node, record.lamport), this.ref(i, node, lamport)], `Message ${record.msg} ${problem}.`);
  }

  /** A receive or drop of a message the checker does not hold: a late copy, or a message never sent. */
  private unknownMessage(i: number, node: number, lamport: number, msg: number, what: string): void {
    if (this.messages.wasSent(msg)) {
      this.messages.lateCopies++;
      return;
    }
    if (this.log.wants('message-match')) {
      this.log.add('message-match', [this.ref(i, node, lamport)], `Message ${msg} is ${what} at event ${i} but was never sent before it.`);
    }
  }

  /** Converts a trace line's `vc` object into the reused dense scratch vector. */
  private denseVector(vc: Record<string, number>): Float64Array {
    let scratch = this.scratch;
    scratch.fill(0);
    // A writer lists a vector's names in the same order on every line: remember the index found
    // at each position, so that most lines need no lookup at all.
    const keys = this.vcKeys;
    const indices = this.vcIndices;
    let position = 0;
    for (const name in vc) {
      let index: number;
      if (keys[position] === name) {
        index = indices[position];
      } else {
        index = this.intern(name);
        keys[position] = name;
        indices[position] = index;
      }
      position++;
      if (index >= scratch.length) {
        const grown = new Float64Array(Math.max(index + 1, scratch.length * 2));
        grown.set(scratch);
        scratch = this.scratch = grown;
      }
      scratch[index] = vc[name];
    }
    return scratch;
  }

  /**
   * Rule 3: the event's vector is its predecessor's on the same process (all zero before the
   * first), merged entry-wise with the send's vector for a receive, plus one on its own entry.
   * Each event is compared with its predecessor as recorded, so a wrong vector is reported where
   * it is wrong (and where the next vector disagrees with it) instead of at every later event.
   */
  private vectorClock(i: number, node: number, lamport: number, vc: ArrayLike<number> | undefined, record: MessageRecord<Round> | undefined, receive: boolean): void {
    if (vc === undefined) {
      this.vcState[node] = VC_UNKNOWN;
      return;
    }
    const count = this.names.length;
    let previous = this.vcPrevious[node];
    const state = this.vcState[node];
    const merged = receive ? record?.vc : undefined;
    // A receive whose send vector is unknown (a late copy, or a send without `vc`) cannot be checked exactly.
    const checkable = state !== VC_UNKNOWN && (!receive || merged !== undefined);
    if (checkable) {
      let bad = -1;
      for (let k = 0; k < count; k++) {
        let expected = state === VC_KNOWN && k < previous.length ? previous[k] : 0;
        if (merged !== undefined && k < merged.length && merged[k] > expected) expected = merged[k];
        if (k === node) expected += 1;
        const actual = k < vc.length ? vc[k] : 0;
        if (actual !== expected) {
          bad = k;
          break;
        }
      }
      if (bad >= 0 && this.log.wants('vector-clock')) this.reportVector(i, node, lamport, vc, previous, state, merged, record);
    }
    if (previous.length < count) previous = this.vcPrevious[node] = new Float64Array(Math.max(count, 4, previous.length * 2));
    const length = Math.min(vc.length, count);
    for (let k = 0; k < length; k++) previous[k] = vc[k];
    previous.fill(0, length);
    this.vcState[node] = VC_KNOWN;
  }

  private reportVector(i: number, node: number, lamport: number, vc: ArrayLike<number>, previous: Float64Array, state: number, merged: Float64Array | undefined, record: MessageRecord<Round> | undefined): void {
    const names = this.names;
    const differences: string[] = [];
    for (let k = 0; k < names.length && differences.length < 3; k++) {
      let expected = state === VC_KNOWN && k < previous.length ? previous[k] : 0;
      if (merged !== undefined && k < merged.length && merged[k] > expected) expected = merged[k];
      if (k === node) expected += 1;
      const actual = k < vc.length ? vc[k] : 0;
      if (actual !== expected) differences.push(`${names[k]} is ${actual}, expected ${expected}`);
    }
    const events = [this.ref(i, node, lamport)];
    if (record !== undefined && merged !== undefined) events.unshift(this.ref(record.sendI, record.node, record.lamport));
    const basis = merged !== undefined ? "its predecessor's merged with the send's, plus one" : "its predecessor's plus one";
    this.log.add('vector-clock', events, `Event ${i} (${names[node]}) has a vector clock that is not ${basis}: ${differences.join('; ')}.`);
  }
}

/** Orders violations by the event at which each becomes visible (its last named event); stable. */
function sortByLastEvent(violations: Violation[]): Violation[] {
  const last = (violation: Violation) => violation.events.reduce((max, event) => (event.i > max ? event.i : max), -1);
  return violations
    .map((violation, order) => ({ violation, order, at: last(violation) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((entry) => entry.violation);
}

/**
 * A new streaming checker.
 * @param options - see {@link CheckOptions}; every field has a default.
 */
export function createChecker(options: CheckOptions = {}): TraceChecker {
  return new TraceChecker(options);
}

/**
 * Checks a whole trace held in memory (tests, the fuzzer). The header is accepted for symmetry
 * with the file format; the rules do not depend on it.
 * @param options - see {@link CheckOptions}; `interrupted` (default false) as in {@link TraceChecker.finish}.
 */
export function checkEvents(_header: TraceHeader | undefined, events: Iterable<TraceEvent>, options: CheckOptions & { interrupted?: boolean } = {}): CheckResult {
  const checker = new TraceChecker(options);
  for (const event of events) checker.push(event);
  return checker.finish({ interrupted: options.interrupted });
}
