/** The layout of a window of a trace, with the renderer's checks: what `renderSvg` and the viewer draw. */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { layoutDiagram, type Layout } from './layout.js';
import { DEFAULT_OPTIONS, DiagramTooLargeError, type DiagramOptions } from './options.js';
import { isWholeTrace, windowFilter } from './window.js';

/**
 * The layout of the window's events.
 * @throws DiagramTooLargeError when the window holds more than `options.maxEvents` (default 20,000) events.
 */
export function layoutWindow(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions = {}): Layout {
  const drawn = isWholeTrace(options.window) ? events : events.filter(windowFilter(options.window));
  const maxEvents = options.maxEvents ?? DEFAULT_OPTIONS.maxEvents;
  if (drawn.length > maxEvents) throw new DiagramTooLargeError(drawn.length, maxEvents);
  return layoutDiagram(header, drawn, { ...options });
}
