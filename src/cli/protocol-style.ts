/**
 * Which palette and title a trace's diagram gets: Chitty-Chat's for its traces (a header without
 * `protocol`, or naming `chitty-chat`); for another protocol, its name as the title and the
 * diagram's stable default colours.
 */
import type { Palette } from '../diagram/palette.js';
import * as chittyChat from '../protocols/chitty-chat/palette.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';

export function protocolStyle(header: Pick<TraceHeader, 'protocol'>): { palette?: Palette; title?: string; refusalOf?: (event: TraceEvent) => string | undefined } {
  if (header.protocol === undefined || header.protocol === 'chitty-chat') return { palette: chittyChat.palette, title: chittyChat.title, refusalOf: chittyChat.refusalOf };
  return { title: header.protocol };
}
