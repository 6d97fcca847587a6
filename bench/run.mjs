#!/usr/bin/env node
// `npm run bench`: measures chitty-sim side by side in one invocation, prints a table of figures
// against their targets, and writes them to bench/out/results.json (not committed); `--record`
// writes bench/results.json, the figures the docs quote. See docs/performance.md.
//
//   node bench/run.mjs [--runs N] [--quick] [--budget SECONDS] [--deadline SECONDS] [--record | --out FILE] [--simpy FILE] [--keep]
//
// Every figure is the median of several runs (default 5). The measurements are interleaved round by
// round (chitty-sim in-process, SimPy, chitty-sim with vector clocks, the CLI, ...), each chitty-sim run
// in a fresh child process. A measurement whose runs add up to more than --budget seconds (default 45)
// stops early, so the streamed vector-clock trace (70-90 s a run here) runs once, and after the first
// round no run starts that would take the measuring past --deadline seconds (default 220; the in-process
// and SimPy runs behind the ratios are exempt); the table shows how many runs each figure had. Ratios
// to SimPy are medians of per-round ratios: each chitty-sim run against the SimPy run next to it, so
// load from other processes mostly cancels out.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, statSync, statfsSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { countLines, formatValue, gitInfo, machineInfo, median, removeTree, runProcess, table } from './lib.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The SimPy model of the broadcast workload that the ratios compare against. */
const SIMPY_MODEL = path.join(repoRoot, 'bench', 'broadcast-simpy.py');
/** Where figures go unless --record or --out says otherwise: git ignores it. */
const DEFAULT_OUT = path.join(repoRoot, 'bench', 'out', 'results.json');
/** The recorded figures, committed, which README.md and docs/performance.md quote. */
const RECORD_OUT = path.join(repoRoot, 'bench', 'results.json');
const PYTHON = '/usr/bin/python3';
const CLI = path.join(repoRoot, 'bin', 'chitty-sim.js');
const PEAK_RSS = path.join(repoRoot, 'bench', 'peak-rss.mjs');
const IN_PROCESS = path.join(repoRoot, 'bench', 'inprocess.mjs');
const LAYOUT = path.join(repoRoot, 'bench', 'layout.mjs');
const CHECK_CORE = path.join(repoRoot, 'bench', 'check-core.mjs');
const PLAYGROUND = path.join(repoRoot, 'bench', 'playground.mjs');
const EXPLORE = path.join(repoRoot, 'bench', 'explore.mjs');
const BENCH_SCENARIO = path.join(repoRoot, 'scenarios', 'bench-broadcast.yaml');
const NODE = process.execPath;

// --- options -------------------------------------------------------------------------------------

function usage(message) {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    'usage: node bench/run.mjs [--runs N] [--quick] [--budget SECONDS] [--deadline SECONDS] [--record | --out FILE] [--simpy FILE] [--keep]\n' +
      '  --runs N        runs per figure, median reported (default 5; 2 with --quick)\n' +
      '  --quick         smoke run: 10x lighter broadcast (100 participants x 10 publishes), fewer runs\n' +
      '  --budget S      stop repeating a measurement once its runs add up to S seconds (default 45; 20 with --quick)\n' +
      '  --deadline S    after the first round, start no run that would end past S seconds of measuring (default 220; 90 with --quick;\n' +
      '                  the in-process and SimPy runs are exempt)\n' +
      '  --record        write the JSON results to bench/results.json, the recorded figures the docs quote\n' +
      '  --out FILE      write the JSON results to FILE (default bench/out/results.json, which git ignores)\n' +
      '  --simpy FILE    the SimPy model to compare with (default bench/broadcast-simpy.py); it takes P M and prints\n' +
      '                  a JSON line with events and events_per_s\n' +
      '  --keep          keep the temporary directory with the traces\n',
  );
  process.exit(message ? 2 : 0);
}

const argv = process.argv.slice(2);
const options = { runs: undefined, quick: false, budget: undefined, deadline: undefined, out: undefined, record: false, simpy: SIMPY_MODEL, keep: false };
for (let index = 0; index < argv.length; index++) {
  const arg = argv[index];
  const value = () => {
    const next = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++index];
    if (next === undefined) usage(`${arg} needs a value`);
    return next;
  };
  if (arg === '--quick') options.quick = true;
  else if (arg === '--keep') options.keep = true;
  else if (arg === '--record') options.record = true;
  else if (arg === '--simpy' || arg.startsWith('--simpy=')) options.simpy = path.resolve(value());
  else if (arg === '--runs' || arg.startsWith('--runs=')) options.runs = Number(value());
  else if (arg === '--budget' || arg.startsWith('--budget=')) options.budget = Number(value());
  else if (arg === '--deadline' || arg.startsWith('--deadline=')) options.deadline = Number(value());
  else if (arg === '--out' || arg.startsWith('--out=')) options.out = path.resolve(value());
  else if (arg === '--help' || arg === '-h') usage();
  else usage(`unknown argument ${arg}`);
}
if (options.record && options.out !== undefined) usage('--record writes bench/results.json; leave out --out, or --record');
if (options.record && options.quick) usage('--record keeps the figures of a full run; leave out --quick');
options.out ??= options.record ? RECORD_OUT : DEFAULT_OUT;
options.runs ??= options.quick ? 2 : 5;
options.budget ??= options.quick ? 20 : 45;
options.deadline ??= options.quick ? 90 : 220;
if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs must be a whole number from 1');
if (!(options.budget > 0)) usage('--budget must be a positive number of seconds');
if (!(options.deadline > 0)) usage('--deadline must be a positive number of seconds');

