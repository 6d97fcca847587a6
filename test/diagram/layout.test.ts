/** The layout, tested on its numbers: no SVG involved. */
import { CHITTY_STYLE } from './chitty-style.js';
import { describe, expect, test } from 'vitest';
import type { Violation } from '../../src/check/types.js';
import { layoutDiagram, type Layout } from '../../src/diagram/layout.js';
import { DiagramTooLargeError, layoutWindow, parseWindow } from '../../src/diagram/index.js';
import { readTrace } from '../../src/trace/read.js';
import { collisions, fixture, numbersOf, outside, traceText } from './helpers.js';

const diagramLog = fixture('diagram-log.ndjson');
const faults = fixture('faults.ndjson');
const unicode = fixture('unicode.ndjson');

function yOf(layout: Layout, i: number): number {
  const dot = layout.dots.find((candidate) => candidate.i === i);
  if (!dot) throw new Error(`no dot for event #${i}`);
  return dot.y;
}

/** Every drawn label and dot is where it may be: nothing overlaps, nothing sticks out. */
function expectReadable(layout: Layout): void {
  expect(collisions(layout)).toEqual([]);
  expect(outside(layout)).toEqual([]);
  expect(numbersOf(layout).every(Number.isFinite)).toBe(true);
}

describe('the report run (Diagram.log)', () => {
  const layout = layoutDiagram(diagramLog.header, diagramLog.events, CHITTY_STYLE);

  test('has a process line per node: the server first, then join order', () => {
    expect(layout.lanes.map((lane) => lane.node)).toEqual(['server', '1111', '2222']);
    const [server, first, second] = layout.lanes.map((lane) => lane.x);
    expect(server).toBeLessThan(first);
    expect(first).toBeLessThan(second);
  });

  test('draws every event as a dot labelled with its Lamport time; local events are smaller', () => {
    expect(layout.dots).toHaveLength(diagramLog.events.length);
    for (const dot of layout.dots) {
      const event = diagramLog.events[dot.event];
      expect(dot.x).toBe(layout.lanes[dot.lane].x);
      const label = layout.labels.find((candidate) => candidate.role === 'lamport' && Math.abs(candidate.y - dot.y) < 0.01 && Math.abs(candidate.x - dot.x) < 40);
      expect(label?.text, `event #${event.i}`).toBe(String(event.lamport));
      expect(dot.shape).toBe(event.kind === 'local' ? 'local' : 'event');
    }
    const local = layout.dots.find((dot) => dot.shape === 'local')!;
    const event = layout.dots.find((dot) => dot.shape === 'event')!;
    expect(local.radiusPx).toBeLessThan(event.radiusPx);
  });

  test('draws every message as an arrow from its send down to its receive, with a head', () => {
    const sends = diagramLog.events.filter((event) => event.kind === 'send');
    expect(layout.arrows).toHaveLength(sends.length);
    for (const arrow of layout.arrows) {
      expect(arrow.ending).toBe('receive');
      expect(arrow.head).toBe(true);
      expect(arrow.to.y).toBeGreaterThan(arrow.from.y);
    }
    const families = new Set(layout.arrows.map((arrow) => `${arrow.family}${arrow.reply ? ' reply' : ''}`));
    expect([...families].sort()).toEqual(['broadcast', 'broadcast reply', 'join', 'join reply', 'leave', 'leave reply', 'publish', 'publish reply']);
    const messageLabels = layout.labels.filter((label) => label.role === 'message').map((label) => label.text);
    expect(messageLabels).toContain('Join');
    expect(messageLabels).toContain('Broadcast reply');
  });

  test('keeps each process in order and every receive below its send', () => {
    for (const lane of layout.lanes) {
      const ys = layout.dots.filter((dot) => dot.node === lane.node).map((dot) => dot.y);
      for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeGreaterThan(ys[k - 1]);
    }
  });

  test('shows what a participant prints next to the event, the full text in the tooltip', () => {
    const shows = layout.labels.filter((label) => label.role === 'shows');
    expect(shows).toHaveLength(diagramLog.events.filter((event) => event.shows).length);
    const hej = layout.dots.find((dot) => diagramLog.events[dot.event].shows === '1111 said: Hej, lamport time: 40')!;
    const label = shows.find((candidate) => Math.abs(candidate.y - hej.y) < 0.01)!;
    expect(label.text).toBe('1111 said: Hej, lamport time: 40');
    expect(label.box.x).toBeGreaterThan(hej.x);
    expect(hej.tooltip).toContain('prints: 1111 said: Hej, lamport time: 40');
    expect(hej.tooltip).toContain('log: Attempt BroadCast, lamport time: 40');
    expect(hej.tooltip).toContain('vector clock: server 24, 1111 13, 2222 6');
    expect(hej.tooltip).toMatch(/t = 16\d{3}(\.\d+)? ms/);
  });

  test('has a title with scenario, seed and clock mode, and a legend', () => {
    const title = layout.labels.find((label) => label.role === 'title')!;
    expect(title.text).toBe('Chitty-Chat · Diagram.log from the report');
    const subtitle = layout.labels.find((label) => label.role === 'subtitle')!;
    expect(subtitle.text).toContain('seed 1');
    expect(subtitle.text).toContain('clock report');
    expect(layout.legend.map((item) => item.symbol)).toEqual(['request', 'request', 'request', 'request', 'reply', 'event', 'local']);
    expect(layout.labels.filter((label) => label.role === 'legend').map((label) => label.text)).toEqual([
      'Join',
      'Publish',
      'Broadcast',
      'Leave',
      'reply (dashed)',
      'send / receive',
      'local event',
    ]);
  });

  test('says in the subtitle when the run was interrupted', () => {
    const interrupted = layoutDiagram(diagramLog.header, diagramLog.events.slice(0, 20), { ...CHITTY_STYLE, interrupted: true });
    expect(interrupted.labels.find((label) => label.role === 'subtitle')!.text).toContain('run stopped before its end');
  });

  test('repeats the process names on a tall diagram', () => {
    expect(layout.heightPx).toBeGreaterThan(1200);
    const names = layout.labels.filter((label) => label.role === 'name');
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names.filter((label) => label.text === '2222').length).toBe(names.length / 3);
  });

  test('is readable: no label overlaps another or covers a dot', () => {
    expectReadable(layout);
    expect(layout.omittedLabels).toBe(0);
  });

  test('fits an A4 page at a legible size', () => {
    // A4 is 210 mm wide: 794 px at 96 px per inch. Scaled to a 170 mm text column (643 px), the
    // smallest text must stay at least 7 pt (9.33 px).
    expect(layout.widthPx).toBeLessThanOrEqual(794);
    const smallest = Math.min(...layout.labels.map((label) => label.fontSizePx));
    expect(smallest * Math.min(1, 643 / layout.widthPx)).toBeGreaterThanOrEqual(9.33);
  });
});

