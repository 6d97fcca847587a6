/**
 * How a trace's diagram looks: its protocol's palette, title and refusals. The protocol is the one
 * the run loaded, or the one the trace's header names (a built-in, or a module found where the
 * header says); a trace whose protocol cannot be loaded gets the diagram's stable default colours
 * and the protocol's name from the header as its title.
 */
import path from 'node:path';
import type { Protocol } from '../protocols/protocol.js';
import { protocolStyle, type ProtocolStyle } from '../protocols/style.js';
import { NO_PROTOCOL, type TraceHeader } from '../trace/format.js';
import { traceProtocol } from './trace-protocol.js';

export type { ProtocolStyle } from '../protocols/style.js';

/** The style of a protocol's diagrams. */
export function styleOf(protocol: Protocol | undefined, header: Pick<TraceHeader, 'protocol'>): ProtocolStyle {
  if (protocol !== undefined) return protocolStyle(protocol);
  // A module that is not at hand: its file's name says which protocol it was.
  if (header.protocol === undefined || header.protocol === NO_PROTOCOL) return { title: undefined };
  return { title: path.basename(header.protocol).replace(/\.[cm]?[jt]s$/, '') };
}

/** The style of a trace file's diagram, from the protocol its header names. */
export async function traceStyle(header: TraceHeader, traceFile: string): Promise<ProtocolStyle> {
  return styleOf((await traceProtocol(header, traceFile)).protocol, header);
}
