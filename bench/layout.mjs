// One in-process layout measurement, run by bench/run.mjs in a fresh child process: the diagram's
// layout alone (where every dot, arrow and label goes; no SVG, no d3-node) of the first N events of
// a trace, the events `render TRACE --to N-1` draws.
//
//   node bench/layout.mjs TRACE.ndjson N
//
// Prints one JSON line: events, seconds (the layout only; reading the trace is not timed), labels,
// omittedLabels (labels left to tooltips).
import { readFileSync } from 'node:fs';
import { readTrace } from '../dist/trace/read.js';
import { layoutWindow } from '../dist/diagram/index.js';

const [file, count] = process.argv.slice(2);
if (!file || !(Number(count) > 0)) {
  process.stderr.write('usage: node bench/layout.mjs TRACE.ndjson N\n');
  process.exit(2);
}
const { header, events } = readTrace(readFileSync(file, 'utf8'));
const drawn = events.slice(0, Number(count));
const start = performance.now();
const layout = layoutWindow(header, drawn);
const seconds = (performance.now() - start) / 1000;
process.stdout.write(JSON.stringify({ events: drawn.length, seconds, labels: layout.labels?.length ?? null, omittedLabels: layout.omittedLabels ?? null }) + '\n');
