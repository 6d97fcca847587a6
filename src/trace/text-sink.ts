/**
 * A sink that keeps a run's trace as text, one line per event: the trace the command line writes
 * (the same lines, line-format.ts), for a browser, which has no Buffer and no files.
 */
import type { EventRecord, TraceSink } from '../sim/record.js';
import { TraceLineFormat } from './line-format.js';

export class TraceTextSink implements TraceSink {
  /** The event lines so far, without their newlines. */
  readonly lines: string[] = [];
  private readonly format: TraceLineFormat;

  constructor(nodeNames: readonly string[]) {
    this.format = new TraceLineFormat(nodeNames);
  }

  record(event: EventRecord): void {
    this.lines.push(this.format.line(event));
  }
}
