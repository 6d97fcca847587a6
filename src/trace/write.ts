/**
 * Writes events as trace lines (NDJSON). Lines are built by hand rather than with JSON.stringify of
 * an object, because this runs once per event; strings still go through JSON.stringify for escaping.
 */
import { lamportSuffix, type EventRecord, type TraceSink } from '../sim/record.js';
import type { TraceHeader } from './format.js';

/** The header line (without newline). */
export function headerLine(header: Omit<TraceHeader, 'format' | 'version'>): string {
  return JSON.stringify({ format: 'chitty-sim-trace', version: 1, scenario: header.scenario, seed: header.seed, clock: header.clock });
}

/** The last line of an interrupted trace (without newline). */
export function interruptedLine(events: number, tMs: number): string {
  return JSON.stringify({ interrupted: true, events, t: tMs });
}

/**
 * A sink that turns events into trace lines and hands them to `write` in chunks of about
 * `chunkBytes` bytes (default 256 KiB). Lines are encoded into a Buffer as they come, so a long run
 * leaves no large strings behind for the garbage collector: memory stays flat while streaming.
 */
export class NdjsonTraceSink implements TraceSink {
  private readonly quotedNames: string[];
  private buffer: Buffer;
  private used = 0;

  constructor(
    nodeNames: readonly string[],
    private readonly write: (chunk: Buffer) => void,
    private readonly chunkBytes = 1 << 18,
  ) {
    this.quotedNames = nodeNames.map((name) => JSON.stringify(name));
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** The trace line of an event, without its newline. */
  line(event: EventRecord): string {
    const names = this.quotedNames;
    let line = `{"i":${event.i},"t":${event.tUs / 1000},"node":${names[event.node]},"kind":"${event.kind}","lamport":${event.lamport}`;
    const vc = event.vc;
    if (vc !== undefined) {
      line += ',"vc":{';
      let first = true;
      for (let k = 0; k < vc.length; k++) {
        if (vc[k] === 0) continue;
        line += first ? `${names[k]}:${vc[k]}` : `,${names[k]}:${vc[k]}`;
        first = false;
      }
      line += '}';
    }
    if (event.msg >= 0) line += `,"msg":${event.msg},"peer":${names[event.peer]}`;
    if (event.type !== undefined) line += `,"type":"${event.type}"`;
    line += event.text === '' ? ',"text":""' : `,"text":${JSON.stringify(event.text + lamportSuffix(event.lamport))}`;
    if (event.shows !== '') line += `,"shows":${JSON.stringify(event.showsLamport ? event.shows + lamportSuffix(event.lamport) : event.shows)}`;
    if (event.reason !== undefined) line += `,"reason":"${event.reason}"`;
    return line + '}';
  }

  record(event: EventRecord): void {
    const line = this.line(event);
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
