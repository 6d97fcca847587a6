/**
 * Reading ShiViz logs: chitty-sim's own exports come back event for event; logs of other tools
 * (no chitty-sim notes) come back with the same vector clocks and the messages ShiViz sees; every
 * broken log is refused with the line of the problem.
 */
import { describe, expect, it } from 'vitest';
import { exportShiviz } from '../../src/export/shiviz.js';
import { traceToNdjson } from '../../src/export/ndjson.js';
import { readShivizLog } from '../../src/import/shiviz.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace, TraceFormatError } from '../../src/trace/read.js';
import { compareVectorClocks, isProcessEvent, withVectorClocks } from '../../src/trace/vector-clocks.js';
import { hostileTrace, readAsShiviz, SCENARIOS, scenarioTrace } from './helpers.js';

/** An event without its position, for comparing traces whose concurrent events may be ordered differently. */
function canonical(event: TraceEvent): string {
  const { i: _i, ...rest } = event;
  if (rest.vc !== undefined) rest.vc = Object.fromEntries(Object.entries(rest.vc).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

/** Happens-before must be respected by the order and virtual time must not go back. */
function expectCausalOrder(events: readonly TraceEvent[]): void {
  events.forEach((event, k) => {
    expect(event.i).toBe(k);
    if (k > 0) expect(event.t).toBeGreaterThanOrEqual(events[k - 1].t);
  });
  const clocked = events.filter(isProcessEvent);
  for (let a = 0; a < clocked.length; a++) {
    for (let b = a + 1; b < clocked.length; b++) expect(compareVectorClocks(clocked[b].vc!, clocked[a].vc!)).not.toBe('before');
  }
}

/** The log with every event line replaced by plain text, as a program that is not chitty-sim would write it. */
function withoutNotes(log: string): string {
  return log
    .split('\n')
    .map((line, k) => (k >= 2 && k % 2 === 0 && line !== '' ? `INFO event ${k / 2}` : line))
    .join('\n');
}

const CASES = SCENARIOS.flatMap((name) => [
  { name, vc: true },
  { name, vc: false },
]);

describe('ShiViz import', () => {
  it.each(CASES)('gives back the events of $name (vc: $vc) exactly', ({ name, vc }) => {
    const original = withVectorClocks(scenarioTrace(name, vc).events);
    const trace = readShivizLog(exportShiviz(original), { name });
    expect(trace.restored).toBe(true);
    expect(trace.header).toEqual({ format: 'chitty-sim-trace', version: 1, scenario: name, seed: 0, clock: 'unknown' });
    expect(trace.events.map(canonical).sort()).toEqual(original.map(canonical).sort());
    // In the trace's order, but for where a lost message's drop falls among events of its time.
    const withoutIndex = ({ i: _i, ...rest }: TraceEvent) => rest;
    expect(trace.events.filter(isProcessEvent).map(withoutIndex)).toEqual(original.filter(isProcessEvent).map(withoutIndex));
    expectCausalOrder(trace.events);
    // It is a trace the reader accepts.
    expect(readTrace(traceToNdjson(trace.header, trace.events)).events).toEqual(trace.events);
  });

  it('gives back hostile chat text exactly', () => {
    const original = hostileTrace().events;
    const trace = readShivizLog(exportShiviz(original));
    expect(trace.restored).toBe(true);
    expect(trace.events.map(canonical).sort()).toEqual(original.map(canonical).sort());
  });

  it.each(SCENARIOS)('reads %s without notes from its vector clocks: same clocks, happens-before and messages', (name) => {
    const original = scenarioTrace(name).events.filter(isProcessEvent);
    const log = withoutNotes(exportShiviz(original));
    const trace = readShivizLog(log);
    expect(trace.restored).toBe(false);
    expect(trace.events).toHaveLength(original.length);
    expectCausalOrder(trace.events);
    const key = (e: TraceEvent) => `${e.node}:${e.vc![e.node]}`;
    const imported = new Map(trace.events.map((e) => [key(e), e]));
    // The same events, by host and own count, with the same clocks: the same happens-before.
    for (const event of original) expect(imported.get(key(event))!.vc).toEqual(event.vc);
    // Messages: exactly those ShiViz sees, between the same events.
    const entries = readAsShiviz(log);
    const sendOf = new Map(original.filter((e) => e.kind === 'send').map((e) => [e.msg, e]));
    const importedSendOf = new Map(trace.events.filter((e) => e.kind === 'send').map((e) => [e.msg, e]));
    entries.forEach((entry, k) => {
      const event = imported.get(key(original[k]))!;
      if (entry.parents.length === 0) {
        expect(event.kind === 'receive').toBe(false);
        return;
      }
      expect(event.kind).toBe('receive');
      expect(event.peer).toBe(original[k].peer);
      const send = importedSendOf.get(event.msg)!;
      expect(key(send)).toBe(key(sendOf.get(original[k].msg)!));
      expect(send.peer).toBe(event.node);
      expect(event.text).toBe(`INFO event ${k + 1}`);
    });
    // With correct clocks and every message seen, the computed Lamport times are the logged ones:
    // unless a node crashed, for a crash and a restart tick the vector clock but not the node's own.
    const crashed = original.some((e) => e.kind === 'crash');
    if (!crashed && trace.events.filter((e) => e.kind === 'receive').length === original.filter((e) => e.kind === 'receive').length && scenarioTrace(name).header.clock === 'lamport') {
      for (const event of original) expect(imported.get(key(event))!.lamport).toBe(event.lamport);
    }
  });

  it('computes the Lamport times a correct implementation logs', () => {
    // three-participants runs in lamport mode, and ShiViz sees all its messages.
    const original = scenarioTrace('three-participants.yaml').events;
    const trace = readShivizLog(withoutNotes(exportShiviz(original)));
    expect(trace.events.filter((e) => e.kind === 'receive')).toHaveLength(original.filter((e) => e.kind === 'receive').length);
    const lamportOf = new Map(original.map((e) => [`${e.node}:${e.vc![e.node]}`, e.lamport]));
    for (const event of trace.events) expect(event.lamport).toBe(lamportOf.get(`${event.node}:${event.vc![event.node]}`));
  });

  it("reads GoVector's layout: clock line first, a regex line, blank lines, CRLF and a byte-order mark", () => {
    const log = [
      '\ufeff(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)',
      '',
      'client {"client":1}',
      'Initialization Complete',
      'client {"client":2}',
      'Sending request',
      '',
      'client {"client":3, "server":3}',
      'Received reply',
      'server {"server":1}',
      'Initialization Complete',
      'server {"client":2, "server":2}',
      'Received request',
      'server {"client":2, "server":3}',
      'Sending reply',
      '',
    ].join('\r\n');
    const trace = readShivizLog(log, { name: 'go' });
    expect(trace.hosts).toEqual(['client', 'server']);
    expect(trace.events.map((e) => [e.node, e.kind, e.msg, e.peer, e.lamport, e.text])).toEqual([
      ['client', 'local', undefined, undefined, 1, 'Initialization Complete'],
      ['server', 'local', undefined, undefined, 1, 'Initialization Complete'],
      ['client', 'send', 0, 'server', 2, 'Sending request'],
      ['server', 'receive', 0, 'client', 3, 'Received request'],
      ['server', 'send', 1, 'client', 4, 'Sending reply'],
      ['client', 'receive', 1, 'server', 5, 'Received reply'],
    ]);
    expect(trace.events.every((e) => e.t === 0)).toBe(true);
  });

  it("reads ShiViz's default layout without a regex line, and a custom regex", () => {
    const plain = 'a sends\na {"a":1}\n\n\nb receives\nb {"a":1,"b":1}\n';
    expect(readShivizLog(plain).events.map((e) => e.kind)).toEqual(['send', 'receive']);
    const custom = '(?<date>\\d\\d:\\d\\d) (?<event>.*)\\n(?<host>\\w+) (?<clock>\\{.*\\})\n\n10:00 a sends\na {"a":1}\nnoise\n10:01 b receives\nb {"a":1, "b":1}\n';
    expect(readShivizLog(custom).events.map((e) => [e.node, e.kind, e.text])).toEqual([
      ['a', 'send', 'a sends'],
      ['b', 'receive', 'b receives'],
    ]);
  });

  it('reads an event that several hosts received as one send whose id they share', () => {
    const log = 'multicast\na {"a":1}\ngot it\nb {"a":1,"b":1}\ngot it too\nc {"a":1,"c":1}\n';
    const events = readShivizLog(log).events;
    expect(events.map((e) => [e.node, e.kind, e.msg, e.peer])).toEqual([
      ['a', 'send', 0, 'b'],
      ['b', 'receive', 0, 'a'],
      ['c', 'receive', 0, 'a'],
    ]);
  });

  // What ShiViz refuses to open is refused (exit 2), with the line of the problem.
  const BROKEN: [string, string, number, RegExp][] = [
    ['an event without its clock line', 'e1\na {"a":1}\ne2\ne3\n', 4, /expected `host \{vector clock\}` after the event on line 3/],
    ['a log ending after an event', 'e1\na {"a":1}\ne2', 4, /ends after the event on line 3/],
    ['a clock that is not JSON', 'e1\na {"a":1,}\n', 2, /not valid JSON/],
    ['a clock without its own host', 'e1\na {"b":1}\n', 2, /own host "a" is missing/],
    ['a clock whose own entry is 0', 'e1\na {"a":0,"b":1}\n', 2, /own host "a" is 0/],
    ['a count that is not a whole number', 'e1\na {"a":1.5}\n', 2, /clock\.a: must be a whole number/],
    ['a negative count', 'e1\na {"a":1,"b":-1}\n', 2, /clock\.b: must be a whole number/],
    ['a host counting from 2', 'e1\na {"a":2}\n', 2, /first event of a has its own entry 2/],
    ['a host skipping a count', 'e1\na {"a":1}\ne2\na {"a":3}\n', 4, /goes from 1 \(line 2\) to 3/],
    ['a host counting twice', 'e1\na {"a":1}\ne2\na {"a":1}\n', 4, /two events with its own entry 1 \(lines 2 and 4\)/],
    ['an unknown host', 'e1\na {"a":1,"z":1}\n', 2, /z is not a host of this log/],
    ['a count beyond the host\'s events', 'e1\nb {"b":1}\ne2\na {"a":1,"b":2}\n', 4, /b has 1 event, so its entry cannot be 2/],
    ['a clock line without a host', 'e1\n {"a":1}\n', 2, /host: missing/],
    ['an empty log', '\n\n', 3, /no events/],
    ['an invalid regex', '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}\n\ne\na {"a":1}\n', 1, /not a valid regular expression/],
    ['a regex without a clock group', '(?<event>.*)\\n(?<host>\\S*) (.*)\n\ne\na {"a":1}\n', 1, /no \(\?<clock>\.\.\.\) group/],
    ['a GoVector log whose clock line is missing', '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\na {"a":1}\ninit\nsome text\n', 5, /layout of this log puts the clock line first/],
  ];
  it('falls back to the vector clocks when the notes of an export were tampered with', () => {
    const log = exportShiviz(scenarioTrace('diagram-log.yaml').events).replace(/^receive JoinRequest from 1111 #0 /m, 'receive JoinRequest from 2222 #0 ');
    const trace = readShivizLog(log);
    expect(trace.restored).toBe(false);
    expect(trace.events.find((e) => e.kind === 'receive')!.peer).toBe('1111');
  });
});
