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
 * `chunkChars` characters (default 64 Ki), so the writer is called rarely.
 */
export class NdjsonTraceSink implements TraceSink {
  private readonly quotedNames: string[];
  private buffer = '';

  constructor(
    nodeNames: readonly string[],
    private readonly write: (chunk: string) => void,
    private readonly chunkChars = 1 << 16,
  ) {
    this.quotedNames = nodeNames.map((name) => JSON.stringify(name));
  }

  record(event: EventRecord): void {
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
    this.buffer += line + '}\n';
    if (this.buffer.length >= this.chunkChars) this.flush();
  }

  /** Hands any buffered lines to the writer. */
  flush(): void {
    if (this.buffer !== '') {
      const chunk = this.buffer;
      this.buffer = '';
      this.write(chunk);
    }
  }
}