describe('the three axes', () => {
  test('order: compact; independent events on different processes share a row', () => {
    const { header, events } = readTrace(
      traceText({}, [
        { node: 'server', kind: 'local', lamport: 1 },
        { node: 'a', kind: 'local', lamport: 1 },
        { node: 'a', kind: 'local', lamport: 2 },
        { node: 'a', kind: 'send', lamport: 3, msg: 0, peer: 'server', type: 'PublishRequest' },
        { node: 'server', kind: 'receive', lamport: 4, msg: 0, peer: 'a', type: 'PublishRequest' },
      ]),
    );
    const layout = layoutDiagram(header, events, CHITTY_STYLE);
    expect(yOf(layout, 1)).toBe(yOf(layout, 0));
    expect(yOf(layout, 2)).toBeGreaterThan(yOf(layout, 1));
    expect(yOf(layout, 4)).toBeGreaterThan(yOf(layout, 3));
    expectReadable(layout);
  });

  test('lamport: equal Lamport times line up, the y distance is proportional', () => {
    const { header, events } = readTrace(
      traceText({}, [
        { node: 'server', kind: 'local', lamport: 1 },
        { node: 'a', kind: 'local', lamport: 3 },
        { node: 'b', kind: 'local', lamport: 3 },
        { node: 'server', kind: 'local', lamport: 7 },
      ]),
    );
    const layout = layoutDiagram(header, events, { ...CHITTY_STYLE, axis: 'lamport' });
    expect(yOf(layout, 1)).toBe(yOf(layout, 2));
    expect(yOf(layout, 3) - yOf(layout, 0)).toBeCloseTo(3 * (yOf(layout, 1) - yOf(layout, 0)), 6);
    expectReadable(layout);
  });

  test('lamport: a clock that goes backwards is nudged down, never drawn out of order', () => {
    const layout = layoutDiagram(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, axis: 'lamport' });
    // 1111 serves 2222's join broadcast at Lamport times 25..27, then sends "Hej" at 17.
    const hej = diagramLog.events.find((event) => event.node === '1111' && event.kind === 'send' && event.lamport === 17)!;
    const before = diagramLog.events.find((event) => event.node === '1111' && event.lamport === 27)!;
    expect(yOf(layout, hej.i)).toBeGreaterThan(yOf(layout, before.i));
    for (const arrow of layout.arrows) expect(arrow.to.y).toBeGreaterThan(arrow.from.y);
    expectReadable(layout);
  });

  test('lamport: a receive with a smaller Lamport time than its send still points down', () => {
    const { header, events } = readTrace(
      traceText({ clock: 'no-merge' }, [
        { node: 'server', kind: 'send', lamport: 50, msg: 0, peer: 'a', type: 'BroadcastRequest' },
        { node: 'a', kind: 'receive', lamport: 2, msg: 0, peer: 'server', type: 'BroadcastRequest' },
      ]),
    );
    const layout = layoutDiagram(header, events, { ...CHITTY_STYLE, axis: 'lamport' });
    expect(layout.arrows[0].to.y).toBeGreaterThan(layout.arrows[0].from.y);
    expectReadable(layout);
  });

  test('lamport: a wild clock does not make the picture absurdly tall', () => {
    const { header, events } = readTrace(
      traceText({}, [
        { node: 'server', kind: 'local', lamport: 1 },
        { node: 'server', kind: 'local', lamport: 1e12 },
        { node: 'a', kind: 'local', lamport: -5 },
      ]),
    );
    const layout = layoutDiagram(header, events, { ...CHITTY_STYLE, axis: 'lamport' });
    expect(layout.heightPx).toBeLessThan(5000);
    expect(yOf(layout, 1)).toBeGreaterThan(yOf(layout, 0));
    expectReadable(layout);
  });

  test('time: y follows virtual time, equal times line up, slopes show delays', () => {
    const { header, events } = readTrace(
      traceText({}, [
        { t: 0, node: 'a', kind: 'send', lamport: 1, msg: 0, peer: 'server', type: 'PublishRequest' },
        { t: 0, node: 'b', kind: 'send', lamport: 1, msg: 1, peer: 'server', type: 'PublishRequest' },
        { t: 2, node: 'server', kind: 'receive', lamport: 2, msg: 0, peer: 'a', type: 'PublishRequest' },
        { t: 4, node: 'server', kind: 'receive', lamport: 3, msg: 1, peer: 'b', type: 'PublishRequest' },
      ]),
    );
    const layout = layoutDiagram(header, events, { ...CHITTY_STYLE, axis: 'time', pxPerMs: 20 });
    expect(yOf(layout, 0)).toBe(yOf(layout, 1));
    expect(yOf(layout, 2) - yOf(layout, 0)).toBeCloseTo(40, 6);
    expect(yOf(layout, 3) - yOf(layout, 0)).toBeCloseTo(80, 6);
    expectReadable(layout);
  });

  test('time: long idle stretches are cut short and say how long they were', () => {
    const layout = layoutDiagram(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, axis: 'time' });
    const skips = layout.shades.filter((shade) => shade.kind === 'skip');
    expect(skips).toHaveLength(4);
    const texts = layout.labels.filter((label) => label.role === 'skip').map((label) => label.text);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/^⋯ 7\.9\d s later ⋯$/);
    expect(layout.lanes[0].segments.some((segment) => segment.style === 'skip')).toBe(true);
    expect(layout.heightPx).toBeLessThan(3000);
    const ys = layout.dots.map((dot) => dot.y);
    for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeGreaterThanOrEqual(ys[k - 1]);
    expectReadable(layout);
  });
});

