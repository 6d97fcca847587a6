/**
 * The interactive viewer: one self-contained HTML file with the Lamport diagram (the same layout and
 * SVG as `render`, with data attributes), pan and zoom, causal past and future of a clicked event
 * from the vector clocks, process lines on and off, and search. It fetches nothing.
 */
import type { DiagramOptions } from '../diagram/options.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { scriptSafeJson } from './data.js';
import { pageHtml } from './page.js';
import { viewerDiagram } from './viewer-diagram.js';

export { scriptSafeJson, viewerData, type ViewerData, type ViewerEvent } from './data.js';

/** Options of {@link renderViewerHtml}: the diagram's (axis, window, violations...), and how the clocks were got. */
export interface ViewerOptions extends DiagramOptions {
  /** The vector clocks were computed from the trace rather than read from it (said in the details). Default false. */
  vcComputed?: boolean;
  /**
   * Makes the `@font-face` rule of a font with the emoji among the given texts (see
   * `emojiFontFace` in emoji-font.ts, which reads the shipped Noto Emoji), so that the page shows
   * them on any machine. Default: none embedded (the reader's fonts draw them).
   */
  emojiFont?: (texts: string[]) => Promise<{ css: string } | undefined>;
}

/**
 * The viewer page of a trace (or of a window of it).
 *
 * @param header - the trace's header.
 * @param events - the trace's events in order (all, or only the window's); every process event must
 *   carry its `vc` for the causal highlighting (compute them with `withVectorClocks` from
 *   src/trace/vector-clocks.ts for a trace written with `--no-vc`).
 * @param options - as for `renderSvg` (axis default `order`, window default the whole trace, at most
 *   `maxEvents` events, default 20,000), plus `vcComputed` (default false).
 * @returns the HTML text; the same input gives the same bytes.
 * @throws DiagramTooLargeError as `renderSvg` does.
 */
export async function renderViewerHtml(header: TraceHeader, events: readonly TraceEvent[], options: ViewerOptions = {}): Promise<string> {
  const { svgDocument } = await import('../diagram/svg.js');
  const { layout, svg, data, title } = viewerDiagram(header, events, options, await svgDocument());
  const json = scriptSafeJson(data);
  // The JSON holds escapes, not characters, for a few of them only (<, >, &): its emoji are as typed.
  const font = options.emojiFont ? await options.emojiFont([title, svg, json]) : undefined;
  return pageHtml({ title, svg, json, lanes: layout.lanes.length, fontCss: font?.css ?? '' });
}
