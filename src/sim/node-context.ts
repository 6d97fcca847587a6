/**
 * The context one incarnation of a node works through: the public {@link NodeContext}, checking
 * every call so that a mistake in a protocol is reported where it is made (the node, the call, what
 * is wrong) instead of showing up later as a strange trace.
 */
import type { Message, LocalOptions, NodeContext, RecordOptions, SendOptions } from './node-api.js';
import { NodeApiError } from './node-errors.js';
import type { RegionMark } from './record.js';

/** What a context asks of the world; the world checks whose turn it is. */
export interface NodeHost {
  readonly nodeNames: readonly string[];
  readonly variant: string;
  readonly options: Readonly<Record<string, unknown>>;
  nowMs(): number;
  random(node: number): number;
  /** The node index of a name, or -1. */
  indexOf(name: string): number;
  /** Throws when `node` (in `incarnation`) may not act now; `call` names the call. */
  checkTurn(node: number, incarnation: number, call: string): void;
  send(from: number, to: number, type: string, payload: unknown, lamport: number, carry: number, text: string, shows: string): number;
  receive(node: number, message: Message, lamport: number, text: string, shows: string): void;
  local(node: number, lamport: number, text: string, shows: string, mark: RegionMark | undefined): void;
  setTimer(node: number, delayMs: number, name: string, data: unknown): void;
  cancelTimer(node: number, name: string): void;
}

function lamportOf(options: RecordOptions | undefined, call: string, node: string): number {
  if (options === null || typeof options !== 'object') throw new NodeApiError(`${call} needs its options, like { lamport: 3 }; node ${node} gave ${String(options)}`);
  const lamport = options.lamport;
  if (typeof lamport !== 'number' || !Number.isFinite(lamport)) {
    throw new NodeApiError(`${call}: lamport must be a finite number (the Lamport time your code computed), not ${describe(lamport)}`);
  }
  return lamport;
}

function textOf(value: unknown, call: string, field: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new NodeApiError(`${call}: ${field} must be a string, not ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
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
    host.checkTurn(this.index, this.incarnation, 'ctx.send');
    let target = this.lastToIndex;
    if (to !== this.lastTo || target < 0) {
      target = host.indexOf(to);
      if (target < 0) {
        throw new NodeApiError(`ctx.send: there is no node ${describe(to)}; the nodes are ${host.nodeNames.join(', ')}`);
      }
      this.lastTo = to;
      this.lastToIndex = target;
    }
    if (typeof type !== 'string' || type === '') throw new NodeApiError(`ctx.send: the message type must be a non-empty string, not ${describe(type)}`);
    const lamport = lamportOf(options, 'ctx.send', this.name);
    let carry = options.carry;
    if (carry === undefined) carry = lamport;
    else if (typeof carry !== 'number' || !Number.isFinite(carry)) throw new NodeApiError(`ctx.send: carry must be a finite number, not ${describe(carry)}`);
    return host.send(this.index, target, type, payload, lamport, carry, textOf(options.text, 'ctx.send', 'text'), textOf(options.shows, 'ctx.send', 'shows'));
  }

  receive(message: Message, options: RecordOptions): void {
    const host = this.host;
    host.checkTurn(this.index, this.incarnation, 'ctx.receive');
    const lamport = lamportOf(options, 'ctx.receive', this.name);
    host.receive(this.index, message, lamport, textOf(options.text, 'ctx.receive', 'text'), textOf(options.shows, 'ctx.receive', 'shows'));
  }

  local(options: LocalOptions): void {
    const host = this.host;
    host.checkTurn(this.index, this.incarnation, 'ctx.local');
    const lamport = lamportOf(options, 'ctx.local', this.name);
    const mark = options.mark;
    if (mark !== undefined) checkMark(mark);
    host.local(this.index, lamport, textOf(options.text, 'ctx.local', 'text'), textOf(options.shows, 'ctx.local', 'shows'), mark);
  }

  setTimer(delayMs: number, name: string, data?: unknown): void {
    this.host.checkTurn(this.index, this.incarnation, 'ctx.setTimer');
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) throw new NodeApiError(`ctx.setTimer: delayMs must be a number of ms from 0, not ${describe(delayMs)}`);
    if (typeof name !== 'string') throw new NodeApiError(`ctx.setTimer: the timer's name must be a string, not ${describe(name)}`);
    this.host.setTimer(this.index, delayMs, name, data);
  }

  cancelTimer(name: string): void {
    this.host.checkTurn(this.index, this.incarnation, 'ctx.cancelTimer');
    this.host.cancelTimer(this.index, name);
  }
}

function checkMark(mark: RegionMark): void {
  const valid =
    mark !== null &&
    typeof mark === 'object' &&
    ((typeof mark.enter === 'string' && mark.enter !== '' && mark.exit === undefined) || (typeof mark.exit === 'string' && mark.exit !== '' && mark.enter === undefined));
  if (!valid) throw new NodeApiError(`ctx.local: mark must be { enter: 'name' } or { exit: 'name' }, not ${JSON.stringify(mark)}`);
}
