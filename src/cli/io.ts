/**
 * The only place that touches files. Outputs are written to a temporary file beside the target and
 * renamed over it, so an interrupted or failing run leaves the previous file intact or none at all.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

let temporaryCounter = 0;

function temporaryPathFor(target: string): string {
  temporaryCounter++;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${temporaryCounter}`);
}

/** Explains a file-system error in one sentence that names the path. */
export function describeFsError(error: unknown, filePath: string, doing: string): InputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is not a directory',
    EEXIST: 'it already exists',
  };
  const reason = (code && reasons[code]) ?? (error as Error)?.message ?? String(error);
  return new InputError(`${filePath}: cannot ${doing}: ${reason}`);
}

/** Makes the folder an output goes into, with a clear error when the path cannot be a file. */
async function prepareOutputPath(target: string): Promise<void> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (stat?.isDirectory()) throw new InputError(`${target}: cannot write: it is a directory`);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    throw describeFsError(error, path.dirname(target), 'create the folder');
  }
}

/** Writes `content` to `target` atomically (temporary file, then rename). */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await prepareOutputPath(target);
  const temporary = temporaryPathFor(target);
  try {
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw describeFsError(error, target, 'write');
  }
}

/**
 * A file written as a stream (a trace written as the run goes) that appears under its name only
 * when {@link AtomicStream.commit} is called; {@link AtomicStream.abort} removes it.
 */
export class AtomicStream {
  private constructor(
    readonly target: string,
    private readonly temporary: string,
    private readonly stream: WriteStream,
    private failure: Error | undefined,
  ) {}

  /** Opens the temporary file beside `target`. */
  static async open(target: string): Promise<AtomicStream> {
    await prepareOutputPath(target);
    const temporary = temporaryPathFor(target);
    const stream = createWriteStream(temporary, { highWaterMark: 1 << 20 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(describeFsError(error, target, 'write')));
    });
    const atomic = new AtomicStream(target, temporary, stream, undefined);
    stream.on('error', (error) => {
      atomic.failure = describeFsError(error, target, 'write');
    });
    return atomic;
  }

  /** Appends text or bytes; returns false when the caller should wait for {@link AtomicStream.drained}. */
  write(chunk: string | Uint8Array): boolean {
    if (this.failure) throw this.failure;
    return this.stream.write(chunk);
  }

  /** Resolves when the stream's buffer has drained. */
  drained(): Promise<void> {
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }

  private async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    if (this.failure) throw this.failure;
  }

  /** Flushes, closes and renames the file into place. */
  async commit(): Promise<void> {
    try {
      await this.close();
      await fs.rename(this.temporary, this.target);
    } catch (error) {
      await fs.rm(this.temporary, { force: true }).catch(() => undefined);
      throw error instanceof InputError ? error : describeFsError(error, this.target, 'write');
    }
  }

  /** Closes and removes the temporary file; the target is left as it was. */
  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    await fs.rm(this.temporary, { force: true }).catch(() => undefined);
  }
}

/**
 * Writes a command's result: atomically to `target` (and prints its path), or to standard output
 * when there is no target. A reader that stops early (`| head`) is not an error.
 */
export async function writeOutput(target: string | undefined, content: string | Uint8Array): Promise<void> {
  if (target) {
    await writeFileAtomic(target, content);
    process.stdout.write(`${target}\n`);
    return;
  }
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(content, (error) => (error && (error as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(error) : resolve()));
  });
}

/** The size of a file in bytes, with a clear error naming it (a directory is an error). */
export async function fileSize(filePath: string): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch (error) {
    throw describeFsError(error, filePath, 'read');
  }
  if (stat.isDirectory()) throw new InputError(`${filePath}: cannot read: it is a directory`);
  return stat.size;
}

/** Reads a UTF-8 text file, with a clear error naming it and the place of any invalid UTF-8. */
export async function readTextFile(filePath: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    throw describeFsError(error, filePath, 'read');
  }
  return decodeUtf8(bytes, filePath);
}

/** Decodes UTF-8 strictly (a leading byte-order mark is dropped). Throws InputError at the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, filePath: string): string {
  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt >= 0) {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < invalidAt; k++) {
      if (bytes[k] === 0x0a) {
        line++;
        lineStart = k + 1;
      }
    }
    const col = new TextDecoder().decode(bytes.subarray(lineStart, invalidAt)).length + 1;
    throw new InputError(`${filePath}:${line}:${col}: not valid UTF-8 (byte 0x${bytes[invalidAt].toString(16).padStart(2, '0')} at offset ${invalidAt})`);
  }
  const text = new TextDecoder().decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const length = bytes.length;
  let k = 0;
  while (k < length) {
    const b = bytes[k];
    if (b < 0x80) {
      k++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return k;
    let codePoint = b & (0x3f >> need);
    for (let j = 1; j <= need; j++) {
      const next = bytes[k + j];
      if (next === undefined || (next & 0xc0) !== 0x80) return k;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return k;
    k += need + 1;
  }
  return -1;
}

/**
 * Reads a file from start to end in chunks, handing each to `onChunk` (valid only during the call:
 * the buffers are reused). The next chunk is read while the handler works on this one, so a
 * handler that parses does not wait for the disk between chunks.
 * @param chunkBytes - bytes per read; default 4 MiB.
 * @throws InputError when the file cannot be opened or read; what `onChunk` throws propagates.
 */
export async function forEachChunk(filePath: string, onChunk: (chunk: Buffer) => void, chunkBytes = 1 << 22): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filePath, 'r');
  } catch (error) {
    throw describeFsError(error, filePath, 'read');
  }
  try {
    let current = Buffer.allocUnsafe(chunkBytes);
    let next = Buffer.allocUnsafe(chunkBytes);
    let reading = handle.read(current, 0, chunkBytes, null);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await reading);
      } catch (error) {
        throw describeFsError(error, filePath, 'read');
      }
      if (bytesRead === 0) return;
      const chunk = current;
      reading = handle.read(next, 0, chunkBytes, null);
      // A read left pending when the handler throws must not reject unobserved.
      reading.catch(() => undefined);
      onChunk(bytesRead === chunkBytes ? chunk : chunk.subarray(0, bytesRead));
      current = next;
      next = chunk;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
