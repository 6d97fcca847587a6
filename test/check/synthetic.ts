/**
 * Test helpers: a small trace builder with correct Lamport and vector clocks unless told
 * otherwise, and a generator of long Chitty-Chat traces (the report's protocol, correct clocks)
 * that yields events one at a time, so tests can stream millions without holding them.
 */
import type { EventKind, TraceEvent, TraceHeader } from '../../src/trace/format.js';

type MessageType = string;

export const HEADER: TraceHeader = { format: 'chitty-sim-trace', version: 1, scenario: 'test', seed: 1, clock: 'lamport' };

interface Overrides {
  /** The Lamport time to record instead of the correct one (later events follow it). */
  lamport?: number;
  /** Replaces the vector clock recorded (the builder keeps computing the correct one). */
  vc?: Record<string, number>;
  text?: string;
  shows?: string;
  /** The message id to use instead of the next one. */
  msg?: number;
}

/** Builds traces event by event with correct clocks, so a test changes only what it means to break. */
export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  private readonly lamports = new Map<string, number>();
  private readonly vectors = new Map<string, Record<string, number>>();
  private readonly sends = new Map<number, { lamport: number; vc: Record<string, number>; node: string; peer: string; type?: MessageType }>();
  private nextMsg = 0;

  private vectorOf(node: string): Record<string, number> {
    let vector = this.vectors.get(node);
    if (!vector) this.vectors.set(node, (vector = {}));
    return vector;
  }

  private push(node: string, kind: EventKind, lamport: number, overrides: Overrides, extra: Partial<TraceEvent> = {}): TraceEvent {
    const vector = this.vectorOf(node);
    const event: TraceEvent = { i: this.events.length, t: this.events.length, node, kind, lamport, vc: overrides.vc ?? { ...vector }, ...extra, text: overrides.text ?? '' };
    if (overrides.shows !== undefined) event.shows = overrides.shows;
    this.events.push(event);
    return event;
  }

  private tick(node: string, overrides: Overrides): number {
    const lamport = overrides.lamport ?? (this.lamports.get(node) ?? 0) + 1;
    this.lamports.set(node, lamport);
    const vector = this.vectorOf(node);
    vector[node] = (vector[node] ?? 0) + 1;
    return lamport;
  }

  /** A send from `node` to `peer`; returns the message id. */
  send(node: string, peer: string, type?: MessageType, overrides: Overrides = {}): number {
    const lamport = this.tick(node, overrides);
    const msg = overrides.msg ?? this.nextMsg++;
    const event = this.push(node, 'send', lamport, overrides, { msg, peer, type });
    this.sends.set(msg, { lamport, vc: { ...this.vectorOf(node) }, node, peer, type });
    return event.msg!;
  }

  /** The receive of message `msg` at its destination. */
  receive(msg: number, overrides: Overrides & { node?: string } = {}): TraceEvent {
    const send = this.sends.get(msg);
    const node = overrides.node ?? send!.peer;
    const own = this.lamports.get(node) ?? 0;
    const lamport = overrides.lamport ?? Math.max(own, send?.lamport ?? 0) + 1;
    this.lamports.set(node, lamport);
    const vector = this.vectorOf(node);
    for (const [name, count] of Object.entries(send?.vc ?? {})) vector[name] = Math.max(vector[name] ?? 0, count);
    vector[node] = (vector[node] ?? 0) + 1;
    return this.push(node, 'receive', lamport, overrides, { msg, peer: send?.node ?? 'nobody', type: send?.type });
  }

  local(node: string, overrides: Overrides = {}): TraceEvent {
    return this.push(node, 'local', this.tick(node, overrides), overrides);
  }

  /** The network loses message `msg`: recorded at its destination, with the time it carried. */
  drop(msg: number): TraceEvent {
    const send = this.sends.get(msg)!;
    const event: TraceEvent = { i: this.events.length, t: this.events.length, node: send.peer, kind: 'drop', lamport: send.lamport, msg, peer: send.node, type: send.type, text: '', reason: 'loss' };
    this.events.push(event);
    return event;
  }

  crash(node: string, overrides: Overrides = {}): TraceEvent {
    return this.push(node, 'crash', this.tick(node, overrides), overrides);
  }

  restart(node: string, overrides: Overrides = {}): TraceEvent {
    return this.push(node, 'restart', this.tick(node, overrides), overrides);
  }
}

const logged = (text: string, lamport: number) => `${text}, lamport time: ${lamport}`;

/**
 * A Chitty-Chat run on the report's serial server with correct clocks: `participants` join
 * (each announcing its join), then publish `publishes` chat messages in turn, then leave.
 * Yields one event at a time.
 * @param options.vc - record vector clocks; default true.
 */