const log = (text) => process.stderr.write(text + '\n');

// --- setup ---------------------------------------------------------------------------------------

if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
  log('bench: dist/ is missing; run `npm run build` first (or use `npm run bench`)');
  process.exit(2);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'chitty-bench-'));
const cleanUp = () => {
  if (!options.keep) removeTree(tmp);
};
process.on('exit', cleanUp);
process.on('SIGINT', () => process.exit(130));

/** The benchmark scenario with other sizes: same seed, network and publish rate as the SimPy model. */
function broadcastScenario(participants, publishesEach, name) {
  let text = readFileSync(BENCH_SCENARIO, 'utf8');
  const replace = (pattern, replacement) => {
    if (!pattern.test(text)) throw new Error(`bench: ${BENCH_SCENARIO} has no line matching ${pattern}`);
    text = text.replace(pattern, replacement);
  };
  replace(/^(\s*participants:\s*)\d+/m, `$1${participants}`);
  replace(/^(\s*publishesEach:\s*)\d+/m, `$1${publishesEach}`);
  replace(/^(\s*window:\s*)\[[^\]]*\]/m, `$1[1000, ${1000 + 100 * publishesEach}]`);
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const P = 100;
const M = options.quick ? 10 : 100;
const mainScenario = options.quick ? broadcastScenario(P, M, 'broadcast-quick') : BENCH_SCENARIO;
const smallScenario = broadcastScenario(P, M / 10, 'broadcast-small');
const traceFull = path.join(tmp, 'bench.ndjson');
const traceFullVc = path.join(tmp, 'bench-vc.ndjson');
const traceSmall = path.join(tmp, 'bench-small.ndjson');

