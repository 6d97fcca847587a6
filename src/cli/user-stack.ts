/**
 * The stack frames of a user's own code (their protocol module and what it imports), and nothing
 * of chitty-sim's or Node's: what a protocol author needs to find the line that threw.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** chitty-sim's own code (dist/ or src/), whose frames are left out, as are dependencies'. */
const OWN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWN_CODE = [path.join(OWN_ROOT, 'dist') + path.sep, path.join(OWN_ROOT, 'src') + path.sep];

/** The frames of `error`'s stack (`    at ...` lines) that lie in the user's files; at most `max`. */
export function userFrames(error: unknown, max = 8): string[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    if (!/^\s+at /.test(line)) continue;
    // `at f (LOCATION)` or `at LOCATION`; only files count, not node:internal or native frames.
    const trimmed = line.trim();
    const location = trimmed.endsWith(')') ? trimmed.slice(trimmed.lastIndexOf('(') + 1, -1) : trimmed.slice(3);
    if (!location.startsWith('/') && !location.startsWith('file://')) continue;
    const file = location.startsWith('file://') ? fileURLToPath(location.replace(/(:\d+){1,2}$/, '')) : location.replace(/(:\d+){1,2}$/, '');
    if (OWN_CODE.some((own) => file.startsWith(own))) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    frames.push(line.replace(/^\s+/, '    '));
    if (frames.length >= max) break;
  }
  return frames;
}
