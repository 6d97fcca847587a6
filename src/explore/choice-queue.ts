/**
 * The queue of a controlled run: it holds what the world schedules (messages in flight, node
 * timers, the next step) without ordering it by time, and fires the one that is chosen. Each
 * entry is kept with its choice key (choices.ts) and the position of the choice that enabled it
 * (the send of a message, the setting of a timer, the step before), which is what the search's
 * happens-before is made of.
 */
import { StepCursor } from '../scenario/steps.js';
import { Envelope } from '../sim/envelope.js';
import type { EventQueue } from '../sim/event-queue.js';
import type { ScheduledEntry } from '../sim/scheduler.js';
import { NodeTimer } from '../sim/world.js';
import { CHOICE_LIMITS, DELIVER, messageKey, messagePayload, stepKey, timerKey } from './choices.js';

/** A message in flight. */
export class InFlight {
  constructor(
    readonly envelope: Envelope,
    /** The key of its delivery; its loss and duplication differ in the kind code only. */
    readonly key: number,
    /** Its copy number: 0, or n for the n-th duplicate. */
    readonly copy: number,
    /** The position of the choice that sent it (or duplicated it); -1 for a send at the start. */
    readonly pred: number,
  ) {}
}

/** A timer set and not fired. */
export class Armed {
  constructor(
    readonly timer: NodeTimer,
    readonly key: number,
    /** The position of the choice that set it; -1 for one set at the start. */
    readonly pred: number,
  ) {}
}

export class ChoiceQueue implements EventQueue {
  nowUs = 0;
  /** The position of the choice being taken (-1 while the nodes start): what new entries are stamped with. */
  position = -1;
  /** Messages in flight, in the order they were sent (or duplicated). */
  readonly messages: InFlight[] = [];
  /** Timers in the order they were set; some may have been cancelled, replaced or killed by a crash since. */
  readonly timers: Armed[] = [];
  /** The step cursor while a step is waiting, and the number it queued it with. */
  step: StepCursor | undefined = undefined;
  stepAtUs = 0;
  /** The position of the last step taken; -1 before the first. */
  lastStepPosition = -1;
  private nextSeq = 0;
  /** Per node: messages it has sent so far. */
  private readonly sends: Int32Array;
  /** Set while a message is duplicated: the copy that is scheduled next is its copy. */
  private copyOf: InFlight | undefined = undefined;

  constructor(
    nodeCount: number,
    /** The node a step acts on, by step index (-1 for a change of the network). */
    private readonly stepNodes: readonly number[],
    /** Timer names by number, shared by the runs of one search so that keys agree. */
    private readonly timerNames: Map<string, number>,
  ) {
    this.sends = new Int32Array(nodeCount);
  }

  get size(): number {
    return this.messages.length + this.timers.length + (this.step === undefined ? 0 : 1);
  }

  get nextAtUs(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.nowUs;
  }

  schedule(entry: ScheduledEntry, atUs: number): void {
    entry.atUs = atUs;
    entry.seq = this.nextSeq++;
    if (entry instanceof Envelope) this.addMessage(entry);
    else if (entry instanceof NodeTimer) this.addTimer(entry);
    else throw new Error('a controlled run queues messages, timers and steps only');
  }

  reserve(count: number): number {
    const first = this.nextSeq;
    this.nextSeq += count;
    return first;
  }

  scheduleReserved(entry: ScheduledEntry, atUs: number, seq: number): void {
    if (!(entry instanceof StepCursor)) throw new Error('a controlled run queues messages, timers and steps only');
    entry.atUs = atUs;
    entry.seq = seq;
    this.step = entry;
    this.stepAtUs = atUs;
  }

  run(): number {
    throw new Error('a controlled run is driven choice by choice (ControlledRun), not run by time');
  }

  /** Marks the next scheduled message as a copy of `message` (a duplication). */
  expectCopyOf(message: InFlight): void {
    this.copyOf = message;
  }

  /** The key of the waiting step, or -1. */
  stepChoice(): number {
    const step = this.step;
    if (step === undefined) return -1;
    const index = step.nextStep;
    return stepKey(this.stepNodes[index], index);
  }

  private addMessage(envelope: Envelope): void {
    const original = this.copyOf;
    this.copyOf = undefined;
    let key: number;
    let copy = 0;
    if (original !== undefined) {
      copy = original.copy + 1;
      if (copy >= CHOICE_LIMITS.copies) throw new Error(`message ${envelope.id} is duplicated more than ${CHOICE_LIMITS.copies - 1} times`);
      key = original.key + 8;
    } else {
      const from = envelope.fromIndex;
      const sent = this.sends[from]++;
      if (sent >= CHOICE_LIMITS.sendsPerNode) throw new Error(`node ${envelope.from} sends more than ${CHOICE_LIMITS.sendsPerNode} messages`);
      key = messageKey(messagePayload(envelope.toIndex, from, sent, 0), DELIVER);
    }
    this.messages.push(new InFlight(envelope, key, copy, this.position));
  }

  private addTimer(timer: NodeTimer): void {
    let number = this.timerNames.get(timer.name);
    if (number === undefined) {
      number = this.timerNames.size;
      if (number >= CHOICE_LIMITS.timerNames) throw new Error('too many timer names');
      this.timerNames.set(timer.name, number);
    }
    this.timers.push(new Armed(timer, timerKey(timer.node, number), this.position));
  }
}
