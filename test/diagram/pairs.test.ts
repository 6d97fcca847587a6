/** Matching sends, receives and drops; the order of the process lines. */
import { expect, test } from 'vitest';
import { pairMessages, processOrder } from '../../src/diagram/pairs.js';
import { readTrace } from '../../src/trace/read.js';
import { fixture, traceText } from './helpers.js';

test('process lines: the server first, then the others in order of first appearance', () => {
  const { events } = fixture('diagram-log.ndjson');
  expect(processOrder(events)).toEqual(['server', '1111', '2222']);
  expect(processOrder(events, ['2222', 'server'])).toEqual(['server', '2222']);
  // A node asked for with no events still gets its (empty) line.
  expect(processOrder(events.slice(0, 3), ['server', '1111', '2222'], ['1111', 'server', '2222'])).toEqual(['server', '1111', '2222']);
  // Without a list, the nodes of the events and their peers.
  expect(processOrder(events.slice(0, 1))).toEqual(['server', '1111']);
});

test('pairs every send with its receive by message id', () => {
  const { events } = fixture('diagram-log.ndjson');
  const { messages, messageOf } = pairMessages(events, processOrder(events));
  expect(messages).toHaveLength(events.filter((event) => event.kind === 'send').length);
  for (const pair of messages) {
    expect(events[pair.send].kind).toBe('send');
    expect(events[pair.receive].kind).toBe('receive');
    expect(events[pair.receive].msg).toBe(pair.msg);
    expect(pair.from).toBe(events[pair.send].node);
    expect(pair.to).toBe(events[pair.receive].node);
    expect(messageOf[pair.send]).toBe(messageOf[pair.receive]);
  }
});

test('a second receive is a duplicate, a drop ends a message that never arrived', () => {
  const { events } = readTrace(
    traceText({}, [
      { node: 'server', kind: 'send', lamport: 1, msg: 7, peer: 'a', type: 'BroadcastRequest' },
      { node: 'a', kind: 'receive', lamport: 2, msg: 7, peer: 'server', type: 'BroadcastRequest' },
      { node: 'a', kind: 'receive', lamport: 3, msg: 7, peer: 'server', type: 'BroadcastRequest' },
      { node: 'server', kind: 'send', lamport: 2, msg: 8, peer: 'b', type: 'BroadcastRequest' },
      { node: 'server', kind: 'drop', lamport: 2, msg: 8, peer: 'b', type: 'BroadcastRequest', reason: 'loss' },
      { node: 'b', kind: 'receive', lamport: 9, msg: 3, peer: 'server', type: 'JoinReply' },
      { node: 'b', kind: 'drop', lamport: 9, msg: 4, peer: 'server', type: 'BroadcastRequest', reason: 'crashed' },
    ]),
  );
  const { messages } = pairMessages(events, processOrder(events));
  expect(messages.map((pair) => [pair.msg, pair.send, pair.receive, pair.duplicates, pair.drop])).toEqual([
    [7, 0, 1, [2], -1],
    [8, 3, -1, [], 4],
    [3, -1, 5, [], -1],
    [4, -1, -1, [], 6],
  ]);
  // Without its send, a receive still knows where the message came from.
  expect([messages[2].from, messages[2].to]).toEqual(['server', 'b']);
  // A drop is recorded on the node the message was meant for.
  expect([messages[3].from, messages[3].to]).toEqual(['server', 'b']);
});