export function* syntheticChat(options: { participants: number; publishes: number; vc?: boolean }): Generator<TraceEvent> {
  const withVc = options.vc ?? true;
  const lamports = new Map<string, number>();
  const vectors = new Map<string, Record<string, number>>();
  let index = 0;
  let nextMsg = 0;
  const inFlight = new Map<number, { lamport: number; vc: Record<string, number>; from: string; type: MessageType }>();
  const vectorOf = (node: string) => vectors.get(node) ?? (vectors.set(node, {}), vectors.get(node)!);
  function event(node: string, kind: EventKind, lamport: number, text: string, extra: Partial<TraceEvent> = {}): TraceEvent {
    const result: TraceEvent = { i: index++, t: index, node, kind, lamport, ...extra, text: text === '' ? '' : logged(text, lamport) };
    if (withVc) result.vc = { ...vectorOf(node) };
    return result;
  }
  function tick(node: string): number {
    const lamport = (lamports.get(node) ?? 0) + 1;
    lamports.set(node, lamport);
    const vector = vectorOf(node);
    vector[node] = (vector[node] ?? 0) + 1;
    return lamport;
  }
  function send(node: string, peer: string, type: MessageType, text: string): TraceEvent {
    const lamport = tick(node);
    const msg = nextMsg++;
    inFlight.set(msg, { lamport, vc: { ...vectorOf(node) }, from: node, type });
    return event(node, 'send', lamport, text, { msg, peer, type });
  }
  function receive(node: string, msg: number, text: string, shows?: string): TraceEvent {
    const carried = inFlight.get(msg)!;
    inFlight.delete(msg);
    const lamport = Math.max(lamports.get(node) ?? 0, carried.lamport) + 1;
    lamports.set(node, lamport);
    const vector = vectorOf(node);
    for (const name in carried.vc) vector[name] = Math.max(vector[name] ?? 0, carried.vc[name]);
    vector[node] = (vector[node] ?? 0) + 1;
    const result = event(node, 'receive', lamport, text, { msg, peer: carried.from, type: carried.type });
    if (shows !== undefined) result.shows = shows;
    return result;
  }
  function local(node: string, text: string, shows?: string): TraceEvent {
    const result = event(node, 'local', tick(node), text);
    if (shows !== undefined) result.shows = shows;
    return result;
  }

  const names = Array.from({ length: options.participants }, (_, k) => `p${k + 1}`);
  const members: string[] = [];
  /** One publish, as the report's server runs it; `shown(member, lamport)` is what each member prints ('' for nothing). */
  function* publish(author: string, shown: (member: string, lamport: number) => string, silent = false): Generator<TraceEvent> {
    const request = send(author, 'server', 'PublishRequest', silent ? '' : 'Publish Request sent');
    yield request;
    yield receive('server', request.msg!, 'Received publish request');
    yield local('server', 'Attempt publish');
    yield local('server', 'BroadCast Request sent');
    for (const member of [...members]) {
      const broadcast = send('server', member, 'BroadcastRequest', `BroadCast Request sent to ${member}`);
      yield broadcast;
      yield receive(member, broadcast.msg!, 'Received broadcast request');
      const lamport = (lamports.get(member) ?? 0) + 1;
      const text = shown(member, lamport);
      yield local(member, 'Attempt BroadCast', text === '' ? undefined : text);
      const reply = send(member, 'server', 'BroadcastReply', 'BroadCast reply');
      yield reply;
      yield receive('server', reply.msg!, `Response from ${member}: BroadCast message reply`);
    }
    const reply = send('server', author, 'PublishReply', 'Publish reply');
    yield reply;
    yield receive(author, reply.msg!, silent ? '' : 'Response from the Server: Publish message reply');
  }

  for (const name of names) {
    const request = send(name, 'server', 'JoinRequest', 'Join Request sent');
    yield request;
    yield receive('server', request.msg!, 'Received join request');
    yield local('server', 'Attempt join');
    members.push(name);
    const reply = send('server', name, 'JoinReply', 'Join reply');
    yield reply;
    const joined = receive(name, reply.msg!, 'Join response from the Server: You are now connected');
    yield joined;
    const announcement = `Participant ${name} joined Chitty-Chat at Lamport time ${joined.lamport}`;
    yield* publish(name, () => announcement);
  }
  for (let k = 0; k < options.publishes; k++) {
    const author = names[k % names.length];
    yield* publish(author, (_member, lamport) => `${author} said: message ${k}, lamport time: ${lamport}`);
  }
  for (const name of names) {
    const started = local(name, 'Leave Request sent');
    yield started;
    members.splice(members.indexOf(name), 1);
    const announcement = `Participant ${name} left Chitty-Chat at Lamport time ${started.lamport}`;
    // The server still calls the leaver, which does not print its own announcement.
    members.push(name);
    yield* publish(name, (member) => (member === name ? '' : announcement), true);
    members.pop();
    const request = send(name, 'server', 'LeaveRequest', '');
    yield request;
    yield receive('server', request.msg!, 'Received leave request');
    yield local('server', 'Attempt leave');
    const reply = send('server', name, 'LeaveReply', 'Leave reply');
    yield reply;
    yield receive(name, reply.msg!, 'Leave response from the Server: User left the server');
  }
}
