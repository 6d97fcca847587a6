/** Every fault and refusal shows in the printed picture, not only in tooltips. */
import { describe, expect, test } from 'vitest';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { segmentHitsBox } from '../../src/diagram/geometry.js';
import { scenarioTrace } from '../export/helpers.js';
import { CHITTY_STYLE } from './chitty-style.js';

describe('in print', () => {
  test('a refused publish is labelled at both ends, in the refusal colour, with the reason at the sender', () => {
    const { header, events } = scenarioTrace('too-long.yaml');
    const layout = layoutDiagram(header, events, CHITTY_STYLE);
    const refusals = layout.labels.filter((label) => label.role === 'refusal');
    const refused = layout.arrows.filter((arrow) => arrow.refused);
    expect(refused.length).toBeGreaterThan(0);
    for (const arrow of refused) {
      expect(refusals.find((label) => label.i === arrow.fromI)?.text).toMatch(/^✗ refused: the message has \d+ characters, more than 128$/);
      expect(refusals.find((label) => label.i === arrow.toI)?.text).toBe('✗ refused');
    }
    expect(layout.labels.find((label) => label.role === 'legend' && label.text === 'refused')).toBeDefined();
  });

  test('a lost message is drawn to where it would have arrived, its cross beside the receiver’s line, with the reason', () => {
    const { header, events } = scenarioTrace('faults-loss.yaml');
    const layout = layoutDiagram(header, events, CHITTY_STYLE);
    expect(layout.lost.length).toBeGreaterThan(3);
    for (const mark of layout.lost) {
      const arrow = layout.arrows.find((candidate) => candidate.ending === 'drop' && candidate.toI === mark.i)!;
      const lane = layout.lanes.find((candidate) => candidate.node === arrow.receiver)!;
      // Beside the receiver’s line (a second cross at the same height just before the first), on the sender’s side, not half-way.
      expect(Math.abs(mark.x - lane.x)).toBeLessThan(40);
      expect(Math.sign(arrow.from.x - lane.x)).toBe(Math.sign(mark.x - lane.x));
      expect(layout.labels.some((label) => label.role === 'drop' && label.i === mark.i && label.text === 'lost')).toBe(true);
    }
  });

  test('no arrow passes over a crash mark', () => {
    const { header, events } = scenarioTrace('faults-crash.yaml');
    const layout = layoutDiagram(header, events, CHITTY_STYLE);
    const crashes = layout.dots.filter((dot) => dot.shape === 'crash');
    expect(crashes.length).toBeGreaterThan(0);
    for (const dot of crashes) {
      const box = { x: dot.x - dot.radiusPx, y: dot.y - dot.radiusPx, widthPx: 2 * dot.radiusPx, heightPx: 2 * dot.radiusPx };
      expect(layout.arrows.filter((arrow) => segmentHitsBox(arrow.from, arrow.to, box))).toEqual([]);
    }
  });
});
