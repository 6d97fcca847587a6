/**
 * The ShiViz export must open in ShiViz as it is: read by ShiViz's default regex, within ShiViz's
 * clock rules, with ShiViz finding exactly the trace's messages.
 */
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../src/export/nodes.js';
import { exportShiviz } from '../../src/export/shiviz.js';
import { formatShivizEventLine, parseShivizEventLine, type ShivizEventNote } from '../../src/shiviz/event-note.js';
import { isProcessEvent } from '../../src/trace/vector-clocks.js';
import { hostileTrace, readAsShiviz, SCENARIOS, scenarioTrace } from './helpers.js';

const CASES = SCENARIOS.flatMap((name) => [
  { name, vc: true },
  { name, vc: false },
]);

describe('ShiViz export', () => {
  it.each(CASES)('of $name (vc: $vc) keeps ShiViz\'s rules and carries the engine\'s clocks', ({ name, vc }) => {
    const events = scenarioTrace(name, vc).events;
    const log = exportShiviz(events);
    const entries = readAsShiviz(log);
    const processEvents = scenarioTrace(name, true).events.filter(isProcessEvent);
    expect(entries.length).toBe(processEvents.length);
    entries.forEach((entry, k) => {
      expect(entry.host).toBe(processEvents[k].node);
      expect(entry.clock).toEqual(processEvents[k].vc);
    });
  });

  it.each(SCENARIOS)('of %s is the same with and without vector clocks in the trace', (name) => {
    expect(exportShiviz(scenarioTrace(name, false).events)).toBe(exportShiviz(scenarioTrace(name, true).events));
  });

  it.each(SCENARIOS)('of %s lets ShiViz see each message it can as the trace has it', (name) => {
    const events = scenarioTrace(name).events.filter(isProcessEvent);
    const entries = readAsShiviz(exportShiviz(events));
    const sendOf = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, e]));
    let seen = 0;
    entries.forEach((entry, k) => {
      const event = events[k];
      if (entry.parents.length === 0) return;
      // A ShiViz parent is always the send of the message this event received.
      expect(event.kind).toBe('receive');
      expect(entry.parents).toHaveLength(1);
      const send = sendOf.get(event.msg)!;
      expect(entry.parents[0]).toEqual({ host: send.node, count: send.vc![send.node] });
      seen++;
    });
    // Only a duplicate delivery or a message overtaken by news of a later send can hide from ShiViz:
    // the first receive of each message whose receiver had not yet heard of its send.
    const heard = new Map<string, Record<string, number>>();
    const received = new Set<number>();
    let visible = 0;
    for (const event of events) {
      if (event.kind === 'receive' && !received.has(event.msg!)) {
        received.add(event.msg!);
        const send = sendOf.get(event.msg)!;
        if ((heard.get(event.node)?.[send.node] ?? 0) < send.vc![send.node]) visible++;
      }
      heard.set(event.node, event.vc!);
    }
    expect(seen).toBe(visible);
    expect(seen).toBeGreaterThan(0);
  });

  it('notes lost messages on their sends, as drop events are no process events', () => {
    const events = scenarioTrace('faults-crash.yaml').events;
    const log = exportShiviz(events);
    const drops = events.filter((e) => e.kind === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      const send = events.find((e) => e.kind === 'send' && e.msg === drop.msg)!;
      const line = log.split('\n').find((l) => l.startsWith(`send ${send.type} to ${send.peer} #${send.msg} `))!;
      expect(line).toContain(` lost:${drop.reason}@${drop.t}ms/L${drop.lamport}`);
    }
  });

  it('keeps hostile chat text on one line and reads it back', () => {
    const events = hostileTrace().events;
    const log = exportShiviz(events);
    const entries = readAsShiviz(log);
    const processEvents = events.filter(isProcessEvent);
    expect(entries.length).toBe(processEvents.length);
    expect(processEvents.some((e) => e.shows?.includes('\n') && e.shows.includes('\u2028'))).toBe(true);
    entries.forEach((entry, k) => {
      const note = parseShivizEventLine(entry.event)!;
      expect(note.text).toBe(processEvents[k].text);
      expect(note.shows).toBe(processEvents[k].shows);
    });
    expect(log).not.toMatch(/[\r\u2028\u2029]/);
  });

  it('writes event lines that read back field for field', () => {
    const notes: ShivizEventNote[] = [
      { kind: 'send', type: 'JoinRequest', peer: 'server', msg: 0, also: [], lamport: 1, tMs: 0, drops: [], text: 'Join Request sent, lamport time: 1' },
      { kind: 'receive', type: 'BroadcastRequest', peer: 'server', msg: 7, also: [], lamport: -3.5, tMs: 1e21, drops: [], text: '', shows: 'x: "q" \\ \n' },
      { kind: 'send', type: 'BroadcastReply', peer: 'a', msg: 2, also: [], lamport: 4, tMs: 1.25, drops: [{ reason: 'crashed', tMs: 3, lamport: 4 }, { reason: 'loss', tMs: 5.5, lamport: 4 }], text: 't' },
      { kind: 'crash', also: [], lamport: 46, tMs: 1500, drops: [], text: '' },
      // Several message ends and an imported log's fields.
      { kind: 'receive', peer: 'a', msg: 3, also: [{ kind: 'receive', msg: 4, peer: 'b' }, { kind: 'send', msg: 9, peer: 'c' }, { kind: 'send', msg: 9, peer: 'd' }], lamport: 5, tMs: 0, drops: [], text: 'relay', fields: { date: '10:00 "x"', 'in\u2028line': '' } },
      { kind: 'send', type: 'Multi', peer: 'b', msg: 1, also: [{ kind: 'send', msg: 1, peer: 'c' }], lamport: 1, tMs: 0, drops: [], text: '' },
    ];
    for (const note of notes) expect(parseShivizEventLine(formatShivizEventLine(note))).toEqual(note);
    expect(formatShivizEventLine(notes[0])).toBe('send JoinRequest to server #0 L1 @0ms: "Join Request sent, lamport time: 1"');
    expect(formatShivizEventLine(notes[4])).toBe('receive from a #3 +receive from b #4 +send to c #9 +send to d #9 L5 @0ms: "relay" fields {"date":"10:00 \\"x\\"","in\\u2028line":""}');
    // A send's further ends are sends: an event that receives is a receive.
    expect(parseShivizEventLine('send to a #1 +receive from b #2 L1 @0ms')).toBeUndefined();
    expect(parseShivizEventLine('local L1 @0ms fields {"a":1}')).toBeUndefined();
    expect(parseShivizEventLine('INFO hello')).toBeUndefined();
    expect(parseShivizEventLine('send JoinRequest from server #0 L1 @0ms')).toBeUndefined();
  });

  it('can leave out the regex and delimiter lines', () => {
    const events = scenarioTrace('diagram-log.yaml').events;
    expect(exportShiviz(events, { header: false })).toBe(exportShiviz(events).split('\n').slice(2).join('\n'));
  });

  it('refuses host names ShiViz cannot read, and vector clocks that break its rules', () => {
    const base = { t: 0, lamport: 1, text: '' };
    expect(() => exportShiviz([{ ...base, i: 0, node: 'a b', kind: 'local' }])).toThrow(ExportError);
    expect(() => exportShiviz([{ ...base, i: 0, node: 'a', kind: 'local', vc: { a: 2 } }])).toThrow(/own entry for a is 2, ShiViz needs 1/);
  });
});
