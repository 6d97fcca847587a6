/**
 * The reading thread of `chitty-sim check` on a large trace: reads the file in chunks, splits and
 * reads the lines (the same `TraceLineReader` as in one thread), and posts the events in batches
 * (trace/batch.ts), one per chunk, while the main thread checks the batch before. At most
 * `chunksAhead` chunks are out at once: the main thread hands each back when it is done with it,
 * so memory stays bounded however far ahead reading could run.
 *
 * Messages to the main thread, in order: `batch`..., then `end`, or `error` (a line that is not a
 * valid trace line, or a file that cannot be read) after the batches of the lines before it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { BatchWriter, type BatchBuffers, type EventBatch } from '../trace/batch.js';
import type { TraceHeader } from '../trace/format.js';
import { LineSplitter } from '../trace/lines.js';
import { TraceFormatError, TraceLineReader } from '../trace/read.js';
import { describeFsError } from './io.js';

/** What the main thread gives the reading thread. */
export interface CheckReaderData {
  file: string;
  /** Bytes per read. */
  chunkBytes: number;
  /** Chunks read ahead of the check at most. */
  chunksAhead: number;
}

/** What the reading thread posts. */
export type CheckReaderMessage =
  | { kind: 'batch'; batch: EventBatch }
  | { kind: 'end'; header: TraceHeader; interrupted: boolean }
  | { kind: 'format-error'; line: number; field: string; detail: string }
  | { kind: 'error'; message: string };

/** What the main thread posts back: a consumed batch's buffers, to be filled again. */
export interface CheckReaderReturn {
  bytes: ArrayBuffer | undefined;
  buffers: BatchBuffers;
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { file, chunkBytes, chunksAhead } = workerData as CheckReaderData;
  const freeChunks: ArrayBuffer[] = [];
  const freeBuffers: BatchBuffers[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (returned: CheckReaderReturn) => {
    if (returned.bytes !== undefined) freeChunks.push(returned.bytes);
    freeBuffers.push(returned.buffers);
    wake?.();
  });
  for (let k = 0; k < chunksAhead; k++) freeChunks.push(new ArrayBuffer(chunkBytes));

  const reader = new TraceLineReader();
  const writer = new BatchWriter(reader.names);
  const splitter = new LineSplitter((bytes, start, end) => {
    const event = reader.read(bytes, start, end);
    if (event !== undefined) writer.add(event);
  });
  const post = (chunk: Buffer | undefined) => {
    const batch = writer.finish();
    const transfer: ArrayBuffer[] = [batch.numbers.buffer as ArrayBuffer, batch.fields.buffer as ArrayBuffer, batch.vcEntries.buffer as ArrayBuffer];
    if (chunk !== undefined) transfer.push(chunk.buffer as ArrayBuffer);
    port.postMessage({ kind: 'batch', batch } satisfies CheckReaderMessage, transfer);
  };

  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    port.postMessage({ kind: 'error', message: describeFsError(error, file, 'read').message } satisfies CheckReaderMessage);
    port.close();
    return;
  }
  try {
    for (;;) {
      while (freeChunks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const chunk = Buffer.from(freeChunks.pop()!);
      let bytesRead: number;
      try {
        // A blocking read: this thread has nothing else to do, and a read-ahead in another thread
        // competed with the checking thread for the cores.
        bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        port.postMessage({ kind: 'error', message: describeFsError(error, file, 'read').message } satisfies CheckReaderMessage);
        return;
      }
      if (bytesRead === 0) break;
      const data = bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
      writer.begin(data, freeBuffers.pop());
      try {
        splitter.push(data);
      } catch (error) {
        post(data);
        throw error;
      }
      post(data);
    }
    // The last line, when the file does not end with a line break (its bytes are a copy).
    writer.begin(undefined, freeBuffers.pop());
    splitter.end();
    post(undefined);
    const header = reader.finish();
    port.postMessage({ kind: 'end', header, interrupted: reader.interrupted } satisfies CheckReaderMessage);
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    port.postMessage({ kind: 'format-error', line: error.line, field: error.field, detail: error.detail } satisfies CheckReaderMessage);
  } finally {
    closeSync(fd);
    port.close();
  }
}

void main();
