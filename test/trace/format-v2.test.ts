/**
 * Version 2 of the trace format: events with several message ends (`also`) and named fields
 * (`fields`) read the same on every path, are held to their rules line by line, and are written
 * back as version 2; version 1 traces stay version 1.
 */
import { describe, expect, it } from 'vitest';
import { traceToNdjson } from '../../src/export/ndjson.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { messageEnds } from '../../src/trace/message-ends.js';
import { readTrace, TraceFormatError, TraceLineReader } from '../../src/trace/read.js';
import { loadScenarioFile, runToText } from '../helpers.js';

const HEADER = '{"format":"chitty-sim-trace","version":2,"scenario":"s","seed":0,"clock":"unknown"}';
const EVENTS = [
  '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"vc":{"a":1},"msg":0,"peer":"b","also":[{"kind":"send","msg":0,"peer":"c"}],"text":"broadcast","fields":{"date":"10:00"}}',
  '{"i":1,"t":0,"node":"b","kind":"receive","lamport":2,"vc":{"a":1,"b":1},"msg":0,"peer":"a","also":[{"kind":"send","msg":1,"peer":"c"}],"text":"relay"}',
  '{"i":2,"t":0,"node":"c","kind":"receive","lamport":3,"vc":{"a":1,"b":1,"c":1},"msg":0,"peer":"a","also":[{"kind":"receive","msg":1,"peer":"b"}],"text":"both"}',
];

function read(lines: string[], fastPath: boolean): TraceEvent[] {
  const reader = new TraceLineReader({ fastPath });
  return lines.map((line) => reader.push(line)).filter((event): event is TraceEvent => event !== undefined);
}

function errorOf(line: string): TraceFormatError {
  try {
    read([HEADER, line], true);
  } catch (error) {
    return error as TraceFormatError;
  }
  throw new Error(`accepted: ${line}`);
}

describe('trace format version 2', () => {
  it('reads several message ends and fields the same with and without the byte scanner', () => {
    const events = read([HEADER, ...EVENTS], true);
    expect(events).toEqual(read([HEADER, ...EVENTS], false));
    expect(events.map((event) => messageEnds(event).map((end) => `${end.kind} ${end.msg} ${end.peer}`))).toEqual([
      ['send 0 b', 'send 0 c'],
      ['receive 0 a', 'send 1 c'],
      ['receive 0 a', 'receive 1 b'],
    ]);
    expect(events[0].fields).toEqual({ date: '10:00' });
  });

  it('writes them back as version 2, in the simulator\'s field order, and reads them back', () => {
    const { header, events } = readTrace([HEADER, ...EVENTS].join('\n'));
    const text = traceToNdjson(header, events);
    expect(text.split('\n').slice(0, 4)).toEqual([HEADER, ...EVENTS]);
    expect(readTrace(text).events).toEqual(events);
  });

  it('keeps a trace without them at version 1', () => {
    const trace = runToText(loadScenarioFile('diagram-log.yaml')).trace;
    const { header, events } = readTrace(trace);
    expect(header.version).toBe(1);
    const text = traceToNdjson(header, events);
    expect(text.split('\n')[0]).toBe(trace.split('\n')[0]);
    expect(readTrace(text).events).toEqual(events);
  });

  const BROKEN: [string, string, string, RegExp][] = [
    ['on a local event', '{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"also":[{"kind":"send","msg":0,"peer":"b"}],"text":""}', 'also', /only a send or receive/],
    ['not a list', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":{},"text":""}', 'also', /non-empty list/],
    ['an empty list', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[],"text":""}', 'also', /non-empty list/],
    ['an unknown key', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"send","msg":0,"peer":"c","type":"X"}],"text":""}', 'also[0].type', /unknown field/],
    ['a wrong kind', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"drop","msg":0,"peer":"c"}],"text":""}', 'also[0].kind', /"send" or "receive"/],
    ['a receive on a send', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"receive","msg":1,"peer":"c"}],"text":""}', 'also[0].kind', /an event that receives is a receive/],
    ['a bad id', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"send","msg":-1,"peer":"c"}],"text":""}', 'also[0].msg', /whole number/],
    ['an empty peer', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"send","msg":0,"peer":""}],"text":""}', 'also[0].peer', /must not be empty/],
    ['an end listed twice', '{"i":0,"t":0,"node":"a","kind":"send","lamport":1,"msg":0,"peer":"b","also":[{"kind":"send","msg":0,"peer":"b"}],"text":""}', 'also[0]', /listed twice/],
    ['one message received twice', '{"i":0,"t":0,"node":"a","kind":"receive","lamport":1,"msg":0,"peer":"b","also":[{"kind":"receive","msg":0,"peer":"c"}],"text":""}', 'also[0]', /received twice/],
    ['a message sent and received', '{"i":0,"t":0,"node":"a","kind":"receive","lamport":1,"msg":0,"peer":"b","also":[{"kind":"send","msg":0,"peer":"c"}],"text":""}', 'also[0]', /both sent and received/],
    ['fields that are not text', '{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"text":"","fields":{"n":1}}', 'fields.n', /must be a string/],
    ['fields that are a list', '{"i":0,"t":0,"node":"a","kind":"local","lamport":1,"text":"","fields":["x"]}', 'fields', /object of name to text/],
  ];

  it.each(BROKEN)('refuses also or fields %s, naming the line and the field', (_what, line, field, message) => {
    const error = errorOf(line);
    expect(error).toBeInstanceOf(TraceFormatError);
    expect(error.line).toBe(2);
    expect(error.field).toBe(field);
    expect(error.detail).toMatch(message);
    // The same error without the scanner.
    let slow: unknown;
    try {
      read([HEADER, line], false);
    } catch (caught) {
      slow = caught;
    }
    expect(slow).toEqual(error);
  });
});