describe('faults', () => {
  const layout = layoutDiagram(faults.header, faults.events, CHITTY_STYLE);

  test('a lost message ends in a cross half-way, without an arrowhead', () => {
    const drops = faults.events.filter((event) => event.kind === 'drop');
    expect(layout.lost).toHaveLength(drops.length);
    const lostArrows = layout.arrows.filter((arrow) => arrow.ending === 'drop');
    expect(lostArrows).toHaveLength(drops.length);
    for (const arrow of lostArrows) expect(arrow.head).toBe(false);
    const server = layout.lanes.find((lane) => lane.node === 'server')!.x;
    const bob = layout.lanes.find((lane) => lane.node === 'bob')!.x;
    const toBob = layout.lost[0];
    expect(toBob.x).toBeGreaterThan(server);
    expect(toBob.x).toBeLessThan(bob);
    expect(layout.labels.filter((label) => label.role === 'drop').map((label) => label.text).sort()).toEqual(['lost', 'partition', 'receiver down']);
  });

  test('a crash is a cross on the line, dashed until the restart', () => {
    const crash = layout.dots.find((dot) => dot.shape === 'crash')!;
    const restart = layout.dots.find((dot) => dot.shape === 'restart')!;
    expect(crash.node).toBe('bob');
    const bob = layout.lanes.find((lane) => lane.node === 'bob')!;
    const down = bob.segments.filter((segment) => segment.style === 'down');
    expect(down).toEqual([{ y1: crash.y, y2: restart.y, style: 'down' }]);
  });

  test('a duplicate delivery is a second arrow', () => {
    const duplicates = layout.arrows.filter((arrow) => arrow.duplicate);
    expect(duplicates).toHaveLength(1);
    expect(layout.labels.some((label) => label.text === 'Broadcast reply (again)')).toBe(true);
  });

  test('is readable', () => {
    expectReadable(layout);
    for (const axis of ['lamport', 'time'] as const) expectReadable(layoutDiagram(faults.header, faults.events, { ...CHITTY_STYLE, axis }));
  });
});

