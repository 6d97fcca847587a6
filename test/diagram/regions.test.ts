/** Regions (a critical section and the like): bars along the process lines, red where two of one name overlap. */
import { describe, expect, test } from 'vitest';
import { renderSvg } from '../../src/diagram/index.js';
import { layoutDiagram } from '../../src/diagram/layout.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { withVectorClocks } from '../../src/trace/vector-clocks.js';
import { parseSvg } from './helpers.js';

const header: TraceHeader = { format: 'chitty-sim-trace', version: 1, scenario: 'mutex', seed: 1, clock: 'lamport', protocol: 'ricart-agrawala' };

type Step = Omit<TraceEvent, 'i' | 't' | 'text'> & { text?: string };

function trace(steps: Step[]): TraceEvent[] {
  return steps.map((step, i) => ({ i, t: i, text: '', ...step }));
}

/** a enters and leaves cs, then tells b, which enters after: ordered. */
const ordered = trace([
  { node: 'a', kind: 'local', lamport: 1, mark: { enter: 'cs' } },
  { node: 'a', kind: 'local', lamport: 2, mark: { exit: 'cs' } },
  { node: 'a', kind: 'send', lamport: 3, msg: 0, peer: 'b', type: 'Release' },
  { node: 'b', kind: 'receive', lamport: 4, msg: 0, peer: 'a', type: 'Release' },
  { node: 'b', kind: 'local', lamport: 5, mark: { enter: 'cs' } },
  { node: 'b', kind: 'local', lamport: 6, mark: { exit: 'cs' } },
]);

/** a and b both enter cs with no message between: they overlap; c enters and crashes inside. */
const overlapping = trace([
  { node: 'a', kind: 'local', lamport: 1, mark: { enter: 'cs' } },
  { node: 'b', kind: 'local', lamport: 1, mark: { enter: 'cs' } },
  { node: 'a', kind: 'local', lamport: 2, mark: { exit: 'cs' } },
  { node: 'b', kind: 'local', lamport: 2, mark: { exit: 'cs' } },
  { node: 'c', kind: 'local', lamport: 1, mark: { enter: 'lock' } },
  { node: 'c', kind: 'crash', lamport: 1 },
]);

describe('regions', () => {
  test('are bars from enter to exit; ordered by happens-before they do not overlap', () => {
    for (const events of [ordered, withVectorClocks(ordered)]) {
      const layout = layoutDiagram(header, events);
      expect(layout.regions).toHaveLength(2);
      for (const region of layout.regions) {
        expect(region.overlap).toBe(false);
        const enter = layout.dots.find((dot) => dot.i === region.enterI)!;
        const exit = layout.dots.find((dot) => dot.i === region.exitI)!;
        expect([region.y1, region.y2, region.x]).toEqual([enter.y, exit.y, enter.x]);
      }
      expect(layout.legend.map((item) => item.symbol)).toContain('region');
      expect(layout.legend.map((item) => item.symbol)).not.toContain('region-overlap');
      expect(layout.labels.filter((label) => label.role === 'region').map((label) => label.text)).toEqual(['cs', 'cs']);
    }
  });

  test('of one name on two nodes, not ordered, are red and say so; a crash ends a region', async () => {
    const layout = layoutDiagram(header, overlapping);
    const cs = layout.regions.filter((region) => region.name === 'cs');
    expect(cs.map((region) => region.overlap)).toEqual([true, true]);
    expect(cs[0].tooltip).toContain('overlaps cs on another node');
    const lock = layout.regions.find((region) => region.name === 'lock')!;
    expect(lock.overlap).toBe(false);
    expect(lock.exitI).toBeUndefined();
    expect(lock.y2).toBe(layout.dots.find((dot) => dot.shape === 'crash')!.y);
    expect(layout.legend.map((item) => item.symbol)).toContain('region-overlap');
    expect(layout.labels.filter((label) => label.role === 'region' && label.violation).map((label) => label.text)).toEqual(['cs ✗ overlap', 'cs ✗ overlap']);
    const root = parseSvg(await renderSvg(header, overlapping));
    const bars = [...root.querySelectorAll('g.regions rect')];
    expect(bars).toHaveLength(3);
    expect(bars.filter((bar) => bar.getAttribute('fill') === '#d32f2f')).toHaveLength(2);
  });

  test('without an exit run to the end of the window drawn', () => {
    const layout = layoutDiagram(header, ordered.slice(0, 1));
    expect(layout.regions).toHaveLength(1);
    expect(layout.regions[0].y2).toBeGreaterThan(layout.regions[0].y1);
    expect(layout.regions[0].y2).toBeLessThanOrEqual(layout.bodyBottomPx);
  });
});

describe('crash and restart', () => {
  test('carry no Lamport time (theirs is the engine’s), but say what they are', () => {
    const events = trace([
      { node: 'a', kind: 'local', lamport: 1 },
      { node: 'a', kind: 'crash', lamport: 1 },
      { node: 'a', kind: 'restart', lamport: 1 },
    ]);
    const layout = layoutDiagram(header, events);
    expect(layout.labels.filter((label) => label.role === 'lamport').map((label) => label.i)).toEqual([0]);
    expect(layout.labels.filter((label) => label.role === 'fault').map((label) => label.text)).toEqual(['crash', 'restart']);
  });
});
