/** --from/--to/--nodes: syntax, errors and the events they keep. */
import { expect, test } from 'vitest';
import { describeWindow, parseWindow, windowFilter, WindowSyntaxError } from '../../src/diagram/window.js';
import { fixture } from './helpers.js';

const { events } = fixture('diagram-log.ndjson');

test('event indices and Lamport times', () => {
  expect(parseWindow('10', '40')).toEqual({ from: { by: 'index', value: 10 }, to: { by: 'index', value: 40 } });
  expect(parseWindow('L10', 'l40')).toEqual({ from: { by: 'lamport', value: 10 }, to: { by: 'lamport', value: 40 } });
  expect(parseWindow(undefined, 'L5', ' server, 1111 ,')).toEqual({ to: { by: 'lamport', value: 5 }, nodes: ['server', '1111'] });
  expect(parseWindow()).toEqual({});
});

test('mistakes are named', () => {
  expect(() => parseWindow('ten')).toThrow(WindowSyntaxError);
  expect(() => parseWindow('ten')).toThrow('--from: expected an event index (e.g. 120) or a Lamport time (e.g. L40), not "ten"');
  expect(() => parseWindow('L10', '40')).toThrow('--from and --to must both be event indices (120) or both Lamport times (L40)');
  expect(() => parseWindow('40', '10')).toThrow('--from 40 comes after --to 10');
  expect(() => parseWindow('-1')).toThrow('cannot be negative');
  expect(() => parseWindow(undefined, undefined, ' , ')).toThrow('--nodes');
});

test('the filter keeps the window, both ends included', () => {
  expect(events.filter(windowFilter(parseWindow('3', '5'))).map((event) => event.i)).toEqual([3, 4, 5]);
  const lamport = events.filter(windowFilter(parseWindow('L40', 'L41', '1111')));
  // Lamport 41 three times: the report's leave path does not tick the broadcast clock.
  expect(lamport.map((event) => [event.node, event.lamport])).toEqual([
    ['1111', 40],
    ['1111', 41],
    ['1111', 41],
    ['1111', 41],
  ]);
  expect(events.filter(windowFilter(parseWindow())).length).toBe(events.length);
  expect(describeWindow(parseWindow('L10', 'L40', 'server,1111'))).toBe('Lamport times 10–40 · nodes server, 1111');
  expect(describeWindow(parseWindow('7'))).toBe('events from 7');
});