// SimPy, when it is installed (python3-simpy3); CI may not have it.
const simpyScript = options.simpy;
const simpy = { available: false, reason: '', version: null };
if (!existsSync(PYTHON)) simpy.reason = `${PYTHON} not found`;
else if (!existsSync(simpyScript)) simpy.reason = `${simpyScript} not found`;
else {
  const probe = spawnSync(PYTHON, ['-c', 'import simpy; print(simpy.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) {
    simpy.available = true;
    simpy.version = probe.stdout.trim();
  } else simpy.reason = `${PYTHON} cannot import simpy (install python3-simpy3)`;
}

let rssFiles = 0;
/** Runs the CLI through bench/peak-rss.mjs: wall time and peak resident memory. */
async function cliWithPeakRss(args) {
  const out = path.join(tmp, `rss-${rssFiles++}.json`);
  const result = await runProcess(NODE, [PEAK_RSS, ...args], { cwd: repoRoot, env: { ...process.env, CHITTY_BENCH_RSS_OUT: out } });
  let peak = null;
  if (existsSync(out)) {
    peak = JSON.parse(readFileSync(out, 'utf8')).maxRSSBytes;
    rmSync(out, { force: true });
  }
  return { ...result, maxRSSBytes: peak };
}

/** A failed child as a sample: 'not available' for the placeholder commands, an error otherwise. */
function failure(result, what) {
  // The placeholder commands say "not available"; yargs' strict mode rejects their options first.
  if (/not available|Unknown argument|unknown option/i.test(result.stderr)) return { unavailable: `${what}: ${result.stderr.trim().split('\n')[0]}` };
  const reason = result.timedOut ? 'timed out' : result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
  return { error: `${what}: ${reason}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}` };
}

// Render traces of 1,000 and 10,000 events: a small generated scenario (4 participants) run with vector
// clocks (the default) to a little over N events. When render has --to, it draws events 0..N-1 of that
// trace; otherwise the trace is cut after N events and closed with the "interrupted" line, as a
// stopped run leaves it.
const renderSizes = [1000, 10000];
const renderTraces = new Map();
const renderHelp = spawnSync(NODE, [CLI, 'render', '--help'], { cwd: repoRoot, encoding: 'utf8' });
const renderHasTo = renderHelp.status === 0 && /--to\b/.test(renderHelp.stdout);
async function makeRenderTrace(events) {
  const { parseScenario } = await import('../dist/scenario/parse.js');
  const { Simulation } = await import('../dist/scenario/simulate.js');
  const participants = 4;
  const countFor = (publishesEach) => {
    const parsed = parseScenario(readFileSync(broadcastScenario(participants, publishesEach, 'probe'), 'utf8'));
    if (!parsed.ok) throw new Error(`bench: generated scenario invalid: ${JSON.stringify(parsed.problems[0])}`);
    const simulation = new Simulation(parsed.scenario, { vectorClocks: false, sinks: [] });
    simulation.run();
    return simulation.world.eventCount;
  };
  const perPublish = countFor(10) / (10 * participants);
  let publishesEach = Math.max(1, Math.floor(events / (perPublish * participants)));
  while (countFor(publishesEach) < events) publishesEach++;
  const scenario = broadcastScenario(participants, publishesEach, `render-${events}`);
  const source = path.join(tmp, `render-${events}-full.ndjson`);
  const result = await runProcess(NODE, [CLI, 'run', scenario, '--quiet', '--trace', source], { cwd: repoRoot });
  if (result.code !== 0) throw new Error(`bench: could not make the render trace: ${result.stderr}`);
  const lines = readFileSync(source, 'utf8').split('\n').filter((line) => line !== '');
  const generatedEvents = lines.length - 1;
  if (renderHasTo) return { file: source, args: ['--to', String(events - 1)], events, participants, publishesEach, generatedEvents, method: `--to ${events - 1}` };
  const kept = lines.slice(0, 1 + events);
  if (generatedEvents > events) {
    const last = JSON.parse(kept[kept.length - 1]);
    kept.push(JSON.stringify({ interrupted: true, events, t: last.t }));
  }
  const file = path.join(tmp, `render-${events}.ndjson`);
  writeFileSync(file, kept.join('\n') + '\n');
  rmSync(source);
  return { file, args: [], events, participants, publishesEach, generatedEvents, method: generatedEvents > events ? 'trace cut after N events' : 'whole trace' };
}

log(`bench: ${options.quick ? 'QUICK smoke run, ' : ''}${options.runs} runs per figure, budget ${options.budget} s per measurement; temp dir ${tmp}`);
log(`bench: broadcast workload P=${P} participants x M=${M} publishes; SimPy ${simpy.available ? simpy.version : 'not available: ' + simpy.reason}`);
for (const events of renderSizes) {
  try {
    renderTraces.set(events, await makeRenderTrace(events));
  } catch (error) {
    log(String(error?.message ?? error));
    renderTraces.set(events, { error: String(error?.message ?? error).split('\n')[0], events, method: 'no trace' });
  }
}
let smallTraceError = null;
{
  const result = await runProcess(NODE, [CLI, 'run', smallScenario, '--quiet', '--no-vc', '--trace', traceSmall], { cwd: repoRoot });
  if (result.code !== 0) smallTraceError = `could not make the small check trace: ${result.stderr.trim().split('\n')[0]}`;
}
const smallTraceEvents = smallTraceError ? null : (await countLines(traceSmall)) - 1;

// --- measurements --------------------------------------------------------------------------------

/** A broadcast run in a fresh child process (bench/inprocess.mjs): primary, so it runs every round. */
function inProcessMeasurement(id, label, flags = []) {
  return {
    id,
    primary: true,
    label,
    async run() {
      const result = await runProcess(NODE, ['--expose-gc', IN_PROCESS, mainScenario, ...flags], { cwd: repoRoot, keepStdout: true });
      if (result.code !== 0) return failure(result, 'in-process run');
      return JSON.parse(result.stdout);
    },
    show: (sample) => `${formatValue(sample.eventsPerSec, 'events/s')} events/s`,
  };
}

/** Each measurement runs once per round; samples are objects of numbers. */
const measurements = [
  inProcessMeasurement('inprocess', 'chitty-sim in-process, vector clocks off'),
  {
    id: 'simpy',
    primary: true,
    label: 'SimPy model',
    async run() {
      if (!simpy.available) return { unavailable: simpy.reason };
      const result = await runProcess(PYTHON, [simpyScript, String(P), String(M)], { cwd: repoRoot, keepStdout: true });
      if (result.code !== 0) return failure(result, 'SimPy model');
      const output = JSON.parse(result.stdout.trim().split('\n').pop());
      return { events: output.events, locals: output.locals ?? null, seconds: output.wall_s, eventsPerSec: output.events_per_s, model: output.model ?? output.peer ?? null, processSeconds: result.seconds };
    },
    show: (sample) => `${formatValue(sample.eventsPerSec, 'events/s')} events/s`,
  },
  inProcessMeasurement('inprocessNoTrace', 'chitty-sim in-process, no trace kept, vector clocks off', ['--no-trace']),
  inProcessMeasurement('inprocessVc', 'chitty-sim in-process, vector clocks on', ['--vc']),
  {
    id: 'cliRun',
    label: 'chitty-sim run --quiet --no-vc',
    async run() {
      const result = await runProcess(NODE, [CLI, 'run', mainScenario, '--quiet', '--no-vc'], { cwd: repoRoot });
      if (result.code !== 0) return failure(result, 'run');
      return { seconds: result.seconds };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s`,
  },
  {
    id: 'traceNoVc',
    label: 'chitty-sim run --trace --no-vc',
    async run() {
      const result = await cliWithPeakRss(['run', mainScenario, '--quiet', '--no-vc', '--trace', traceFull]);
      if (result.code !== 0) return failure(result, 'run --trace');
      return { seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, fileBytes: statSync(traceFull).size };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, peak ${(sample.maxRSSBytes / 1e6).toFixed(1)} MB`,
  },
  {
    id: 'checkFull',
    label: 'chitty-sim check (broadcast trace)',
    async run() {
      if (!existsSync(traceFull)) return { error: 'no trace to check (run --trace failed)' };
      const result = await cliWithPeakRss(['check', traceFull]);
      if (result.code !== 0 && result.code !== 1) return failure(result, 'check');
      return { seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, exitCode: result.code };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, peak ${(sample.maxRSSBytes / 1e6).toFixed(1)} MB`,
  },
  {
    id: 'checkFullOneThread',
    label: 'chitty-sim check --threads 1 (broadcast trace)',
    async run() {
      if (!existsSync(traceFull)) return { error: 'no trace to check (run --trace failed)' };
      const result = await cliWithPeakRss(['check', traceFull, '--threads', '1']);
      if (result.code !== 0 && result.code !== 1) return failure(result, 'check --threads 1');
      return { seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, exitCode: result.code };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, peak ${(sample.maxRSSBytes / 1e6).toFixed(1)} MB`,
  },
  {
    id: 'checkSmall',
    label: 'chitty-sim check (10x smaller trace)',
    async run() {
      if (smallTraceError) return { error: smallTraceError };
      const result = await cliWithPeakRss(['check', traceSmall]);
      if (result.code !== 0 && result.code !== 1) return failure(result, 'check');
      return { seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, exitCode: result.code };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, peak ${(sample.maxRSSBytes / 1e6).toFixed(1)} MB`,
  },
  {
    id: 'traceVc',
    label: 'chitty-sim run --trace (vector clocks on)',
    async run() {
      // The vector clocks make this trace about 7 times the size of the one without (7 GB here).
      const needBytes = 8 * (statSync(traceFull, { throwIfNoEntry: false })?.size ?? 1e9) + 1e9;
      const free = statfsSync(tmp);
      if (free.bavail * free.bsize < needBytes) return { unavailable: `needs about ${(needBytes / 1e9).toFixed(0)} GB of free disk in ${os.tmpdir()}` };
      const result = await cliWithPeakRss(['run', mainScenario, '--quiet', '--trace', traceFullVc]);
      const fileBytes = existsSync(traceFullVc) ? statSync(traceFullVc).size : null;
      rmSync(traceFullVc, { force: true }); // several GB: not kept
      if (result.code !== 0) return failure(result, 'run --trace');
      return { seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, fileBytes };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, peak ${(sample.maxRSSBytes / 1e6).toFixed(1)} MB`,
  },
  ...renderSizes.map((events) => ({
    id: `render${events}`,
    label: `chitty-sim render (${events.toLocaleString('en-US')} events)`,
    async run() {
      const trace = renderTraces.get(events);
      if (trace.error) return { error: trace.error };
      const svg = path.join(tmp, `render-${events}.svg`);
      const result = await runProcess(NODE, [CLI, 'render', trace.file, ...trace.args, '-o', svg], { cwd: repoRoot });
      if (result.code !== 0) return failure(result, 'render');
      // A render of a well-formed trace warns about nothing.
      if (result.stderr.trim() !== '') return { error: `render wrote to standard error: ${result.stderr.trim().split('\n')[0]}` };
      const svgBytes = existsSync(svg) ? statSync(svg).size : null;
      rmSync(svg, { force: true });
      return { seconds: result.seconds, svgBytes };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s`,
  })),
  {
    id: 'layout10000',
    label: 'diagram layout in process (10,000 events)',
    async run() {
      const trace = renderTraces.get(10000);
      if (trace.error) return { error: trace.error };
      const result = await runProcess(NODE, [LAYOUT, trace.file, '10000'], { cwd: repoRoot, keepStdout: true });
      if (result.code !== 0) return failure(result, 'layout');
      return JSON.parse(result.stdout);
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s, ${sample.labels} labels, ${sample.omittedLabels} left to tooltips`,
  },
  {
    id: 'checkCore',
    label: 'checker in process (10x smaller trace, parsed)',
    async run() {
      if (smallTraceError) return { error: smallTraceError };
      const result = await runProcess(NODE, [CHECK_CORE, traceSmall], { cwd: repoRoot, keepStdout: true });
      if (result.code !== 0) return failure(result, 'checker in process');
      return JSON.parse(result.stdout);
    },
    show: (sample) => `${formatValue(sample.eventsPerSec, 'events/s')} events/s`,
  },
  {
    id: 'explore',
    label: "chitty-sim explore (the report's scenario, lamport)",
    async run() {
      const result = await runProcess(NODE, [EXPLORE, '--executions', String(options.quick ? 5000 : 20000)], { cwd: repoRoot, keepStdout: true });
      if (result.code !== 0) return failure(result, 'explore');
      return JSON.parse(result.stdout);
    },
    show: (sample) => `${formatValue(sample.executionsPerSec, 'executions/s')} executions/s (${formatValue(sample.executionsPerCpuSec, 'executions/s')} per CPU second), ${sample.eventsPerExecution.toFixed(0)} events each`,
  },
  {
    id: 'help',
    label: 'chitty-sim --help',
    async run() {
      const result = await runProcess(NODE, [CLI, '--help'], { cwd: repoRoot });
      if (result.code !== 0) return failure(result, '--help');
      return { seconds: result.seconds };
    },
    show: (sample) => `${sample.seconds.toFixed(3)} s`,
  },
];

// Order within a round: the ratio runs (never cut by the deadline), then the cheap runs, then the heavy
// ones (which the budget and the deadline cut first). The broadcast trace is written before it is checked.
const ORDER = ['inprocess', 'simpy', 'inprocessNoTrace', 'inprocessVc', 'help', 'explore', 'cliRun', 'render1000', 'render10000', 'layout10000', 'checkSmall', 'checkCore', 'traceNoVc', 'checkFull', 'checkFullOneThread', 'traceVc'];
measurements.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
for (const measurement of measurements) Object.assign(measurement, { samples: [], elapsed: 0, unavailable: null, error: null, capped: false });

const loadBefore = os.loadavg();
if (loadBefore[0] > os.availableParallelism() / 2) log(`bench: warning: load average ${loadBefore[0].toFixed(2)} on ${os.availableParallelism()} cores: other work is running, figures will be noisy`);
const benchStart = performance.now();
for (let round = 0; round < options.runs; round++) {
  for (const measurement of measurements) {
    if (measurement.unavailable || measurement.error || measurement.capped) continue;
    const done = measurement.samples.length;
    if (done > 0 && measurement.elapsed + measurement.elapsed / done > options.budget) {
      measurement.capped = true;
      log(`bench: ${measurement.label}: stopping after ${done} run(s) (${measurement.elapsed.toFixed(1)} s; budget ${options.budget} s)`);
      continue;
    }
    if (done > 0 && !measurement.primary && (performance.now() - benchStart) / 1000 + measurement.elapsed / done > options.deadline) {
      measurement.capped = true;
      log(`bench: ${measurement.label}: stopping after ${done} run(s) (the whole bench would pass its ${options.deadline} s deadline)`);
      continue;
    }
    const start = performance.now();
    let sample;
    try {
      sample = await measurement.run();
    } catch (error) {
      sample = { error: String(error?.message ?? error) };
    }
    measurement.elapsed += (performance.now() - start) / 1000;
    if (sample.unavailable) {
      measurement.unavailable = sample.unavailable;
      log(`bench: ${measurement.label}: not available (${sample.unavailable})`);
    } else if (sample.error) {
      measurement.error = sample.error;
      log(`bench: ${measurement.label}: FAILED (${sample.error})`);
    } else {
      sample.round = round + 1;
      measurement.samples.push(sample);
      log(`bench: [round ${round + 1}/${options.runs}] ${measurement.label}: ${measurement.show(sample)}`);
    }
  }
}
const benchSeconds = (performance.now() - benchStart) / 1000;
const loadAfter = os.loadavg();

// --- label quality of the render traces' diagrams, measured in Chromium (once: the SVG is deterministic) ---
const labelQuality = new Map();
for (const size of renderSizes) {
  const trace = renderTraces.get(size);
  if (trace.error) {
    labelQuality.set(size, { error: trace.error });
    continue;
  }
  try {
    const { launchChromium, measureSvg } = await import('../scripts/label-quality.mjs');
    const svgFile = path.join(tmp, `labels-${size}.svg`);
    const result = await runProcess(NODE, [CLI, 'render', trace.file, ...trace.args, '-o', svgFile], { cwd: repoRoot });
    if (result.code !== 0) throw new Error(`render failed: ${result.stderr.split('\n')[0]}`);
    const browser = await launchChromium();
    try {
      const quality = await measureSvg(browser, readFileSync(svgFile, 'utf8'));
      labelQuality.set(size, { labels: quality.labels, overlaps: quality.overlaps.length, crossed: quality.crossed.length, outside: quality.outside.length, shortened: quality.shortened.length, examples: [...quality.overlaps, ...quality.crossed, ...quality.outside, ...quality.shortened].slice(0, 10) });
    } finally {
      await browser.close();
    }
    rmSync(svgFile, { force: true });
  } catch (error) {
    labelQuality.set(size, { error: String(error?.message ?? error).split('\n')[0] });
  }
  const quality = labelQuality.get(size);
  log(`bench: label quality, ${size} events: ${quality.error ? `not measured (${quality.error})` : `${quality.labels} labels, ${quality.overlaps} overlapping, ${quality.crossed} crossed, ${quality.outside} outside, ${quality.shortened} shortened`}`);
}

// --- the playground in Chromium: keystroke to painted redraw (15 keys each, median), site size ---
let playground;
{
  const result = await runProcess(NODE, [PLAYGROUND, '--keys', options.quick ? '5' : '15'], { cwd: repoRoot, keepStdout: true });
  if (result.code !== 0) playground = { error: result.stderr.trim().split('\n').slice(-2).join(' | ') };
  else playground = JSON.parse(result.stdout.trim().split('\n').pop());
  log(`bench: playground: ${playground.error ? `not measured (${playground.error})` : `report's run ${playground.report.paintedMs.toFixed(0)} ms, ${playground.large.events} events ${playground.large.paintedMs.toFixed(0)} ms after a keystroke; site ${(playground.siteBytes / 1024).toFixed(0)} KB`}`);
}

// --- figures -------------------------------------------------------------------------------------

const byId = Object.fromEntries(measurements.map((measurement) => [measurement.id, measurement]));
const med = (id, pick) => median(byId[id].samples.map(pick));
const status = (id) => {
  const measurement = byId[id];
  if (measurement.unavailable) return 'not available';
  if (measurement.error) return 'failed';
  if (measurement.samples.length === 0) return 'not measured';
  return null;
};

const inproc = byId.inprocess.samples;
const events = med('inprocess', (s) => s.events) ?? med('inprocessVc', (s) => s.events) ?? (existsSync(traceFull) ? (await countLines(traceFull)) - 1 : null);
const kinds = inproc[0]?.byKind ?? byId.inprocessVc.samples[0]?.byKind;
const sendsReceives = kinds ? kinds.send + kinds.receive : null;
const MB = 1e6;

const figures = [];
/**
 * Adds a figure. `value` is a number, or null when its measurement is missing (then the row says why).
 * `target` is a text and `test(value)` says whether it is met; both absent for informational rows.
 */
function figure(id, label, value, unit, { from = [], target = null, test = null, runs = null } = {}) {
  const missing = from.map(status).find((text) => text !== null) ?? (value === null ? 'not measured' : null);
  const met = test === null ? null : missing ? 'n/a' : test(value) ? 'yes' : 'no';
  const runCount = runs ?? (from.length > 0 ? Math.min(...from.map((source) => byId[source].samples.length)) : null);
  const note = from.map((source) => byId[source].unavailable ?? byId[source].error).find(Boolean) ?? null;
  figures.push({ id, label, value: missing ? null : value, display: formatValue(missing ?? value, unit), unit, target, met, runs: runCount, note });
}

const eps = med('inprocess', (s) => s.eventsPerSec);
const epsVc = med('inprocessVc', (s) => s.eventsPerSec);
const simpyEps = med('simpy', (s) => s.eventsPerSec);
const simpyEvents = med('simpy', (s) => s.events);

figure('broadcast.events', `broadcast P=${P} M=${M}: trace events (sends+receives+locals)`, events, 'events', {});
if (kinds) figure('broadcast.sendsReceives', `  of which sends + receives`, sendsReceives, 'events');
figure('broadcast.inprocess.eventsPerSec', 'in-process, memory trace, VC off', eps, 'events/s', { from: ['inprocess'] });
figure('broadcast.inprocessNoTrace.eventsPerSec', 'in-process, no trace kept, VC off', med('inprocessNoTrace', (s) => s.eventsPerSec), 'events/s', { from: ['inprocessNoTrace'] });
figure('broadcast.inprocessVc.eventsPerSec', 'in-process, memory trace, VC on', epsVc, 'events/s', { from: ['inprocessVc'] });
figure('broadcast.simpy.events', `SimPy model: events (sends+receives)`, simpyEvents, 'events', { from: ['simpy'], runs: null });
figure('broadcast.simpy.eventsPerSec', `SimPy model ${simpy.version ?? ''}`.trim(), simpyEps, 'events/s', { from: ['simpy'] });
// The same workload: the model's sends + receives against chitty-sim's (equal but for the race of joins and join announcements).
figure('broadcast.simpy.sameWorkload', '  SimPy sends+receives / chitty-sim sends+receives', simpyEvents && sendsReceives ? simpyEvents / sendsReceives : null, 'count ratio', { from: ['simpy', 'inprocess'], runs: null });
/** Median over rounds of pick(chitty-sim sample) / SimPy events/s of the same round. */
const pairedRatio = (id, pick) => {
  const simpyByRound = new Map(byId.simpy.samples.map((sample) => [sample.round, sample.eventsPerSec]));
  return median(byId[id].samples.filter((sample) => simpyByRound.has(sample.round)).map((sample) => pick(sample) / simpyByRound.get(sample.round)));
};
const ratioTest = { target: '>= 2', test: (v) => v >= 2 };
figure('broadcast.ratio', 'ratio chitty-sim / SimPy, VC off (paired)', pairedRatio('inprocess', (s) => s.eventsPerSec), 'x', { from: ['inprocess', 'simpy'], ...ratioTest });
// As the SimPy model runs: no trace kept (the nodes still compute every event's text and record it).
figure('broadcast.ratioNoTrace', 'ratio chitty-sim / SimPy, no trace kept, VC off (paired)', pairedRatio('inprocessNoTrace', (s) => s.eventsPerSec), 'x', { from: ['inprocessNoTrace', 'simpy'], ...ratioTest });
figure('broadcast.ratioVc', 'ratio chitty-sim / SimPy, VC on (paired)', pairedRatio('inprocessVc', (s) => s.eventsPerSec), 'x', { from: ['inprocessVc', 'simpy'], ...ratioTest });
figure('broadcast.ratioOfMedians', '  ratio of the medians above, VC off', eps !== null && simpyEps ? eps / simpyEps : null, 'x', { from: ['inprocess', 'simpy'] });
figure('broadcast.ratioSendsReceives', '  like for like: sends+receives/s / SimPy, VC off', pairedRatio('inprocess', (s) => (s.byKind.send + s.byKind.receive) / s.seconds), 'x', { from: ['inprocess', 'simpy'] });
figure('memory.columnBytesPerEvent', 'memory trace: column bytes / event', med('inprocess', (s) => s.columnBytes / s.events), 'bytes/event', { from: ['inprocess'] });
figure('memory.heapGrowthPerEvent', 'memory trace: heap growth / event, VC off', med('inprocess', (s) => (s.heapGrowthBytes === null ? null : s.heapGrowthBytes / s.events)), 'bytes/event', { from: ['inprocess'] });
figure('memory.heapGrowthPerEventVc', 'memory trace: heap growth / event, VC on', med('inprocessVc', (s) => (s.heapGrowthBytes === null ? null : s.heapGrowthBytes / s.events)), 'bytes/event', { from: ['inprocessVc'] });
const cliSeconds = med('cliRun', (s) => s.seconds);
figure('cli.run.seconds', 'CLI run --quiet --no-vc: wall time', cliSeconds, 's', { from: ['cliRun'] });
figure('cli.run.eventsPerSec', 'CLI run --quiet --no-vc: events / wall s', cliSeconds && events ? events / cliSeconds : null, 'events/s', { from: ['cliRun'] });
for (const [id, name] of [['traceNoVc', 'VC off'], ['traceVc', 'VC on']]) {
  const seconds = med(id, (s) => s.seconds);
  figure(`cli.${id}.seconds`, `CLI run --trace FILE, ${name}: wall time`, seconds, 's', { from: [id] });
  figure(`cli.${id}.eventsPerSec`, `CLI run --trace FILE, ${name}: events / wall s`, seconds && events ? events / seconds : null, 'events/s', { from: [id] });
  figure(`cli.${id}.peakMB`, `CLI run --trace FILE, ${name}: peak RSS`, med(id, (s) => s.maxRSSBytes / MB), 'MB', { from: [id], target: '< 200', test: (v) => v < 200 });
  figure(`cli.${id}.traceMB`, `CLI run --trace FILE, ${name}: trace file size`, med(id, (s) => s.fileBytes / MB), 'MB', { from: [id] });
}
const checkSeconds = med('checkFull', (s) => s.seconds);
const checkSmallSeconds = med('checkSmall', (s) => s.seconds);
const checkPeak = med('checkFull', (s) => s.maxRSSBytes / MB);
const checkSmallPeak = med('checkSmall', (s) => s.maxRSSBytes / MB);
figure('check.full.eventsPerSec', `check, ${formatValue(events, 'events')}-event trace: events / wall s`, checkSeconds && events ? events / checkSeconds : null, 'events/s', { from: ['checkFull'], target: '>= 2,000,000', test: (v) => v >= 2e6 });
figure('check.full.peakMB', `check, ${formatValue(events, 'events')}-event trace: peak RSS`, checkPeak, 'MB', { from: ['checkFull'] });
const checkOneThreadSeconds = med('checkFullOneThread', (s) => s.seconds);
figure('check.full.oneThread.eventsPerSec', `  the same with --threads 1 (parse and check in one thread)`, checkOneThreadSeconds && events ? events / checkOneThreadSeconds : null, 'events/s', { from: ['checkFullOneThread'] });
figure('check.full.oneThread.peakMB', `  the same with --threads 1: peak RSS`, med('checkFullOneThread', (s) => s.maxRSSBytes / MB), 'MB', { from: ['checkFullOneThread'] });
figure('check.small.eventsPerSec', `check, ${formatValue(smallTraceEvents, 'events')}-event trace: events / wall s`, checkSmallSeconds ? smallTraceEvents / checkSmallSeconds : null, 'events/s', { from: ['checkSmall'] });
figure('check.small.peakMB', `check, ${formatValue(smallTraceEvents, 'events')}-event trace: peak RSS`, checkSmallPeak, 'MB', { from: ['checkSmall'] });
figure('check.small.core.eventsPerSec', `  the checker alone, in process, on the parsed events (fastest of 3)`, med('checkCore', (s) => s.eventsPerSec), 'events/s', { from: ['checkCore'] });
figure('check.peakGrowth', 'check peak RSS, 10x longer trace / shorter', checkPeak && checkSmallPeak ? checkPeak / checkSmallPeak : null, 'x', { from: ['checkFull', 'checkSmall'], target: '<= 1.25 (flat)', test: (v) => v <= 1.25 });
for (const [size, limit] of [[1000, 1], [10000, 4]]) {
  figure(`render.${size}.seconds`, `render ${formatValue(size, 'events')} events (${renderTraces.get(size).method}): wall time`, med(`render${size}`, (s) => s.seconds), 's', { from: [`render${size}`], target: `<= ${limit}`, test: (v) => v <= limit });
}
figure('layout.10000.seconds', 'layout of 10,000 events in process (no SVG): time', med('layout10000', (s) => s.seconds), 's', { from: ['layout10000'], target: '<= 2', test: (v) => v <= 2 });
for (const size of renderSizes) {
  const quality = labelQuality.get(size);
  const value = (key) => (quality.error ? null : quality[key]);
  figure(`labels.${size}.count`, `render ${formatValue(size, 'events')} events: labels (Chromium)`, value('labels'), 'labels', { runs: quality.error ? 0 : 1 });
  for (const [key, what] of [['overlaps', 'overlapping another'], ['crossed', 'crossed by an arrow not their own'], ['outside', 'outside the picture'], ['shortened', 'shortened']]) {
    figure(`labels.${size}.${key}`, `  labels ${what}`, value(key), 'labels', { target: '0', test: (v) => v === 0, runs: quality.error ? 0 : 1 });
  }
}
{
  const measured = playground.error ? null : playground;
  const runs = measured ? 1 : 0;
  for (const [key, name, limit] of [['report', "the report's run", 100], ['large', 'a larger run', 1000]]) {
    const sample = measured?.[key];
    const label = sample ? `${name} (${sample.events.toLocaleString('en-US')} events)` : name;
    figure(`playground.${key}.paintedMs`, `playground, ${label}: keystroke to painted redraw (median of ${sample?.keys ?? 0} keys)`, sample?.paintedMs ?? null, 'ms', { target: `<= ${limit}`, test: (v) => v <= limit, runs });
    figure(`playground.${key}.maxPaintedMs`, '  the slowest key', sample?.maxPaintedMs ?? null, 'ms', { runs });
    figure(`playground.${key}.parts`, '  of which run + check / layout + SVG / into the page (median)', sample ? sample.runMs + sample.layoutAndSvgMs + sample.showMs : null, 'ms', { runs });
    if (sample) figures[figures.length - 1].display = `${sample.runMs.toFixed(0)} / ${sample.layoutAndSvgMs.toFixed(0)} / ${sample.showMs.toFixed(0)}`;
  }
  figure('playground.siteMB', 'playground: the built site (npm run playground)', measured ? measured.siteBytes / 2 ** 20 : null, 'MiB', { target: '< 2', test: (v) => v < 2, runs });
}
const exploreEvents = med('explore', (s) => s.eventsPerExecution);
figure('explore.executionsPerSec', `explore, the report's scenario (${exploreEvents === null ? '?' : exploreEvents.toFixed(0)} events an execution): distinct executions / s`, med('explore', (s) => s.executionsPerSec), 'executions/s', { from: ['explore'] });
figure('explore.executionsPerCpuSec', '  the same per CPU second (one core)', med('explore', (s) => s.executionsPerCpuSec), 'executions/s', { from: ['explore'], target: '>= 10,000', test: (v) => v >= 10000 });
figure('explore.reductionRatio', '  reduction: interleavings per execution run', med('explore', (s) => s.reductionRatio), 'x', { from: ['explore'] });
figure('help.seconds', '--help: wall time', med('help', (s) => s.seconds), 's', { from: ['help'], target: '<= 0.3', test: (v) => v <= 0.3 });

// --- output --------------------------------------------------------------------------------------

const machine = machineInfo();
const git = gitInfo(repoRoot);
const date = new Date().toISOString();
const header = ['Figure', 'Value', 'Unit', 'Target', 'Met', 'Runs'];
const rows = figures.map((f) => [f.label, f.display, f.value === null ? '' : f.unit, f.target ?? '', f.met ?? '', f.runs ?? '']);
process.stdout.write(
  `\nchitty-sim benchmark${options.quick ? ' (QUICK smoke run: lighter workload, not comparable to full figures)' : ''}: median of up to ${options.runs} runs\n` +
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memory}, ${machine.os}; Node ${process.version}\n` +
    `commit ${git.commit ?? 'unknown'}${git.dirty ? ' (with uncommitted changes)' : ''}; ${date}; ${benchSeconds.toFixed(0)} s; ` +
    `load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after (${machine.cores} cores)\n\n` +
    table(header, rows) +
    '\n',
);
const missing = measurements.filter((m) => m.unavailable || m.error);
if (missing.length > 0) {
  process.stdout.write('\nNot measured:\n' + missing.map((m) => `  ${m.label}: ${m.unavailable ? 'not available' : 'FAILED'} (${m.unavailable ?? m.error})`).join('\n') + '\n');
}
const capped = measurements.filter((m) => m.capped);
if (capped.length > 0) {
  process.stdout.write(`\nFewer runs (over the ${options.budget} s budget per measurement or the ${options.deadline} s deadline): ${capped.map((m) => `${m.label} (${m.samples.length})`).join('; ')}\n`);
}

const results = {
  tool: 'chitty-sim bench/run.mjs',
  mode: options.quick ? 'quick' : 'full',
  date,
  git,
  node: process.version,
  machine,
  options: { runs: options.runs, budgetSeconds: options.budget, deadlineSeconds: options.deadline },
  benchSeconds,
  loadAverage: { before: loadBefore, after: loadAfter },
  workload: {
    broadcast: { participants: P, publishesEach: M, scenario: path.relative(repoRoot, mainScenario).startsWith('..') ? `generated (bench-broadcast.yaml with publishesEach ${M})` : path.relative(repoRoot, mainScenario), events, byKind: kinds ?? null },
    checkSmall: { participants: P, publishesEach: M / 10, events: smallTraceEvents },
    explore: { scenario: 'scenarios/diagram-log.yaml', clock: 'lamport', strategy: 'dfs', executions: options.quick ? 5000 : 20000 },
    render: [...renderTraces.values()].map(({ events: n, participants, publishesEach, generatedEvents, method, error }) => ({ events: n, participants, publishesEach, generatedEvents, method, error })),
  },
  simpy: { available: simpy.available, version: simpy.version, reason: simpy.available ? null : simpy.reason, script: path.relative(repoRoot, simpyScript).startsWith('..') ? simpyScript : path.relative(repoRoot, simpyScript) },
  figures: figures.map(({ display, ...rest }) => rest),
  labelQuality: Object.fromEntries(labelQuality),
  playground,
  measurements: measurements.map((m) => ({ id: m.id, label: m.label, runs: m.samples.length, notAvailable: m.unavailable, error: m.error, cappedByBudget: m.capped, samples: m.samples })),
};
mkdirSync(path.dirname(options.out), { recursive: true });
writeFileSync(options.out, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(`\nwrote ${path.relative(process.cwd(), options.out) || options.out}\n`);
if (options.keep) log(`bench: kept ${tmp}`);
