/** Helpers of the diagram tests: fixtures, an XML parser, and the overlap checks. */
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { overlaps, type Box } from '../../src/diagram/boxes.js';
import type { Layout } from '../../src/diagram/layout.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function fixture(name: string): { header: TraceHeader; events: TraceEvent[] } {
  return readTrace(fixtureText(name));
}

let parser: DOMParser | undefined;

/** Parses SVG text as XML (strictly: any error fails); returns the document element. */
export function parseSvg(svg: string): Element {
  parser ??= new new JSDOM('').window.DOMParser();
  const document = parser.parseFromString(svg, 'image/svg+xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  if (document.documentElement.nodeName !== 'svg') throw new Error(`root is ${document.documentElement.nodeName}, not svg`);
  return document.documentElement;
}

/** Every pair of overlapping boxes among `labels`, and every label that covers a mark. */
export function collisions(layout: Layout): string[] {
  const problems: string[] = [];
  const labels = layout.labels;
  const marks: { box: Box; what: string }[] = [
    ...layout.dots.map((dot) => ({ box: box(dot.x, dot.y, dot.radiusPx), what: `dot #${dot.i}` })),
    ...layout.lost.map((mark) => ({ box: box(mark.x, mark.y, mark.halfPx), what: `lost-message cross at ${mark.x},${mark.y}` })),
  ];
  // Sweep on x so that big random layouts stay quick.
  const items = [
    ...labels.map((label, k) => ({ box: label.box, what: `${label.role} label ${JSON.stringify(label.text)}`, label: k })),
    ...marks.map((mark) => ({ ...mark, label: -1 })),
  ].sort((a, b) => a.box.x - b.box.x);
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length && items[b].box.x < items[a].box.x + items[a].box.widthPx; b++) {
      if (items[a].label < 0 && items[b].label < 0) continue;
      if (overlaps(items[a].box, items[b].box)) problems.push(`${items[a].what} overlaps ${items[b].what}`);
    }
  }
  return problems;
}

function box(x: number, y: number, halfPx: number): Box {
  return { x: x - halfPx, y: y - halfPx, widthPx: 2 * halfPx, heightPx: 2 * halfPx };
}

/** Labels that stick out of the picture. */
export function outside(layout: Layout): string[] {
  return layout.labels
    .filter((label) => label.box.x < 0 || label.box.y < 0 || label.box.x + label.box.widthPx > layout.widthPx || label.box.y + label.box.heightPx > layout.heightPx)
    .map((label) => `${label.role} label ${JSON.stringify(label.text)} at ${JSON.stringify(label.box)} is outside ${layout.widthPx}×${layout.heightPx}`);
}

/** Every number of a layout, to check they are all finite. */
export function numbersOf(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersOf(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) numbersOf(item, out);
  return out;
}

/** A trace text from a header and events (for hand-made cases). */
export function traceText(header: Partial<TraceHeader>, events: Partial<TraceEvent>[]): string {
  const lines = [JSON.stringify({ format: 'chitty-sim-trace', version: 1, scenario: 'test', seed: 1, clock: 'lamport', ...header })];
  events.forEach((event, i) => lines.push(JSON.stringify({ i, t: 0, text: '', ...event })));
  return lines.join('\n') + '\n';
}
