// The checker alone, in process, on events already parsed: what `run --check` pays on top of the
// run, and what `check` pays on top of reading the file. Run by bench/run.mjs in a fresh child process.
//
//   node bench/check-core.mjs TRACE.ndjson [--passes N]
//
// Reads the trace (not timed), then checks its events N times (default 3), each with a new checker,
// and prints one JSON line: events, seconds and eventsPerSec of the fastest pass, status.
import { readFileSync } from 'node:fs';
import { readTrace } from '../dist/trace/read.js';
import { createChecker } from '../dist/check/index.js';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
const passesAt = args.indexOf('--passes');
const passes = passesAt >= 0 ? Number(args[passesAt + 1]) : 3;
if (!file || !(passes >= 1)) {
  process.stderr.write('usage: node bench/check-core.mjs TRACE.ndjson [--passes N]\n');
  process.exit(2);
}
const { events, interrupted } = readTrace(readFileSync(file, 'utf8'));
let seconds = Infinity;
let status = null;
for (let pass = 0; pass < passes; pass++) {
  const start = performance.now();
  const checker = createChecker();
  for (const event of events) checker.push(event);
  const result = checker.finish({ interrupted });
  seconds = Math.min(seconds, (performance.now() - start) / 1000);
  status = result.status;
}
process.stdout.write(JSON.stringify({ events: events.length, seconds, eventsPerSec: events.length / seconds, status, passes }) + '\n');