describe('windows', () => {
  test('arrows to events or nodes outside the window are stubs, not dropped', () => {
    const window = parseWindow('L10', 'L40', 'server,1111');
    const layout = layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, window, allNodes: ['1111', 'server', '2222'] });
    expect(layout.lanes.map((lane) => lane.node)).toEqual(['server', '1111']);
    const drawn = diagramLog.events.filter((event) => ['server', '1111'].includes(event.node) && event.lamport >= 10 && event.lamport <= 40);
    expect(layout.dots).toHaveLength(drawn.length);
    const drawnIds = new Set(drawn.map((event) => event.i));
    // Every message with at least one end in the window is drawn: whole, or as a stub.
    const messages = new Map<number, number>();
    for (const event of drawn) if (event.msg !== undefined) messages.set(event.msg, (messages.get(event.msg) ?? 0) + 1);
    expect(layout.arrows).toHaveLength(messages.size);
    const stubs = layout.arrows.filter((arrow) => arrow.ending === 'stub-in' || arrow.ending === 'stub-out');
    expect(stubs.length).toBe([...messages.values()].filter((count) => count === 1).length);
    expect(stubs.length).toBeGreaterThan(0);
    // Stubs to 2222 point right, towards where its line would be; their labels name it.
    const server = layout.lanes[0].x;
    for (const stub of stubs.filter((arrow) => arrow.receiver === '2222')) expect(stub.to.x).toBeGreaterThan(server);
    expect(layout.labels.some((label) => label.role === 'stub' && label.text.endsWith('→ 2222'))).toBe(true);
    expect(drawnIds.size).toBe(drawn.length);
    expect(layout.labels.find((label) => label.role === 'subtitle')!.text).toContain('Lamport times 10–40 · nodes server, 1111');
    expectReadable(layout);
  });

  test('an event-index window cuts arrows at both ends into stubs', () => {
    const layout = layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, window: parseWindow('5', '12') });
    expect(layout.dots.map((dot) => dot.i)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const endings = layout.arrows.map((arrow) => arrow.ending).sort();
    expect(endings).toEqual(['receive', 'receive', 'stub-out']);
    expectReadable(layout);
  });

  test('more events than the limit are refused with a suggestion, never cut short', () => {
    expect(() => layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, maxEvents: 50 })).toThrow(DiagramTooLargeError);
    expect(() => layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, maxEvents: 50 })).toThrow(/--from 0 --to 49/);
    expect(layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, maxEvents: 50, window: parseWindow('0', '49') }).dots).toHaveLength(50);
  });

  test('an empty window draws an empty diagram that says so', () => {
    const layout = layoutWindow(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, window: parseWindow('L1000', 'L2000') });
    expect(layout.dots).toHaveLength(0);
    expect(layout.labels.some((label) => label.role === 'empty')).toBe(true);
    expectReadable(layout);
  });
});

