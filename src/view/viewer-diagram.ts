/**
 * The viewer's diagram and data: the layout of the window, its SVG with data attributes (drawn in
 * the document given: jsdom's for `chitty-sim view`, the page's own in the playground), the data
 * the page script reads and the title. Both get the same SVG text from the same trace.
 */
import { layoutWindow } from '../diagram/layout-window.js';
import { diagramTitle } from '../diagram/layout.js';
import type { Layout } from '../diagram/model.js';
import type { DiagramOptions } from '../diagram/options.js';
import { drawSvg } from '../diagram/svg-drawing.js';
import { describeWindow } from '../diagram/window.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { viewerData, type ViewerData } from './data.js';

export interface ViewerDiagram {
  layout: Layout;
  /** The SVG element's text (no XML declaration), with data attributes. */
  svg: string;
  data: ViewerData;
  /** The diagram's title, and the window when there is one. */
  title: string;
}

/**
 * @param events - the trace's events in order (all, or only the window's), each process event with its `vc`.
 * @throws DiagramTooLargeError as `renderSvg` does.
 */
export function viewerDiagram(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions & { vcComputed?: boolean }, document: Document): ViewerDiagram {
  const layout = layoutWindow(header, events, options);
  const drawnIndices = new Set(layout.dots.map((dot) => dot.i));
  for (const mark of layout.lost) drawnIndices.add(mark.i);
  // The page needs the events the layout drew: the window's, on the lines drawn.
  const drawn = events.filter((event) => drawnIndices.has(event.i));
  const svg = drawSvg(layout, document, { dataAttributes: true })
    .replace(/^<\?xml[^>]*\?>\s*/, '')
    .trimEnd();
  const allNodes = options.allNodes ?? [...new Set(events.map((event) => event.node))];
  const window = describeWindow(options.window);
  const data = viewerData(header, drawn, layout, { allNodes, vcComputed: options.vcComputed ?? false, window });
  const title = `${diagramTitle(header, options.title)}${window ? ` · ${window}` : ''}`;
  return { layout, svg, data, title };
}
