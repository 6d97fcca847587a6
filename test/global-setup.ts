/**
 * Builds the CLI once before the tests that run it as a process, and gives the run a temporary
 * folder of its own: TMPDIR points into it, so every folder a test (or a command it starts) makes
 * under the system's temporary folder is removed with it at the end, whatever the test did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-tests-'));
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}