describe('violations and partitions', () => {
  const at27 = diagramLog.events.find((event) => event.node === '1111' && event.lamport === 27)!;
  const at17 = diagramLog.events.find((event) => event.node === '1111' && event.lamport === 17)!;
  const backwards: Violation = {
    rule: 'process-order',
    events: [at27, at17].map((event) => ({ i: event.i, node: event.node, lamport: event.lamport })),
    message: "1111's Lamport time goes back from 27 to 17.",
  };

  test('the events of a violation are red, with a note of the rule and a list below', () => {
    const layout = layoutDiagram(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, violations: [backwards] });
    expect(layout.dots.filter((dot) => dot.violation).map((dot) => dot.i)).toEqual([at27.i, at17.i]);
    const note = layout.labels.find((label) => label.role === 'note')!;
    expect(note.text).toBe('✗ process-order');
    // Beside its event: level with it, or a little above or below where an arrow passes.
    expect(Math.abs(note.y - yOf(layout, at17.i))).toBeLessThanOrEqual(note.box.heightPx);
    expect(note.i).toBe(at17.i);
    expect(layout.labels.some((label) => label.role === 'footer' && label.text.includes('goes back from 27 to 17'))).toBe(true);
    expect(layout.dots.find((dot) => dot.i === at17.i)!.tooltip).toContain("✗ process-order: 1111's Lamport time goes back");
    expect(layout.legend.some((item) => item.symbol === 'violation')).toBe(true);
    expectReadable(layout);
  });

  test('a violation between a send and its receive turns the arrow red', () => {
    const send = diagramLog.events.find((event) => event.kind === 'send' && event.node === '1111' && event.lamport === 17)!;
    const receive = diagramLog.events.find((event) => event.kind === 'receive' && event.msg === send.msg)!;
    const violation: Violation = {
      rule: 'receive-after-send',
      events: [send, receive].map((event) => ({ i: event.i, node: event.node, lamport: event.lamport })),
      message: 'x',
    };
    const layout = layoutDiagram(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, violations: [violation] });
    expect(layout.arrows.filter((arrow) => arrow.violation).map((arrow) => arrow.msg)).toEqual([send.msg]);
  });

  test('a partition is a shaded band', () => {
    const layout = layoutDiagram(faults.header, faults.events, { ...CHITTY_STYLE, partitions: [{ startMs: 180, endMs: 400, groups: [['server', 'ann'], ['bob', 'cleo']] }] });
    const band = layout.shades.find((shade) => shade.kind === 'partition')!;
    expect(band.y2).toBeGreaterThan(band.y1);
    expect(band.tooltip).toContain('server, ann | bob, cleo');
    expectReadable(layout);
  });
});

describe('text', () => {
  test('chat text of any script is laid out without overlaps', () => {
    const layout = layoutDiagram(unicode.header, unicode.events, CHITTY_STYLE);
    expectReadable(layout);
    const shows = layout.labels.filter((label) => label.role === 'shows').map((label) => label.text);
    expect(shows.some((text) => text.startsWith('1111 said: <b>bold</b> & "quoted"'))).toBe(true);
    expect(shows.some((text) => text.includes('مرحبا'))).toBe(true);
    expect(shows.some((text) => text.includes('👩‍💻'))).toBe(true);
    // Long text wraps onto more lines rather than being shortened; the tooltip keeps all of it too.
    const long = layout.labels.find((label) => label.role === 'shows' && label.text.includes('xxxx'))!;
    expect(long.lines!.length).toBeGreaterThanOrEqual(2);
    expect(long.shortened).toBeUndefined();
    expect(long.text).toContain('exactly ok?!');
    const dot = layout.dots.find((candidate) => candidate.i === long.i)!;
    expect(dot.tooltip).toContain('the end of a very long message that is 128 characters long, exactly ok?!');
  });
});

test('the layout is a pure function of its input', () => {
  const a = layoutDiagram(faults.header, faults.events, { ...CHITTY_STYLE, axis: 'time' });
  const b = layoutDiagram(faults.header, faults.events.map((event) => ({ ...event })), { ...CHITTY_STYLE, axis: 'time' });
  expect(b).toEqual(a);
});
