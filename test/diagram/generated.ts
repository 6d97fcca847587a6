/** Random traces for property tests: any mix of messages, losses, duplicates, crashes and text. */
import fc from 'fast-check';
import { MESSAGE_TYPES, type MessageType } from '../../src/protocols/chitty-chat/messages.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';

type Op =
  | { op: 'send'; from: number; to: number; type: MessageType }
  | { op: 'receive'; pick: number; duplicate: boolean }
  | { op: 'drop'; pick: number; atSender: boolean; reason: 'loss' | 'partition' | 'crashed' }
  | { op: 'local'; node: number; shows: string | undefined }
  | { op: 'crash' | 'restart'; node: number };

const awkwardText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 140 }),
  fc.constantFrom(
    '<b>&amp;</b> "q" \'s\' ]]> <!--',
    'مرحبا بالعالم',
    'שלום עולם',
    '👨‍👩‍👧‍👦🇩🇰🎉',
    'x'.repeat(128),
    '\u0000\u0007\uFFFE\uD800 bad',
    'tab\tnew\nline',
    '\u202Ereversed',
  ),
);

const nodeName = fc.oneof(
  fc.constantFrom('1111', '2222', '3333', 'ann', 'bob', 'مريم', '👩‍💻', 'a<b&"c"', 'a-very-long-participant-name-indeed'),
  fc.string({ minLength: 1, maxLength: 10, unit: 'binary' }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('send' as const), from: fc.nat(5), to: fc.nat(5), type: fc.constantFrom(...MESSAGE_TYPES) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('receive' as const), pick: fc.nat(), duplicate: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), pick: fc.nat(), atSender: fc.boolean(), reason: fc.constantFrom('loss' as const, 'partition' as const, 'crashed' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('local' as const), node: fc.nat(5), shows: fc.option(awkwardText, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('crash' as const, 'restart' as const), node: fc.nat(5) }) },
);

/** A random trace (header and events) that the trace reader would accept. */
export const generatedTrace: fc.Arbitrary<{ header: TraceHeader; events: TraceEvent[] }> = fc
  .record({
    names: fc.uniqueArray(nodeName.filter((name) => name !== 'server'), { minLength: 1, maxLength: 5 }),
    ops: fc.array(fc.tuple(op, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 1000, max: 60_000 })), fc.integer({ min: -5, max: 400 }), awkwardText), {
      maxLength: 120,
    }),
    scenario: awkwardText,
    clock: fc.constantFrom('lamport', 'report', 'no-merge'),
  })
  .map(({ names, ops, scenario, clock }) => {
    const nodes = ['server', ...names];
    const events: TraceEvent[] = [];
    const inFlight: { msg: number; from: string; to: string; type: MessageType; delivered: boolean }[] = [];
    let nextMsg = 0;
    let t = 0;
    for (const [step, dt, lamport, text] of ops) {
      t += dt;
      const base = { i: events.length, t, lamport, text };
      const node = (k: number) => nodes[k % nodes.length];
      switch (step.op) {
        case 'send': {
          const from = node(step.from);
          let to = node(step.to);
          if (to === from && nodes.length > 1 && step.to % 3 !== 0) to = node(step.to + 1);
          inFlight.push({ msg: nextMsg, from, to, type: step.type, delivered: false });
          events.push({ ...base, node: from, kind: 'send', msg: nextMsg++, peer: to, type: step.type });
          break;
        }
        case 'receive': {
          if (inFlight.length === 0) break;
          const message = inFlight[step.pick % inFlight.length];
          if (message.delivered && !step.duplicate) break;
          message.delivered = true;
          events.push({ ...base, node: message.to, kind: 'receive', msg: message.msg, peer: message.from, type: message.type, shows: text.length % 2 ? text : undefined });
          break;
        }
        case 'drop': {
          const open = inFlight.filter((message) => !message.delivered);
          if (open.length === 0) break;
          const message = open[step.pick % open.length];
          message.delivered = true;
          const at = step.atSender ? message.from : message.to;
          events.push({ ...base, node: at, kind: 'drop', msg: message.msg, peer: step.atSender ? message.to : message.from, type: message.type, text: '', reason: step.reason });
          break;
        }
        case 'local':
          events.push({ ...base, node: node(step.node), kind: 'local', shows: step.shows });
          break;
        case 'crash':
        case 'restart':
          events.push({ ...base, node: node(step.node), kind: step.op, text: '' });
          break;
      }
    }
    for (const event of events) if (event.shows === undefined) delete event.shows;
    const header: TraceHeader = { format: 'chitty-sim-trace', version: 1, scenario, seed: 7, clock };
    return { header, events };
  });
