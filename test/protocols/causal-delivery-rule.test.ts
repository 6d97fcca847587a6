/**
 * The `causal-delivery` rule against traces built by hand: it fires when a node delivers a message
 * before one whose publish happened before it (through a third node, or from the same sender), on
 * traces with vector clocks and without; it stays quiet on clean traces, including concurrent
 * messages delivered in different orders.
 */
import { describe, expect, it } from 'vitest';
import { deliveryLine, messageId, publishText } from '../../src/protocols/causal-broadcast/delivery-texts.js';
import { checkTrace } from '../../src/protocols/checking.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { TraceBuilder } from '../check/synthetic.js';

const HEADER: TraceHeader = { format: 'chitty-sim-trace', version: 2, scenario: 'test', seed: 1, clock: 'causal', protocol: 'causal-broadcast' };

/** A chat trace: publishes (delivered at once by their publisher) and deliveries of received messages. */
class Chat {
  readonly trace = new TraceBuilder();
  private readonly texts = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  /** `node` publishes `text` and sends it to each of `to`; returns the message id and the send ids per peer. */
  publish(node: string, text: string, to: readonly string[]): { id: string; sends: Map<string, number> } {
    const seq = (this.counts.get(node) ?? 0) + 1;
    this.counts.set(node, seq);
    const id = messageId(node, seq);
    this.texts.set(id, text);
    this.trace.local(node, { text: publishText(id, text), shows: deliveryLine(id, text) });
    const sends = new Map(to.map((peer) => [peer, this.trace.send(node, peer, 'Broadcast', { text: `Send ${id} to ${peer}` })]));
    return { id, sends };
  }

  /** The receive of a message, delivered at once. */
  deliver(id: string, msg: number): TraceEvent {
    const line = deliveryLine(id, this.texts.get(id)!);
    return this.trace.receive(msg, { text: `Deliver ${line}`, shows: line });
  }

  /** The receive of a message, held back. */
  hold(msg: number): TraceEvent {
    return this.trace.receive(msg, { text: 'Hold back' });
  }

  /** A later delivery of a held message, at a local event. */
  deliverHeld(node: string, id: string): TraceEvent {
    const line = deliveryLine(id, this.texts.get(id)!);
    return this.trace.local(node, { text: `Deliver ${line}`, shows: line });
  }
}

const withoutVectorClocks = (events: TraceEvent[]) => events.map(({ vc: _vc, ...event }) => event);

/** a says hello; b delivers it and answers; the answer reaches c first. */
function answerOvertakes(): { chat: Chat; hello: ReturnType<Chat['publish']>; answer: ReturnType<Chat['publish']> } {
  const chat = new Chat();
  const hello = chat.publish('a', 'hello', ['b', 'c']);
  chat.deliver(hello.id, hello.sends.get('b')!);
  const answer = chat.publish('b', 'hi a', ['a', 'c']);
  return { chat, hello, answer };
}

describe('causal-delivery', () => {
  it('fires when a node delivers an answer before the message it answers (through a third node)', () => {
    const { chat, hello, answer } = answerOvertakes();
    const early = chat.deliver(answer.id, answer.sends.get('c')!);
    chat.deliver(hello.id, hello.sends.get('c')!);
    chat.deliver(answer.id, answer.sends.get('a')!);
    const result = checkTrace(HEADER, chat.trace.events);
    expect(result.status).toBe('fail');
    expect(result.byRule).toEqual({ 'causal-delivery': 1 });
    const [violation] = result.violations;
    expect(violation.message).toBe(
      `c delivers b#1 ("hi a") before a#1 ("hello"), but a#1's publish at event 0 happened before b#1's at event 4: a causal broadcast delivers a message only after everything published in its causal past.`,
    );
    expect(violation.events.map((event) => [event.i, event.node])).toEqual([
      [0, 'a'],
      [4, 'b'],
      [early.i, 'c'],
    ]);
  });

  it('fires on the same trace without vector clocks (they are computed from the events)', () => {
    const { chat, hello, answer } = answerOvertakes();
    chat.deliver(answer.id, answer.sends.get('c')!);
    chat.deliver(hello.id, hello.sends.get('c')!);
    const result = checkTrace(HEADER, withoutVectorClocks(chat.trace.events));
    expect(result.byRule).toEqual({ 'causal-delivery': 1 });
  });

  it('fires when a message overtakes an earlier one of the same sender', () => {
    const chat = new Chat();
    const first = chat.publish('a', 'what is 6 x 7?', ['b']);
    const second = chat.publish('a', 'never mind', ['b']);
    chat.deliver(second.id, second.sends.get('b')!);
    chat.deliver(first.id, first.sends.get('b')!);
    const result = checkTrace(HEADER, chat.trace.events);
    expect(result.violations.map((violation) => violation.message)).toEqual([expect.stringMatching(/^b delivers a#2 \("never mind"\) before a#1 \("what is 6 x 7\?"\)/)]);
  });

  it('counts a message received but not yet delivered as part of the causal past of what its receiver publishes', () => {
    const chat = new Chat();
    const hello = chat.publish('a', 'hello', ['b', 'c']);
    chat.hold(hello.sends.get('b')!);
    const answer = chat.publish('b', 'hi', ['c']);
    chat.deliverHeld('b', hello.id);
    chat.deliver(answer.id, answer.sends.get('c')!);
    const result = checkTrace(HEADER, chat.trace.events);
    // b's own delivery of its answer (at its publish) comes before its delivery of hello, and so does c's.
    expect(result.violations.map((violation) => violation.events.at(-1)!.node)).toEqual(['b', 'c']);
  });

  it('stays quiet when held-back messages are delivered in causal order', () => {
    const { chat, hello, answer } = answerOvertakes();
    chat.hold(answer.sends.get('c')!);
    chat.deliver(hello.id, hello.sends.get('c')!);
    chat.deliverHeld('c', answer.id);
    chat.deliver(answer.id, answer.sends.get('a')!);
    const result = checkTrace(HEADER, chat.trace.events);
    expect(result).toMatchObject({ status: 'pass', violations: [] });
    expect(result.rules).toContain('causal-delivery');
    expect(result.stats).toMatchObject({ published: 2, delivered: 6 });
  });

  it('stays quiet when concurrent messages are delivered in different orders', () => {
    const chat = new Chat();
    const fromA = chat.publish('a', 'one', ['b', 'c']);
    const fromB = chat.publish('b', 'two', ['a', 'c']);
    chat.deliver(fromB.id, fromB.sends.get('a')!);
    chat.deliver(fromA.id, fromA.sends.get('b')!);
    chat.deliver(fromB.id, fromB.sends.get('c')!);
    chat.deliver(fromA.id, fromA.sends.get('c')!);
    expect(checkTrace(HEADER, chat.trace.events).status).toBe('pass');
    expect(checkTrace(HEADER, withoutVectorClocks(chat.trace.events)).status).toBe('pass');
  });

  it('notes deliveries of messages it never saw published, without judging them', () => {
    const chat = new Chat();
    const trace = chat.trace;
    trace.local('c', { text: 'Deliver x#1: ghost', shows: deliveryLine('x#1', 'ghost') });
    const result = checkTrace(HEADER, trace.events);
    expect(result.status).toBe('pass');
    expect(result.notes).toEqual(['1 delivery names a message with no publish before it, not judged']);
  });
});
