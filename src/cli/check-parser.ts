/**
 * The parsing thread of `chitty-sim check` on a large trace. The main thread reads the file and
 * posts each chunk here; this thread splits and reads its lines (the same `TraceLineReader` as in
 * one thread) and posts the chunk back with its events in a batch (trace/batch.ts), while the main
 * thread checks the batch before. The main thread reads (a blocking read costs it less than the
 * time it would wait for this thread), and keeps only a few chunks out at once, so memory stays
 * bounded however long the trace is.
 *
 * Messages here: `chunk`..., then `end`. Messages back, in order: a `batch` per chunk, then a
 * last `batch` and `end`, or `format-error` (a line that is not a valid trace line) after the
 * batch of the lines before it.
 */
import { parentPort } from 'node:worker_threads';
import { BatchWriter, transferList, type BatchBuffers, type EventBatch } from '../trace/batch.js';
import type { TraceHeader } from '../trace/format.js';
import { LineSplitter } from '../trace/lines.js';
import { TraceFormatError, TraceLineReader } from '../trace/read.js';

/** What the main thread posts. */
export type ParserRequest =
  /** `length` bytes of the file in `bytes`, next in order, with buffers for the batch when there are spare ones. */
  | { kind: 'chunk'; bytes: ArrayBuffer; length: number; buffers: BatchBuffers | undefined }
  | { kind: 'end' };

/** What the parsing thread posts. */
export type ParserMessage =
  | { kind: 'batch'; batch: EventBatch }
  | { kind: 'end'; header: TraceHeader; interrupted: boolean; failure: string | undefined }
  | { kind: 'format-error'; line: number; field: string; detail: string };

function serve(): void {
  const port = parentPort!;
  const reader = new TraceLineReader();
  const writer = new BatchWriter(reader.names);
  const splitter = new LineSplitter(
    (bytes, start, end) => {
      const event = reader.read(bytes, start, end);
      if (event !== undefined) writer.add(event);
    },
    (bytes, start, limit) => {
      const event = reader.readLine(bytes, start, limit);
      if (event === undefined) return -1;
      writer.add(event);
      return reader.lineEnd;
    },
  );
  const post = () => {
    const batch = writer.finish();
    port.postMessage({ kind: 'batch', batch } satisfies ParserMessage, transferList(batch));
  };
  let failed = false;
  port.on('message', (request: ParserRequest) => {
    if (failed) return;
    try {
      if (request.kind === 'chunk') {
        const chunk = Buffer.from(request.bytes, 0, request.length);
        writer.begin(chunk, request.buffers);
        try {
          splitter.push(chunk);
        } finally {
          // The events before a broken line are checked before its error is reported.
          post();
        }
      } else {
        // The last line, when the file does not end with a line break (its bytes are a copy).
        writer.begin(undefined);
        try {
          splitter.end();
        } finally {
          post();
        }
        const header = reader.finish();
        port.postMessage({ kind: 'end', header, interrupted: reader.ended, failure: reader.failure } satisfies ParserMessage);
        port.close();
      }
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      failed = true;
      port.postMessage({ kind: 'format-error', line: error.line, field: error.field, detail: error.detail } satisfies ParserMessage);
      port.close();
    }
  });
}

serve();
