/**
 * Writes events as trace lines (NDJSON): the header, the lines of line-format.ts encoded into
 * chunks of bytes for a file or a pipe, and the lines that end a trace early.
 */
import type { EventRecord, TraceSink } from '../sim/record.js';
import type { TraceHeader } from './format.js';
import { TraceLineFormat } from './line-format.js';

/** What a header line says; the format and version follow from it. */
export type HeaderFields = Omit<TraceHeader, 'format' | 'version'>;

/**
 * The header line (without newline): version 1 for Chitty-Chat, version 2 when it names another
 * protocol, or when `version` is 2 (its events have fields only version 2 has).
 */
export function headerLine(header: HeaderFields, version: 1 | 2 = 1): string {
  if (version === 1 && header.protocol === undefined && header.exclusive === undefined && header.nodes === undefined) {
    return JSON.stringify({ format: 'chitty-sim-trace', version: 1, scenario: header.scenario, seed: header.seed, clock: header.clock });
  }
  const line: Record<string, unknown> = { format: 'chitty-sim-trace', version: 2, scenario: header.scenario, seed: header.seed, protocol: header.protocol, clock: header.clock };
  if (header.exclusive !== undefined && header.exclusive.length > 0) line.exclusive = header.exclusive;
  if (header.nodes !== undefined) line.nodes = header.nodes;
  return JSON.stringify(line);
}

/** The last line of an interrupted trace (without newline). */
export function interruptedLine(events: number, tMs: number): string {
  return JSON.stringify({ interrupted: true, events, t: tMs });
}

/** The last line of a trace whose run stopped on an error (without newline). */
export function failedLine(message: string, events: number, tMs: number): string {
  return JSON.stringify({ error: message, events, t: tMs });
}

/**
 * A sink that turns events into trace lines and hands them to `write` in chunks of about
 * `chunkBytes` bytes (default 256 KiB). Lines are encoded into a Buffer as they come, so a long run
 * leaves no large strings behind for the garbage collector: memory stays flat while streaming.
 */
export class NdjsonTraceSink implements TraceSink {
  private readonly format: TraceLineFormat;
  private buffer: Buffer;
  private used = 0;

  constructor(
    nodeNames: readonly string[],
    private readonly write: (chunk: Buffer) => void,
    private readonly chunkBytes = 1 << 18,
  ) {
    this.format = new TraceLineFormat(nodeNames);
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** The trace line of an event, without its newline. */
  line(event: EventRecord): string {
    return this.format.line(event);
  }

  record(event: EventRecord): void {
    const line = this.format.line(event);
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit, plus the newline.
    if (this.used + line.length * 3 + 1 > this.chunkBytes) {
      this.flush();
      if (line.length * 3 + 1 > this.chunkBytes) {
        this.write(Buffer.from(line + '\n'));
        return;
      }
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  /** Hands any buffered lines to the writer. */
  flush(): void {
    if (this.used > 0) {
      const chunk = this.buffer.subarray(0, this.used);
      // The writer may hold on to the chunk (a stream queues it): start a new buffer.
      this.buffer = Buffer.allocUnsafe(this.chunkBytes);
      this.used = 0;
      this.write(chunk);
    }
  }
}
