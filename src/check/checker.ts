/**
 * The streaming checker: feed it events in trace order, then call {@link TraceChecker.finish}. It
 * keeps per-node state and the messages in flight (plus a short window for duplicates), never the
 * trace, so a trace of any length checks in bounded memory. The clock rules every trace is held to
 * live here and in vector-clock-rule.ts; a protocol's own rules and mutual exclusion come as rule
 * sets (rule-set.ts). docs/checker.md defines every rule.
 */
import type { EventKind, RegionMark } from '../sim/record.js';
import type { MessageEnd, TraceEvent, TraceHeader } from '../trace/format.js';
import type { NumberedEvent } from '../trace/read.js';
import { DerivedClocks } from './derived-clocks.js';
import { MessageRules } from './message-rules.js';
import { MessageTable, type MessageRecord } from './messages.js';
import type { CheckedEvent, RuleChecker, RuleSet } from './rule-set.js';
import { CLOCK_RULES } from './rules.js';
import type { CheckResult, CheckStats, EventRef, TextView, Violation } from './types.js';
import { VectorClockRule } from './vector-clock-rule.js';
import { ViolationLog } from './violations.js';

/** A further message end of an event, its peer as a node index (see {@link TraceChecker.pushEvent}). */
export interface NumberedEnd {
  kind: 'send' | 'receive';
  msg: number;
  peer: number;
}

/** Options of the checker; every field has a default. */
export interface CheckOptions {
  /** Violations listed in full; further ones are only counted in `omitted`. Default 1000. */
  maxViolations?: number;
  /**
   * Completed messages whose send is kept so that a duplicated delivery can still be checked
   * against it. Default 4096: far more than a network's duplicates lag behind.
   */
  duplicateWindowMessages?: number;
  /** Rule sets beyond the clock rules (a protocol's, mutual exclusion). Default none. */
  rules?: readonly RuleSet[];
  /** How violations name a node (`The server`, `Participant 1111`); default `Node NAME`. */
  nodeLabel?: (name: string) => string;
  /**
   * Node names to number first, in this order, so that dense vectors indexed like the simulator's
   * nodes can be passed to {@link TraceChecker.pushEvent}. Default none.
   */
  nodes?: readonly string[];
}

/** Streaming checker of clock ordering and of the rule sets it is given. Results are data. */
export class TraceChecker {
  private readonly names: string[] = [];
  private readonly indexByName = new Map<string, number>();
  private readonly log: ViolationLog;
  private readonly messages: MessageTable<unknown>;
  private readonly vectorRule: VectorClockRule;
  private readonly messageRules: MessageRules;
  /** An event's further ends with node indices, and the messages it receives and sends; reused. */
  private readonly endScratch: NumberedEnd[] = [];
  private readonly endsReceived: MessageRecord<unknown>[] = [];
  private readonly endsSent: MessageRecord<unknown>[] = [];
  private readonly ruleCheckers: RuleChecker[];
  private readonly ruleSets: readonly RuleSet[];
  private readonly derived: DerivedClocks | undefined;
  private readonly nodeLabel: (name: string) => string;
  // Per node, by index.
  private readonly seen: boolean[] = [];
  private readonly lastLamport: number[] = [];
  private readonly lastI: number[] = [];
  /** Whether a crash or restart lies between the node's last event and its next. */
  private readonly acrossCrash: boolean[] = [];
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
  /** The event handed to the rule sets; reused. */
  private readonly checked: CheckedEvent = { i: 0, node: 0, kind: 'local', lamport: 0, msg: -1, peer: -1, type: undefined, text: '', shows: undefined, mark: undefined, vc: undefined, message: undefined };
  private eventCount = 0;
  private finished: CheckResult | undefined = undefined;

  constructor(options: CheckOptions = {}) {
    this.log = new ViolationLog(options.maxViolations ?? 1000);
    this.messages = new MessageTable<unknown>(options.duplicateWindowMessages ?? 4096);
    this.vectorRule = new VectorClockRule(this.names, this.log, (i, node, lamport) => this.ref(i, node, lamport));
    this.nodeLabel = options.nodeLabel ?? ((name) => `Node ${name}`);
    this.messageRules = new MessageRules(this.names, this.log, this.messages, this.nodeLabel, (i, node, lamport) => this.ref(i, node, lamport));
    for (const name of options.nodes ?? []) this.intern(name);
    const ruleSets = options.rules ?? [];
    const context = { names: this.names, intern: (name: string) => this.intern(name), log: this.log };
    this.ruleCheckers = ruleSets.map((set) => set.create(context));
    // The rule ids are listed in the result only: gathered then (a search checks thousands of short traces).
    this.ruleSets = ruleSets;
    this.derived = ruleSets.some((set) => set.needsVectorClocks) ? new DerivedClocks(this.names) : undefined;
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
      this.vectorRule.addNode();
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
    const vc = event.vc === undefined ? undefined : this.denseVector(event.vc);
    this.pushEvent(event.i, node, event.kind, event.lamport, event.msg ?? -1, peer, event.type, event.text, event.shows, vc, event.mark, this.numberedEnds(event.also, (name) => this.intern(name)));
  }

