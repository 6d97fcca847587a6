/**
 * The rules about messages, `message-match` and `receive-after-send`, and the sends they are judged
 * against: what the checker does at each message end of an event (a send, a receive, a drop).
 * docs/checker.md defines the rules, also for events with several ends.
 */
import { MessageTable, type MessageRecord } from './messages.js';
import type { EventRef } from './types.js';
import type { ViolationLog } from './violations.js';

export class MessageRules {
  constructor(
    private readonly names: readonly string[],
    private readonly log: ViolationLog,
    private readonly messages: MessageTable<unknown>,
    private readonly nodeLabel: (name: string) => string,
    private readonly ref: (i: number, node: number, lamport: number) => EventRef,
  ) {}

  /**
   * A send of `msg` to `peer`: remembers it (with a copy of `vc`, dense by node index) and reports
   * an id sent before.
   */
  send(i: number, node: number, lamport: number, msg: number, peer: number, type: string | undefined, vc: ArrayLike<number> | undefined): MessageRecord<unknown> {
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
    return record;
  }

  /**
   * A receive of `msg` from `peer` at `node`: compared with its send (`message-match`,
   * `receive-after-send`). Returns the send's record, or undefined when the message is unknown (a
   * late copy, or never sent). The caller marks the arrival once the vector clock is judged.
   * `typed` false: an event's further end, which carries no type of its own to compare.
   */
  receive(i: number, node: number, lamport: number, msg: number, peer: number, type: string | undefined, typed = true): MessageRecord<unknown> | undefined {
    const record = this.messages.get(msg);
    if (record === undefined) {
      this.unknownMessage(i, node, lamport, msg, 'received');
      return undefined;
    }
    this.matchEnds(record, i, node, lamport, peer, type, typed, 'received');
    if (!(lamport > record.lamport) && this.log.wants('receive-after-send')) {
      this.log.add(
        'receive-after-send',
        [this.ref(record.sendI, record.node, record.lamport), this.ref(i, node, lamport)],
        `${this.nodeLabel(this.names[node])} receives message ${msg}${type ? ` (${type})` : ''} at Lamport time ${lamport}, not after its send at ${record.lamport}: a receive must have a larger time than its send.`,
      );
    }
    return record;
  }

  /** A drop of `msg` (recorded at the node it was meant for): matched with its send. */
  drop(i: number, node: number, lamport: number, msg: number, peer: number, type: string | undefined): MessageRecord<unknown> | undefined {
    const record = this.messages.get(msg);
    if (record === undefined) {
      this.unknownMessage(i, node, lamport, msg, 'dropped');
      return undefined;
    }
    this.matchEnds(record, i, node, lamport, peer, type, true, 'dropped');
    this.messages.arrive(record, node);
    return record;
  }

  /** `message-match`: a receive or drop happens at a node the message was sent to, from its sender, as the type sent. */
  private matchEnds(record: MessageRecord<unknown>, i: number, node: number, lamport: number, peer: number, type: string | undefined, typed: boolean, what: string): void {
    const wrongNode = !MessageTable.sentTo(record, node);
    const wrongPeer = peer >= 0 && record.node !== peer;
    // A missing type is a type of its own: a receive without one does not match a typed send.
    const wrongType = typed && type !== record.type;
    if (!(wrongNode || wrongPeer || wrongType) || !this.log.wants('message-match')) return;
    const names = this.names;
    const receivers = (record.receivers ?? [record.peer]).map((receiver) => names[receiver]).join(', ');
    const problem = wrongNode
      ? `was sent to ${receivers} but is ${what} at ${names[node]}`
      : wrongPeer
        ? `was sent by ${names[record.node]} but is ${what} as from ${names[peer]}`
        : `was sent as ${record.type ?? 'a message without type'} but is ${what} as ${type ?? 'a message without type'}`;
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
}
