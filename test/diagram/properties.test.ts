/** Properties over random traces: any trace gives a readable layout and a well-formed SVG. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderSvg, type Axis } from '../../src/diagram/index.js';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { xmlSafe } from '../../src/diagram/text.js';
import { parseWindow, type TraceWindow } from '../../src/diagram/window.js';
import { generatedTrace } from './generated.js';
import { collisions, numbersOf, outside, parseSvg } from './helpers.js';

const axis = fc.constantFrom<Axis>('order', 'lamport', 'time');
const sizes = fc.record(
  {
    fontSizePx: fc.integer({ min: 7, max: 16 }),
    rowPx: fc.integer({ min: 1, max: 40 }),
    laneGapPx: fc.integer({ min: 20, max: 300 }),
    showsMaxWidthPx: fc.integer({ min: 20, max: 400 }),
    repeatNamesEveryPx: fc.integer({ min: 100, max: 1200 }),
  },
  { requiredKeys: [] },
);

describe('any trace', () => {
  test('gives a layout where no label overlaps another, covers a dot or leaves the picture', () => {
    fc.assert(
      fc.property(generatedTrace, axis, sizes, ({ header, events }, chosenAxis, chosenSizes) => {
        const layout = layoutDiagram(header, events, { axis: chosenAxis, ...chosenSizes });
        expect(collisions(layout)).toEqual([]);
        expect(outside(layout)).toEqual([]);
        expect(numbersOf(layout).every(Number.isFinite)).toBe(true);
        // Per process, events go down in trace order; every complete arrow points down.
        const last = new Map<string, number>();
        for (const dot of layout.dots) {
          expect(dot.y).toBeGreaterThan(last.get(dot.node) ?? -Infinity);
          last.set(dot.node, dot.y);
        }
        for (const arrow of layout.arrows) if (arrow.ending === 'receive' && !arrow.control) expect(arrow.to.y).toBeGreaterThan(arrow.from.y);
        // Every Lamport time is written (crash and restart say so instead: their time is the engine's).
        const faults = layout.dots.filter((dot) => dot.shape === 'crash' || dot.shape === 'restart').length;
        expect(layout.labels.filter((label) => label.role === 'lamport')).toHaveLength(layout.dots.length - faults);
        expect(layout.labels.filter((label) => label.role === 'fault')).toHaveLength(faults);
      }),
      { numRuns: 300, seed: 1601 },
    );
  });

  test('gives a readable layout of any window', () => {
    fc.assert(
      fc.property(generatedTrace, fc.nat(60), fc.nat(60), fc.boolean(), axis, ({ header, events }, a, b, byLamport, chosenAxis) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        // The node list is given as a list: a node's name may hold commas or be all white space,
        // which the command line's comma-separated --nodes cannot say (it reports such a name as unknown).
        const window: TraceWindow = parseWindow(byLamport ? `L${low}` : String(low), byLamport ? `L${high}` : String(high));
        if (events.length > 0 && a % 2 === 0) window.nodes = [events[0].node];
        const layout = layoutDiagram(header, events, { axis: chosenAxis, window, allNodes: ['server', ...new Set(events.map((event) => event.node))] });
        expect(collisions(layout)).toEqual([]);
        expect(outside(layout)).toEqual([]);
        expect(numbersOf(layout).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200, seed: 1602 },
    );
  });

  test('gives well-formed SVG that holds the text as typed', async () => {
    await fc.assert(
      fc.asyncProperty(generatedTrace, axis, async ({ header, events }, chosenAxis) => {
        const svg = await renderSvg(header, events, { axis: chosenAxis });
        const root = parseSvg(svg);
        expect(root.getElementsByTagName('circle').length).toBeGreaterThanOrEqual(events.filter((event) => event.kind !== 'drop' && event.kind !== 'crash').length);
        // Tooltips hold the full text of each event, XML-safe.
        const titles = [...root.getElementsByTagName('title')].map((title) => title.textContent ?? '');
        for (const event of events) {
          if (event.shows) expect(titles.some((title) => title.includes(`prints: ${xmlSafe(event.shows!)}`))).toBe(true);
        }
      }),
      { numRuns: 30, seed: 1603 },
    );
  });
});