  /**
   * Checks one event as a trace reader hands it out (`TraceLineReader.read`, or a batch of them
   * from another thread): its names come as numbers, so no name is looked up, and its text is
   * decoded only when a rule reads it. Every event pushed this way must be numbered by one reader.
   */
  pushRead(event: NumberedEvent): void {
    const node = this.indexOfNameNumber(event.nodeNumber, event.node);
    const peer = event.peerNumber < 0 ? -1 : this.indexOfNameNumber(event.peerNumber, event.peer!);
    const vc = event.vc === undefined ? undefined : this.denseVector(event.vc);
    this.pushEvent(event.i, node, event.kind, event.lamport, event.msg, peer, event.type, event.textView, event.showsText, vc, event.mark, this.numberedEnds(event.also, (name) => this.intern(name)));
  }

  private indexOfNameNumber(number: number, name: string): number {
    const byNumber = this.indexByNameNumber;
    while (byNumber.length <= number) byNumber.push(-1);
    let index = byNumber[number];
    if (index < 0) index = byNumber[number] = this.intern(name);
    return index;
  }

  /**
   * Checks one event given as fields (the run-time sink's path: no object is built). Node indices
   * come from {@link TraceChecker.intern} (or the `nodes` option).
   * @param text - the logged text (a string, or a view of its bytes).
   * @param shows - what the node shows its user; undefined or empty when nothing.
   * @param vc - the vector clock, dense by node index (missing entries are 0); undefined when absent.
   * @param also - a send's or receive's further message ends (peers as node indices), if any.
   */
  pushEvent(
    i: number,
    node: number,
    kind: EventKind,
    lamport: number,
    msg: number,
    peer: number,
    type: string | undefined,
    text: TextView,
    shows: TextView | undefined,
    vc: ArrayLike<number> | undefined,
    mark?: RegionMark,
    also?: readonly NumberedEnd[],
  ): void {
    if (this.finished !== undefined) throw new Error('TraceChecker: push after finish');
    this.eventCount++;
    let record: MessageRecord<unknown> | undefined;
    if (also !== undefined && (kind === 'send' || kind === 'receive')) {
      record = this.severalEnds(i, node, kind, lamport, msg, peer, type, vc, also);
    } else {
      switch (kind) {
        case 'send':
          this.processOrder(i, node, lamport);
          this.vectorRule.check(i, node, lamport, vc, undefined, false);
          record = this.messageRules.send(i, node, lamport, msg, peer, type, vc);
          break;
        case 'receive':
          this.processOrder(i, node, lamport);
          record = this.messageRules.receive(i, node, lamport, msg, peer, type);
          this.vectorRule.check(i, node, lamport, vc, record, true);
          if (record !== undefined) this.messages.arrive(record, node);
          break;
        case 'local':
          this.processOrder(i, node, lamport);
          this.vectorRule.check(i, node, lamport, vc, undefined, false);
          break;
        case 'drop':
          // A drop is the network's, recorded at the node the message was meant for: not an event of that process.
          record = this.messageRules.drop(i, node, lamport, msg, peer, type);
          break;
        case 'crash':
        case 'restart':
          // The engine's events: their Lamport times are not the node's, so only the events around them are compared.
          this.acrossCrash[node] = true;
          this.vectorRule.check(i, node, lamport, vc, undefined, false);
          break;
      }
    }
    const checkers = this.ruleCheckers;
    if (checkers.length === 0) return;
    const checked = this.checked;
    checked.i = i;
    checked.node = node;
    checked.kind = kind;
    checked.lamport = lamport;
    checked.msg = msg;
    checked.peer = peer;
    checked.type = type;
    checked.text = text;
    checked.shows = shows;
    checked.mark = mark;
    checked.message = record;
    checked.vc = vc !== undefined || this.derived === undefined ? vc : also !== undefined && (kind === 'send' || kind === 'receive') ? this.derived.nextEnds(node, this.endsReceived, this.endsSent) : this.derived.next(node, kind, record);
    for (let k = 0; k < checkers.length; k++) checkers[k].event(checked);
  }

