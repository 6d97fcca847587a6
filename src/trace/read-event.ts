/**
 * An event as the trace reader hands it out: node names (and message types) also as numbers, and
 * texts decoded only when asked for, so that a checker reading millions of lines builds no object
 * per line.
 */
import { DROP_REASONS, EVENT_KINDS, type DropReason, type EventKind, type MessageEnd, type RegionMark, type TraceEvent } from './format.js';
import type { EventLineScanner } from './event-line-scanner.js';
import type { NameTable } from './name-table.js';
import { BytesText } from './text-bytes.js';

/**
 * An event with its node names also as numbers: from 0, in the order the trace's reader first met
 * them. What `TraceChecker.pushRead` takes: a {@link ReadEvent}, or an event moved between threads
 * in a batch (batch.ts). Its texts may be decoded only when read.
 */
export interface NumberedEvent {
  readonly i: number;
  readonly t: number;
  readonly node: string;
  readonly nodeNumber: number;
  readonly kind: EventKind;
  readonly lamport: number;
  readonly vc: Record<string, number> | undefined;
  /** -1 for kinds other than send, receive and drop. */
  readonly msg: number;
  readonly peer: string | undefined;
  /** -1 when there is no peer. */
  readonly peerNumber: number;
  readonly type: string | undefined;
  readonly reason: DropReason | undefined;
  /** The region a local event opens or closes. */
  readonly mark: RegionMark | undefined;
  /** The event's further message ends (version 2), or undefined. */
  readonly also: readonly MessageEnd[] | undefined;
  readonly text: string;
  readonly shows: string | undefined;
  /** `text` as a {@link BytesText} (reused for every event): asked without decoding it where it can be. */
  readonly textView: BytesText;
  /** `shows` as a {@link BytesText} (reused for every event), or undefined. */
  readonly showsText: BytesText | undefined;
}

/**
 * An event as {@link TraceLineReader.read} hands it out: one object, refilled for every line, with
 * the node names also as numbers (from 0, in the order the reader first met them) and the texts
 * decoded only when asked for. What it holds is valid until the next line is read.
 */
export class ReadEvent implements NumberedEvent {
  i = 0;
  t = 0;
  node = '';
  /** The number of `node` among the trace's names (see {@link TraceLineReader.names}). */
  nodeNumber = 0;
  kind: EventKind = 'local';
  lamport = 0;
  vc: Record<string, number> | undefined = undefined;
  /** The message id of a send, receive or drop; -1 for other kinds. */
  msg = -1;
  /** The other end of a send, receive or drop; undefined for other kinds. */
  peer: string | undefined = undefined;
  /** The number of `peer`, or -1. */
  peerNumber = -1;
  type: string | undefined = undefined;
  reason: DropReason | undefined = undefined;
  mark: RegionMark | undefined = undefined;
  also: readonly MessageEnd[] | undefined = undefined;
  /** An imported log's named fields (version 2), or undefined. */
  fields: Readonly<Record<string, string>> | undefined = undefined;
  /** `kind` and `reason` as their index in `EVENT_KINDS` and `DROP_REASONS` (-1: absent). */
  kindCode = 2;
  reasonCode = -1;
  /** The number of `type` among the trace's names (see {@link TraceLineReader.names}), or -1. */
  typeNumber = -1;
  /** Where the texts come from: the scanner (decoded on demand) or a parsed event. */
  private scanned: EventLineScanner | undefined = undefined;
  private parsed: TraceEvent | undefined = undefined;
  private readonly textBytes = new BytesText();
  private readonly showsView = new BytesText();

  /** The scanner that read this event, or undefined when JSON.parse did: where its texts lie in the line's bytes. */
  get scanner(): EventLineScanner | undefined {
    return this.scanned;
  }

  /** The logged text (empty when the event logs nothing). */
  get text(): string {
    return this.scanned !== undefined ? this.scanned.text : this.parsed!.text;
  }

  /** What the node shows its user, or undefined. */
  get shows(): string | undefined {
    return this.scanned !== undefined ? this.scanned.shows : this.parsed!.shows;
  }

