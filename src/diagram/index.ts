/**
 * Lamport space-time diagrams of traces, as SVG: one process line per node, a dot per event labelled
 * with its Lamport time, an arrow per message. The pipeline is one concept per file:
 * `pairs.ts` (which events belong together) → `layout.ts` (where everything goes; pure numbers) →
 * `svg-drawing.ts` (the drawing, in any document; `svg.ts` gives it jsdom's, through d3-node).
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { layoutWindow } from './layout-window.js';
import type { DiagramOptions } from './options.js';
import type { PageSize } from './pages.js';
import type { SvgOptions } from './svg.js';

export type { SvgOptions } from './svg.js';
export { MIN_PRINT_SCALE, PAGE_SIZES, type PageSize } from './pages.js';
export type { Palette, PaletteEntry } from './palette.js';

export { AXES, DEFAULT_OPTIONS, DiagramTooLargeError, type Axis, type DiagramOptions, type PartitionSpan } from './options.js';
export { describeWindow, isWholeTrace, parseWindow, windowFilter, WindowSyntaxError, type TraceWindow, type WindowBound } from './window.js';
export { layoutDiagram, type Layout } from './layout.js';
/** The layout `renderSvg` draws, with the same checks (for tests and other renderers). */
export { layoutWindow } from './layout-window.js';

/**
 * Draws the Lamport diagram of a trace as an SVG document.
 *
 * @param header - the trace's header; the title shows its scenario, seed and clock mode.
 * @param events - the trace's events in order: all of them, or only those of `options.window`.
 * @param options - axis, window, violations to mark, sizes; see {@link DiagramOptions} for the defaults;
 *   and how the SVG is written (data attributes for the viewer, fonts), see {@link SvgOptions}.
 * @returns the SVG text (UTF-8, with an XML declaration), the same bytes for the same input.
 * @throws DiagramTooLargeError when the window holds more than `options.maxEvents` (default 20,000)
 *   events; the message suggests a window. A diagram is never cut short silently.
 */
export async function renderSvg(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions & SvgOptions = {}): Promise<string> {
  const layout = layoutWindow(header, events, options);
  const { layoutToSvg } = await import('./svg.js');
  return layoutToSvg(layout, options);
}

/**
 * The diagram as pages for print (A4 or US Letter, portrait): one SVG document per page, the process
 * names at the top of each, arrows across a page break drawn as stubs that say where they go on.
 * Options and errors as for {@link renderSvg}.
 */
export async function renderPages(header: TraceHeader, events: readonly TraceEvent[], page: PageSize, options: DiagramOptions & SvgOptions = {}): Promise<{ pages: string[]; scale: number }> {
  // Every page has the names at its top: no need to repeat them within a page.
  const layout = layoutWindow(header, events, { ...options, repeatNamesEveryPx: Number.MAX_SAFE_INTEGER });
  const { paginate, printScale } = await import('./pages.js');
  const { layoutToSvg } = await import('./svg.js');
  const pages: string[] = [];
  for (const part of paginate(layout, page)) pages.push(await layoutToSvg(part, options));
  return { pages, scale: printScale(layout, page) };
}
