/**
 * The protocol of a trace file, for the commands that read traces: its header names a built-in or
 * a module (a path relative to the trace); `--protocol FILE` points elsewhere. When the module
 * cannot be found, the trace is still read and checked, with a note of what was left out.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from '../protocols/protocol.js';
import { builtinProtocol } from '../protocols/registry.js';
import { DEFAULT_TRACE_PROTOCOL, NO_PROTOCOL, type TraceHeader } from '../trace/format.js';
import { readHeader } from '../trace/line-rules.js';
import { loadProtocol } from './protocol-file.js';

/** The header of a trace file, read from its first line; undefined when it has none that is valid (the full read reports why). */
export async function peekTraceHeader(file: string): Promise<TraceHeader | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0).catch(() => ({ bytesRead: 0 }));
    for (const line of buffer.toString('utf8', 0, bytesRead).split(/\r?\n/)) {
      if (line.trim() === '') continue;
      try {
        return readHeader(JSON.parse(line) as Record<string, unknown>, 1);
      } catch {
        return undefined;
      }
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** A trace's protocol, or why it is missing. */
export interface TraceProtocol {
  protocol: Protocol | undefined;
  /** Set when the protocol could not be loaded: what was checked without it. */
  note?: string;
}

/** The protocol a trace's header names (or `protocolFile`), loaded. */
export async function traceProtocol(header: TraceHeader | undefined, traceFile: string, protocolFile?: string): Promise<TraceProtocol> {
  if (protocolFile !== undefined) return { protocol: (await loadProtocol(protocolFile, process.cwd(), '--protocol')).protocol };
  // An imported log: the clock rules are all there is to check, and nothing was left out.
  if (header?.protocol === NO_PROTOCOL) return { protocol: undefined };
  const ref = header?.protocol ?? DEFAULT_TRACE_PROTOCOL;
  const builtin = builtinProtocol(ref);
  if (builtin !== undefined) return { protocol: builtin };
  const file = path.resolve(path.dirname(traceFile), ref);
  if (!existsSync(file)) {
    const exclusive = header?.exclusive?.length ? ' and mutual-exclusion' : '';
    return {
      protocol: undefined,
      note: `the trace's protocol ${ref} was not found (looked for ${file}), so only the clock rules${exclusive} were checked and the protocol's own rules were skipped; point to it with --protocol FILE`,
    };
  }
  return { protocol: (await loadProtocol(ref, path.dirname(traceFile), `the header of ${traceFile}`)).protocol };
}
