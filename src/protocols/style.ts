/** How a protocol's diagrams look: its palette, title and refusals. */
import type { Palette } from '../diagram/palette.js';
import type { TraceEvent } from '../trace/format.js';
import type { Protocol } from './protocol.js';

export interface ProtocolStyle {
  palette?: Palette;
  title?: string;
  refusalOf?: (event: TraceEvent) => string | undefined;
}

/** The style of a protocol's diagrams. */
export function protocolStyle(protocol: Protocol): ProtocolStyle {
  return { palette: protocol.palette, title: protocol.title ?? protocol.name, refusalOf: protocol.refusalOf?.bind(protocol) };
}
