/**
 * The legend's symbols, each a small drawing of what it names.
 */
import type { Selection } from 'd3-selection';
import type { LegendItem } from './model.js';
import { UNTYPED_FAMILY } from './palette.js';
import { crossPath, INK, LANE, LOCAL_INK, LOST, markerId, num, REFUSAL, REGION, VIOLATION, type FamilyColours } from './svg-style.js';

/** Draws a legend entry's symbol. */
export function drawLegendSymbol(group: Selection, item: LegendItem, colours: FamilyColours): void {
  const { x, y, widthPx } = item;
  const colour = item.family ? colours(item.family).color : INK;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    group.append('line').attr('x1', num(x1)).attr('y1', num(y1)).attr('x2', num(x2)).attr('y2', num(y2));
  switch (item.symbol) {
    case 'request':
      line(x, y, x + widthPx - 1, y).attr('stroke', colour).attr('stroke-width', 1.4).attr('marker-end', `url(#${markerId(item.family ?? UNTYPED_FAMILY.id, false)})`);
      break;
    case 'reply':
      line(x, y, x + widthPx - 1, y).attr('stroke', UNTYPED_FAMILY.replyColor).attr('stroke-width', 1.4).attr('stroke-dasharray', '4 3').attr('marker-end', `url(#${markerId(UNTYPED_FAMILY.id, true)})`);
      break;
    case 'event':
      group.append('circle').attr('cx', num(x + widthPx / 2)).attr('cy', num(y)).attr('r', 4).attr('fill', INK);
      break;
    case 'local':
      group.append('circle').attr('cx', num(x + widthPx / 2)).attr('cy', num(y)).attr('r', 2.6).attr('fill', LOCAL_INK);
      break;
    case 'lost':
      line(x, y, x + widthPx - 6, y).attr('stroke', UNTYPED_FAMILY.color).attr('stroke-width', 1.4);
      group.append('path').attr('d', crossPath(x + widthPx - 5, y, 4)).attr('stroke', LOST).attr('stroke-width', 2);
      break;
    case 'duplicate':
      line(x, y, x + widthPx - 1, y).attr('stroke', UNTYPED_FAMILY.color).attr('stroke-width', 1.4).attr('stroke-dasharray', '8 2 2 2').attr('marker-end', `url(#${markerId(UNTYPED_FAMILY.id, false)})`);
      break;
    case 'crash':
      line(x + widthPx / 2, y - 7, x + widthPx / 2, y).attr('stroke', LANE).attr('stroke-width', 1.5);
      line(x + widthPx / 2, y, x + widthPx / 2, y + 7).attr('stroke', '#c5ccd0').attr('stroke-width', 1.5).attr('stroke-dasharray', '2 2');
      group.append('path').attr('d', crossPath(x + widthPx / 2, y, 4)).attr('stroke', INK).attr('stroke-width', 2.2);
      break;
    case 'stub':
      line(x, y + 4, x + widthPx - 6, y - 2).attr('stroke', UNTYPED_FAMILY.color).attr('stroke-width', 1.4).attr('stroke-dasharray', '2 2').attr('marker-end', `url(#${markerId(UNTYPED_FAMILY.id, false)})`);
      break;
    case 'violation':
      group.append('circle').attr('cx', num(x + widthPx / 2)).attr('cy', num(y)).attr('r', 7).attr('fill', 'none').attr('stroke', VIOLATION).attr('stroke-width', 1.2);
      group.append('circle').attr('cx', num(x + widthPx / 2)).attr('cy', num(y)).attr('r', 4).attr('fill', VIOLATION);
      break;
    case 'partition':
      group.append('rect').attr('x', num(x)).attr('y', num(y - 6)).attr('width', widthPx).attr('height', 12).attr('fill', '#fbe9e7');
      break;
    case 'refusal':
      line(x, y, x + widthPx - 1, y).attr('stroke', REFUSAL).attr('stroke-width', 1.4).attr('stroke-dasharray', '5 3').attr('marker-end', `url(#${markerId(UNTYPED_FAMILY.id, true)})`);
      group.append('text').attr('x', num(x + widthPx / 2)).attr('y', num(y - 2)).attr('text-anchor', 'middle').attr('font-size', 9).attr('fill', REFUSAL).text('✗');
      break;
    case 'region':
    case 'region-overlap':
      group.append('rect').attr('x', num(x)).attr('y', num(y - 3.5)).attr('width', widthPx).attr('height', 7).attr('rx', 2).attr('fill', item.symbol === 'region' ? REGION : VIOLATION).attr('fill-opacity', 0.55);
      break;
    case 'skip':
      group.append('rect').attr('x', num(x)).attr('y', num(y - 6)).attr('width', widthPx).attr('height', 12).attr('fill', '#f1f3f4');
      line(x + widthPx / 2, y - 7, x + widthPx / 2, y + 7).attr('stroke', LANE).attr('stroke-width', 1.5).attr('stroke-dasharray', '1 4');
      break;
  }
}

