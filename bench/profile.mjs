#!/usr/bin/env node
// Profiles the in-process broadcast once with `node --cpu-prof` and prints the functions with the most
// self time (build first: `npm run build`).
//
//   node bench/profile.mjs [--vc] [--top N] [--scenario FILE] [--keep]
//   node bench/profile.mjs [--top N] [--keep] --cli ARGS...    (profiles `chitty-sim ARGS...` instead)
//
// --keep leaves the .cpuprofile in bench/profiles/ (open it in Chrome DevTools or speedscope).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTree, runProcess, table } from './lib.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allArgs = process.argv.slice(2);
const cliAt = allArgs.indexOf('--cli');
const args = cliAt === -1 ? allArgs : allArgs.slice(0, cliAt);
const cliArgs = cliAt === -1 ? undefined : allArgs.slice(cliAt + 1);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const vc = flag('--vc');
const top = Number(option('--top', 15));
const scenario = path.resolve(option('--scenario', path.join(repoRoot, 'scenarios', 'bench-broadcast.yaml')));

const dir = mkdtempSync(path.join(os.tmpdir(), 'chitty-profile-'));
const childArgs = cliArgs
  ? ['--cpu-prof', '--cpu-prof-dir', dir, path.join(repoRoot, 'bin', 'chitty-sim.js'), ...cliArgs]
  : ['--cpu-prof', '--cpu-prof-dir', dir, path.join(repoRoot, 'bench', 'inprocess.mjs'), scenario, '--bare', ...(vc ? ['--vc'] : [])];
const result = await runProcess(process.execPath, childArgs, { cwd: process.cwd(), keepStdout: !cliArgs });
if (result.code !== 0 && !(cliArgs && result.code === 1)) {
  process.stderr.write(`profile: the run failed: ${result.stderr}\n`);
  process.exit(1);
}
const run = cliArgs ? undefined : JSON.parse(result.stdout);
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

// Self time per node: each sample's time delta goes to the node it hit.
const selfByNode = new Map();
for (let index = 0; index < profile.samples.length; index++) {
  const id = profile.samples[index];
  selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const total = [...selfByNode.values()].reduce((sum, value) => sum + value, 0);
// Group nodes by function (the same function appears under several call paths).
const byFunction = new Map();
for (const node of profile.nodes) {
  const self = selfByNode.get(node.id) ?? 0;
  if (self === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const shortUrl = url.startsWith('file:') ? path.relative(repoRoot, fileURLToPath(url)) : url;
  const where = url ? `${shortUrl}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'}\t${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + self);
}
const rows = [...byFunction.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .map(([key, self]) => {
    const [name, where] = key.split('\t');
    return [name, `${(self / 1000).toFixed(0)} ms`, `${((100 * self) / total).toFixed(1)}%`, where];
  });

process.stdout.write(
  (cliArgs
    ? `CPU profile of \`chitty-sim ${cliArgs.join(' ')}\`: ${result.seconds.toFixed(2)} s wall (profiling slows it); `
    : `CPU profile of the in-process broadcast (${path.relative(repoRoot, scenario)}, vector clocks ${vc ? 'on' : 'off'}, memory trace):\n` +
      `${run.events.toLocaleString('en-US')} events in ${run.seconds.toFixed(3)} s (${Math.round(run.eventsPerSec).toLocaleString('en-US')} events/s; profiling slows it); `) +
    `${(total / 1e6).toFixed(2)} s sampled in the whole process\n\n` +
    table(['Function (self time)', 'Self', 'Share', 'Where'], rows) +
    '\n',
);
if (flag('--keep')) {
  const keepDir = path.join(repoRoot, 'bench', 'profiles');
  mkdirSync(keepDir, { recursive: true });
  const target = path.join(keepDir, cliArgs ? `cli-${cliArgs[0]}.cpuprofile` : `broadcast${vc ? '-vc' : ''}.cpuprofile`);
  renameSync(path.join(dir, file), target);
  process.stdout.write(`\nkept ${path.relative(process.cwd(), target)}\n`);
}
removeTree(dir);
