/**
 * The SVG drawing on the command line: svg-drawing.ts draws into a jsdom document that d3-node
 * makes. The only module that imports d3-node, and only when a diagram is drawn (it loads jsdom,
 * ~0.4 s); in a browser the drawing takes the page's own document instead.
 */
import type { D3Node as D3NodeType } from 'd3-node';
import type { Layout } from './model.js';
import { drawSvg, type SvgOptions } from './svg-drawing.js';

export type { SvgOptions } from './svg-drawing.js';

/**
 * The layout as an SVG document (UTF-8 text with an XML declaration). Byte-identical for equal
 * layouts: no ids but fixed ones, no dates, no randomness.
 */
export async function layoutToSvg(layout: Layout, options: SvgOptions = {}): Promise<string> {
  return drawSvg(layout, await svgDocument(), options);
}

/** A new jsdom document to draw in (d3-node's). */
export async function svgDocument(): Promise<Document> {
  const { D3Node } = (await import('d3-node')) as { D3Node: typeof D3NodeType };
  return new D3Node().document;
}
