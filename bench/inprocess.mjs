// One in-process broadcast measurement, run by bench/run.mjs in a fresh child process (so one run's
// heap cannot slow the next). Run with --expose-gc for the heap figures.
//
//   node --expose-gc bench/inprocess.mjs SCENARIO.yaml [--vc] [--bare] [--no-trace]
//
// Prints one JSON line: events, seconds (construct + run, parse excluded), eventsPerSec, columnBytes,
// heapGrowthBytes (heapUsed + external after a full GC, before vs after), and events by kind.
import { readFileSync } from 'node:fs';
import { parseScenario } from '../dist/scenario/parse.js';
import { Simulation } from '../dist/scenario/simulate.js';
import { MemoryTrace } from '../dist/trace/memory-trace.js';
import { EVENT_KINDS } from '../dist/trace/format.js';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
if (!file) {
  process.stderr.write('usage: node --expose-gc bench/inprocess.mjs SCENARIO.yaml [--vc] [--bare] [--no-trace]\n');
  process.exit(2);
}
const vectorClocks = args.includes('--vc');
/** --bare: only the run (no forced GCs, no counting by kind), for profiling. */
const bare = args.includes('--bare');
/** --no-trace: no sink keeps the events, as the SimPy model keeps none (the nodes still compute every text). */
const noTrace = args.includes('--no-trace');

const parsed = parseScenario(readFileSync(file, 'utf8'), 'bench');
if (!parsed.ok) {
  process.stderr.write(`${file}: not a valid scenario: ${JSON.stringify(parsed.problems.slice(0, 3))}\n`);
  process.exit(2);
}
const scenario = parsed.scenario;

const gc = bare ? undefined : globalThis.gc;
/** heapUsed + external (typed-array chunks live outside the JS heap) after a full collection. */
function liveBytes() {
  if (gc) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

const before = liveBytes();
const start = performance.now();
const memoryTrace = noTrace ? undefined : new MemoryTrace(scenario.nodes);
const simulation = new Simulation(scenario, { vectorClocks, sinks: memoryTrace ? [memoryTrace] : [] });
simulation.run();
const seconds = (performance.now() - start) / 1000;
const events = simulation.world.eventCount;
const after = liveBytes();

// Events by kind, from the trace's flag column (outside the timed part).
const byKind = {};
for (const kind of EVENT_KINDS) byKind[kind] = 0;
if (!bare && memoryTrace) for (let index = 0; index < memoryTrace.length; index++) byKind[memoryTrace.kindAt(index)]++;

process.stdout.write(
  JSON.stringify({
    events,
    traceLength: memoryTrace?.length ?? null,
    vectorClocks,
    seconds,
    eventsPerSec: events / seconds,
    columnBytes: memoryTrace?.columnBytes ?? null,
    heapGrowthBytes: gc ? after - before : null,
    byKind: memoryTrace ? byKind : null,
  }) + '\n',
);