  get showsText(): BytesText | undefined {
    const scanner = this.scanned;
    if (scanner === undefined) {
      const shows = this.parsed!.shows;
      if (shows === undefined) return undefined;
      this.showsView.setString(shows);
      return this.showsView;
    }
    if (!scanner.hasShows) return undefined;
    const field = scanner.showsField;
    if (field.decoded !== undefined) this.showsView.setString(field.decoded);
    else this.showsView.setBytes(scanner.lineBytes, field.start, field.end, field.ascii);
    return this.showsView;
  }

  get textView(): BytesText {
    const scanner = this.scanned;
    if (scanner === undefined) {
      this.textBytes.setString(this.parsed!.text);
    } else {
      const field = scanner.textField;
      if (field.decoded !== undefined) this.textBytes.setString(field.decoded);
      else this.textBytes.setBytes(scanner.lineBytes, field.start, field.end, field.ascii);
    }
    return this.textBytes;
  }

  /** @internal Fills it from the scanner, whose fields passed the reader's rules. */
  fromScanner(scanner: EventLineScanner, messageKind: boolean): void {
    this.i = scanner.i;
    this.t = scanner.t;
    this.node = scanner.node;
    this.nodeNumber = scanner.nodeNumber;
    this.kind = scanner.kind as EventKind;
    this.lamport = scanner.lamport;
    this.vc = scanner.vc;
    if (messageKind) {
      this.msg = scanner.msg!;
      this.peer = scanner.peer;
      this.peerNumber = scanner.peerNumber;
    } else {
      this.msg = -1;
      this.peer = undefined;
      this.peerNumber = -1;
    }
    this.type = scanner.type;
    this.kindCode = scanner.kindCode;
    this.typeNumber = scanner.typeNumber;
    this.mark = scanner.mark;
    this.also = undefined;
    this.fields = undefined;
    if (this.kind === 'drop') {
      this.reason = scanner.reason as DropReason;
      this.reasonCode = scanner.reasonCode;
    } else {
      this.reason = undefined;
      this.reasonCode = -1;
    }
    this.scanned = scanner;
    this.parsed = undefined;
  }

  /** @internal Fills it from an event the general path built. */
  fromEvent(event: TraceEvent, names: NameTable): void {
    this.i = event.i;
    this.t = event.t;
    this.node = event.node;
    this.nodeNumber = names.number(event.node);
    this.kind = event.kind;
    this.lamport = event.lamport;
    this.vc = event.vc;
    this.msg = event.msg ?? -1;
    this.peer = event.peer;
    this.peerNumber = event.peer === undefined ? -1 : names.number(event.peer);
    this.type = event.type;
    this.reason = event.reason;
    this.mark = event.mark;
    this.also = event.also;
    this.fields = event.fields;
    this.kindCode = EVENT_KINDS.indexOf(event.kind);
    this.typeNumber = event.type === undefined ? -1 : names.number(event.type);
    this.reasonCode = event.reason === undefined ? -1 : DROP_REASONS.indexOf(event.reason);
    this.scanned = undefined;
    this.parsed = event;
  }

  /** A plain event object with these values, owning its data. */
  toTraceEvent(): TraceEvent {
    if (this.parsed !== undefined) return this.parsed;
    const event: TraceEvent = { i: this.i, t: this.t, node: this.node, kind: this.kind, lamport: this.lamport, text: this.text };
    if (this.vc !== undefined) event.vc = this.vc;
    if (this.msg >= 0) {
      event.msg = this.msg;
      event.peer = this.peer;
    }
    if (this.type !== undefined) event.type = this.type;
    const shows = this.shows;
    if (shows !== undefined) event.shows = shows;
    if (this.reason !== undefined) event.reason = this.reason;
    if (this.mark !== undefined) event.mark = this.mark;
    if (this.also !== undefined) event.also = [...this.also];
    if (this.fields !== undefined) event.fields = { ...this.fields };
    return event;
  }
}

