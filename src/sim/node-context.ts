/**
 * The context one incarnation of a node works through: the public {@link NodeContext}, checking
 * every call so that a mistake in a protocol is reported where it is made (the node, the call, what
 * is wrong) instead of showing up later as a strange trace. The checks on the paths every event
 * takes are a few comparisons; building the messages is left to functions called only on a
 * mistake, so that the hot methods stay small enough to be inlined.
 */
import type { Message, LocalOptions, NodeContext, RecordOptions, SendOptions } from './node-api.js';
import { NodeApiError } from './node-errors.js';
import type { RegionMark } from './record.js';

/** What a context asks of the world; the world checks whose turn it is. */
export interface NodeHost {
  readonly nodeNames: readonly string[];
  readonly variant: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The node whose handler runs now, and its incarnation (-1 between handlers). */
  readonly activeNode: number;
  readonly activeIncarnation: number;
  nowMs(): number;
  random(node: number): number;
  /** The node index of a name, or -1. */
  indexOf(name: string): number;
  /** Throws the error for a call made out of turn (`node` may not act now). */
  outOfTurn(node: number, incarnation: number, call: string): never;
  send(from: number, to: number, type: string, payload: unknown, lamport: number, carry: number, text: string, shows: string): number;
  receive(node: number, message: Message, lamport: number, text: string, shows: string): void;
  local(node: number, lamport: number, text: string, shows: string, mark: RegionMark | undefined): void;
  setTimer(node: number, delayMs: number, name: string, data: unknown): void;
  cancelTimer(node: number, name: string): void;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** Whether `value` is a finite number (without a call: `NaN - NaN` and `Infinity - Infinity` are NaN). */
function finite(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0;
}

/** The error for options that are not what `call` takes: says which field is wrong. */
function badOptions(call: string, options: unknown): NodeApiError {
  if (options === null || typeof options !== 'object') return new NodeApiError(`${call} needs its options, like { lamport: 3 }, not ${describe(options)}`);
  const fields = options as Record<string, unknown>;
  if (!finite(fields.lamport)) return new NodeApiError(`${call}: lamport must be a finite number (the Lamport time your code computed), not ${describe(fields.lamport)}`);
  if (fields.carry !== undefined && !finite(fields.carry)) return new NodeApiError(`${call}: carry must be a finite number, not ${describe(fields.carry)}`);
  if (fields.text !== undefined && typeof fields.text !== 'string') return new NodeApiError(`${call}: text must be a string, not ${describe(fields.text)}`);
  if (fields.shows !== undefined && typeof fields.shows !== 'string') return new NodeApiError(`${call}: shows must be a string, not ${describe(fields.shows)}`);
  return new NodeApiError(`${call}: mark must be { enter: 'name' } or { exit: 'name' }, not ${JSON.stringify(fields.mark)}`);
}

function badType(type: unknown): NodeApiError {
  return new NodeApiError(`ctx.send: the message type must be a non-empty string, not ${describe(type)}`);
}

function validMark(mark: RegionMark): boolean {
  return (
    mark !== null &&
    typeof mark === 'object' &&
    ((typeof mark.enter === 'string' && mark.enter !== '' && mark.exit === undefined) || (typeof mark.exit === 'string' && mark.exit !== '' && mark.enter === undefined))
  );
}

export class HostedContext implements NodeContext {
  readonly nodes: readonly string[];
  /** The last name sent to and its index: a node mostly sends to the same few. */
  private lastTo = '';
  private lastToIndex = -1;

  constructor(
    private readonly host: NodeHost,
    readonly index: number,
    readonly name: string,
    readonly incarnation: number,
    readonly restarted: boolean,
    readonly durable: Record<string, any>,
  ) {
    this.nodes = host.nodeNames;
  }

  get variant(): string {
    return this.host.variant;
  }

  get options(): Readonly<Record<string, unknown>> {
    return this.host.options;
  }

  now(): number {
    return this.host.nowMs();
  }

  random(): number {
    return this.host.random(this.index);
  }

  send(to: string, type: string, payload: unknown, options: SendOptions): number {
    const host = this.host;
    if (host.activeNode !== this.index || host.activeIncarnation !== this.incarnation) host.outOfTurn(this.index, this.incarnation, 'ctx.send');
    const target = to === this.lastTo ? this.lastToIndex : this.target(to);
    if (typeof type !== 'string' || type === '') throw badType(type);
    if (options === null || typeof options !== 'object') throw badOptions('ctx.send', options);
    const lamport = options.lamport;
    const carry = options.carry === undefined ? lamport : options.carry;
    const text = options.text === undefined ? '' : options.text;
    const shows = options.shows === undefined ? '' : options.shows;
    if (!finite(lamport) || !finite(carry) || typeof text !== 'string' || typeof shows !== 'string') throw badOptions('ctx.send', options);
    return host.send(this.index, target, type, payload, lamport, carry, text, shows);
  }

  /** The index of a node to send to, remembered for the next send. */
  private target(to: string): number {
    const target = this.host.indexOf(to);
    if (target < 0) throw new NodeApiError(`ctx.send: there is no node ${describe(to)}; the nodes are ${this.host.nodeNames.join(', ')}`);
    this.lastTo = to;
    this.lastToIndex = target;
    return target;
  }

  receive(message: Message, options: RecordOptions): void {
    const host = this.host;
    if (host.activeNode !== this.index || host.activeIncarnation !== this.incarnation) host.outOfTurn(this.index, this.incarnation, 'ctx.receive');
    if (options === null || typeof options !== 'object') throw badOptions('ctx.receive', options);
    const lamport = options.lamport;
    const text = options.text === undefined ? '' : options.text;
    const shows = options.shows === undefined ? '' : options.shows;
    if (!finite(lamport) || typeof text !== 'string' || typeof shows !== 'string') throw badOptions('ctx.receive', options);
    host.receive(this.index, message, lamport, text, shows);
  }

  local(options: LocalOptions): void {
    const host = this.host;
    if (host.activeNode !== this.index || host.activeIncarnation !== this.incarnation) host.outOfTurn(this.index, this.incarnation, 'ctx.local');
    if (options === null || typeof options !== 'object') throw badOptions('ctx.local', options);
    const lamport = options.lamport;
    const text = options.text === undefined ? '' : options.text;
    const shows = options.shows === undefined ? '' : options.shows;
    const mark = options.mark;
    if (!finite(lamport) || typeof text !== 'string' || typeof shows !== 'string' || (mark !== undefined && !validMark(mark))) throw badOptions('ctx.local', options);
    host.local(this.index, lamport, text, shows, mark);
  }

  setTimer(delayMs: number, name: string, data?: unknown): void {
    const host = this.host;
    if (host.activeNode !== this.index || host.activeIncarnation !== this.incarnation) host.outOfTurn(this.index, this.incarnation, 'ctx.setTimer');
    if (!finite(delayMs) || delayMs < 0) throw new NodeApiError(`ctx.setTimer: delayMs must be a number of ms from 0, not ${describe(delayMs)}`);
    if (typeof name !== 'string') throw new NodeApiError(`ctx.setTimer: the timer's name must be a string, not ${describe(name)}`);
    host.setTimer(this.index, delayMs, name, data);
  }

  cancelTimer(name: string): void {
    const host = this.host;
    if (host.activeNode !== this.index || host.activeIncarnation !== this.incarnation) host.outOfTurn(this.index, this.incarnation, 'ctx.cancelTimer');
    host.cancelTimer(this.index, name);
  }
}