  /**
   * Ends the check and returns the result; later calls return the same result.
   * @param options.interrupted - the trace ends early (Ctrl-C, or an error in the run): work still
   *   in progress (a broadcast, say) is not judged. Default false.
   */
  finish(options: { interrupted?: boolean } = {}): CheckResult {
    if (this.finished !== undefined) return this.finished;
    const interrupted = options.interrupted ?? false;
    for (const checker of this.ruleCheckers) checker.finish(interrupted);
    const violations = sortByLastEvent(this.log.listed);
    const stats: CheckStats = { inFlightAtEnd: this.messages.inFlight(), lateCopiesUnchecked: this.messages.lateCopies };
    const notes: string[] = [];
    for (const checker of this.ruleCheckers) {
      Object.assign(stats, checker.stats?.());
      notes.push(...(checker.notes?.() ?? []));
    }
    this.finished = {
      status: this.log.total === 0 ? 'pass' : 'fail',
      events: this.eventCount,
      violations,
      omitted: this.log.omitted,
      byRule: { ...this.log.byRule },
      stats,
      rules: [...Object.keys(CLOCK_RULES), ...this.ruleSets.flatMap((set) => Object.keys(set.rules))],
    };
    if (notes.length > 0) this.finished.notes = notes;
    return this.finished;
  }

  /** What the checker holds in memory, for tests of boundedness. */
  stateSize(): Record<string, number> {
    const messages = this.messages.size();
    const size: Record<string, number> = {
      nodes: this.names.length,
      messages: messages.records,
      messageWindow: messages.window,
      idRanges: messages.idRanges,
      violations: this.log.listed.length,
    };
    for (const checker of this.ruleCheckers) Object.assign(size, checker.size?.());
    return size;
  }

  private ref(i: number, node: number, lamport: number): EventRef {
    return { i, node: this.names[node], lamport };
  }

  /** `process-order`: along a process, each event's Lamport time is larger than the one before. */
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
          `${this.nodeLabel(this.names[node])}'s Lamport time ${how}${crash}: along one process every event needs a larger time than the one before.`,
        );
      }
    } else {
      this.seen[node] = true;
    }
    this.lastLamport[node] = lamport;
    this.lastI[node] = i;
    this.acrossCrash[node] = false;
  }

  /**
   * An event with several message ends (`also`): one process event that receives every message
   * among its ends, then sends every one (a message sent to several peers is one message). Returns
   * the record of its first end's message.
   */
  private severalEnds(i: number, node: number, kind: 'send' | 'receive', lamport: number, msg: number, peer: number, type: string | undefined, vc: ArrayLike<number> | undefined, also: readonly NumberedEnd[]): MessageRecord<unknown> | undefined {
    this.processOrder(i, node, lamport);
    const received = this.endsReceived;
    const sent = this.endsSent;
    received.length = 0;
    sent.length = 0;
    let first: MessageRecord<unknown> | undefined;
    let allKnown = true;
    const ends = [{ kind, msg, peer }, ...also];
    ends.forEach((end, k) => {
      if (end.kind !== 'receive') return;
      const record = this.messageRules.receive(i, node, lamport, end.msg, end.peer, k === 0 ? type : undefined, k === 0);
      if (record === undefined) allKnown = false;
      else received.push(record);
      if (k === 0) first = record;
    });
    this.vectorRule.checkReceives(i, node, lamport, vc, received, allKnown);
    for (const record of received) this.messages.arrive(record, node);
    ends.forEach((end, k) => {
      if (end.kind !== 'send') return;
      const earlier = sent.find((record) => record.msg === end.msg);
      if (earlier !== undefined) {
        this.messages.addReceiver(earlier, end.peer);
        return;
      }
      const record = this.messageRules.send(i, node, lamport, end.msg, end.peer, k === 0 ? type : undefined, vc);
      sent.push(record);
      if (k === 0) first = record;
    });
    return first;
  }

  /** The peers of an event's further ends as node indices, in a reused list. */
  private numberedEnds(also: readonly MessageEnd[] | undefined, number: (name: string) => number): readonly NumberedEnd[] | undefined {
    if (also === undefined) return undefined;
    const ends = this.endScratch;
    ends.length = also.length;
    for (let k = 0; k < also.length; k++) ends[k] = { kind: also[k].kind, msg: also[k].msg, peer: number(also[k].peer) };
    return ends;
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
}

/** Orders violations by the event at which each becomes visible (its last named event); stable. */
function sortByLastEvent(violations: Violation[]): Violation[] {
  const last = (violation: Violation) => violation.events.reduce((max, event) => (event.i > max ? event.i : max), -1);
  return violations
    .map((violation, order) => ({ violation, order, at: last(violation) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((entry) => entry.violation);
}

/** A new streaming checker. */
export function createChecker(options: CheckOptions = {}): TraceChecker {
  return new TraceChecker(options);
}

/**
 * Checks a whole trace held in memory (tests, the fuzzer). The header is accepted for symmetry
 * with the file format; which rules apply is the caller's choice (`options.rules`).
 * @param options - see {@link CheckOptions}; `interrupted` (default false) as in {@link TraceChecker.finish}.
 */
export function checkEvents(_header: TraceHeader | undefined, events: Iterable<TraceEvent>, options: CheckOptions & { interrupted?: boolean } = {}): CheckResult {
  const checker = new TraceChecker(options);
  for (const event of events) checker.push(event);
  return checker.finish({ interrupted: options.interrupted });
}
