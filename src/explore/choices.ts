/**
 * The model's choice points: what may happen next in a controlled run, and how each choice is
 * named. A choice is a number (its key) that names the same event in every execution that
 * reaches it, whatever the order of the events before: a message is named by its sender, its
 * receiver and how many messages the sender had sent before it (not by its trace id, which
 * counts every node's sends), a timer by its node and name, a step by its index, a crash or
 * restart by its node. docs/explore.md describes the model.
 *
 * A key is `payload * 8 + kind code`, with the payload of
 * - a message: ((to * 1024 + from) * 2^20 + sends before it) * 16 + copy (0, or n for the n-th duplicate);
 * - a timer: node * 2^30 + the number of its name;
 * - a step: (node + 1, or 0 for a step that changes the network) * 2^20 + its index;
 * - a crash or restart: the node.
 * All of it stays below 2^53, so keys are exact numbers.
 */

export type ChoiceKind = 'deliver' | 'lose' | 'duplicate' | 'timer' | 'step' | 'crash' | 'restart';

const KINDS: readonly ChoiceKind[] = ['deliver', 'lose', 'duplicate', 'timer', 'step', 'crash', 'restart'];

export const DELIVER = 0;
export const LOSE = 1;
export const DUPLICATE = 2;
export const TIMER = 3;
export const STEP = 4;
export const CRASH = 5;
export const RESTART = 6;

/** Limits the keys can hold; a scenario beyond them cannot be explored. */
export const CHOICE_LIMITS = { nodes: 1024, sendsPerNode: 2 ** 20, copies: 16, steps: 2 ** 20, timerNames: 2 ** 30 } as const;

const TWO_20 = 2 ** 20;
const TWO_30 = 2 ** 30;
/** Divides a message payload down to its receiver. */
const MESSAGE_TO = 1024 * TWO_20 * 16;

/** The kinds of faults `--faults` allows. */
export interface FaultKinds {
  loss: boolean;
  duplicate: boolean;
  crash: boolean;
}

export const NO_FAULTS: FaultKinds = Object.freeze({ loss: false, duplicate: false, crash: false });

export function kindCode(key: number): number {
  return key % 8;
}

export function choiceKind(key: number): ChoiceKind {
  return KINDS[key % 8];
}

/** Whether the choice is a fault (a loss, a duplication or a crash), which no execution needs to take. */
export function isFault(key: number): boolean {
  const code = key % 8;
  return code === LOSE || code === DUPLICATE || code === CRASH;
}

/** The payload of a message: the same for its delivery, loss and duplication. */
export function messagePayload(to: number, from: number, sendsBefore: number, copy: number): number {
  return ((to * 1024 + from) * TWO_20 + sendsBefore) * 16 + copy;
}

export function messageKey(payload: number, code: number): number {
  return payload * 8 + code;
}

export function timerKey(node: number, nameNumber: number): number {
  return (node * TWO_30 + nameNumber) * 8 + TIMER;
}

/** @param node - the node the step acts on, or -1 for a step that changes the network. */
export function stepKey(node: number, index: number): number {
  return ((node + 1) * TWO_20 + index) * 8 + STEP;
}

export function nodeFaultKey(node: number, code: typeof CRASH | typeof RESTART): number {
  return node * 8 + code;
}

/** The index of a step choice. */
export function stepIndex(key: number): number {
  return Math.floor(key / 8) % TWO_20;
}

/** The same message's choice of another kind (`code`). */
export function sameMessage(key: number, code: number): number {
  return key - (key % 8) + code;
}

/**
 * The node the choice is an event of (a message's receiver), or -1 for a step that changes the
 * network, which bears on every node's sends.
 */
export function choiceNode(key: number): number {
  const code = key % 8;
  const payload = (key - code) / 8;
  if (code <= DUPLICATE) return Math.floor(payload / MESSAGE_TO);
  if (code === TIMER) return Math.floor(payload / TWO_30);
  if (code === STEP) return Math.floor(payload / TWO_20) - 1;
  return payload;
}

/**
 * When a timer may fire: `any` time after it is set (the asynchronous model: a timeout tells
 * nothing about whether a reply is on its way), or only `late`, when no message is in flight
 * (timeouts longer than any delay: a timeout then means a loss or a crash).
 */
export type TimerModel = 'any' | 'late';
export const TIMER_MODELS: readonly TimerModel[] = ['any', 'late'];

/**
 * The node line a choice is an event of, for the reduction, or -1 for one that bears on every
 * node: a change of the network (every node's sends), and a late timer (whether it may fire
 * depends on every message in flight).
 */
export function choiceLine(key: number, timers: TimerModel): number {
  if (timers === 'late' && key % 8 === TIMER) return -1;
  return choiceNode(key);
}

/**
 * Whether two choices are dependent: taken in either order they may end differently. Events of
 * one node are (they change its state); an event that bears on every node is dependent with
 * everything; events of different nodes are not (a send and its receive are ordered by causality
 * instead).
 */
export function dependent(a: number, b: number, timers: TimerModel): boolean {
  const lineA = choiceLine(a, timers);
  if (lineA < 0) return true;
  const lineB = choiceLine(b, timers);
  return lineB < 0 || lineA === lineB;
}
