/**
 * Loads a ShiViz (GoVector) log for a command: read whole, since its messages are matched by
 * vector clock, with format errors as `FILE:LINE: field: message` (exit 2).
 */
import path from 'node:path';
import { TraceFormatError } from '../trace/read.js';
import { lineError } from './errors.js';
import { readTextFile } from './io.js';

/** Reads and parses a ShiViz log file. Throws InputError. */
export async function loadShivizLog(file: string) {
  const [text, { readShivizLog }] = await Promise.all([readTextFile(file), import('../import/shiviz.js')]);
  try {
    return readShivizLog(text, path.basename(file));
  } catch (error) {
    if (error instanceof TraceFormatError) throw lineError(file, error);
    throw error;
  }
}
