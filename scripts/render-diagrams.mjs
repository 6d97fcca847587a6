#!/usr/bin/env node
// Re-renders every shipped scenario into diagrams/ (`npm run diagrams`). CI runs it and fails when
// the committed diagrams differ, so the pictures in the repository always match the code.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'chitty-sim.js');
const scenarios = readdirSync(path.join(root, 'scenarios')).filter((name) => name.endsWith('.yaml') && !name.startsWith('bench-')).sort();
const out = path.join(root, 'diagrams');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of scenarios) {
  const base = name.replace(/\.yaml$/, '');
  const svg = path.join('diagrams', `${base}.svg`);
  // --check draws violations in red; its exit code 1 (a buggy clock mode) is expected here.
  try {
    execFileSync(process.execPath, [cli, 'run', path.join('scenarios', name), '--quiet', '--check', '--svg', svg], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if (error.status !== 1) {
      process.stderr.write(String(error.stderr ?? error));
      process.exit(2);
    }
  }
  process.stdout.write(`${svg}\n`);
}
