// One in-process measurement of `chitty-sim explore`, run by bench/run.mjs in a fresh child
// process: the report's scenario (two participants join, one publishes, both leave) with correct
// clocks, explored depth first with the reduction for a fixed number of executions.
//
//   node bench/explore.mjs [SCENARIO.yaml] [--executions N] [--clock MODE]
//
// Prints one JSON line: executions, runs, seconds, executionsPerSec (distinct executions per
// second of wall time), executionsPerCpuSec (per second of this process's CPU time: on a shared
// machine, what one core does), eventsPerExecution (trace events of an execution, on average),
// eventsPerSec, reductionRatio (interleavings the executions stand for, per run), complete.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Explorer } from '../dist/explore/explorer.js';
import { parseScenario } from '../dist/scenario/parse.js';
import { builtinProtocol } from '../dist/protocols/registry.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index < 0 ? fallback : args[index + 1];
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = args.find((arg, index) => !arg.startsWith('--') && (index === 0 || !args[index - 1].startsWith('--'))) ?? path.join(root, 'scenarios', 'diagram-log.yaml');
const executions = Number(option('--executions', 20000));
const clock = option('--clock', 'lamport');

const parsed = parseScenario(readFileSync(file, 'utf8'), 'bench');
if (!parsed.ok) {
  process.stderr.write(`${file}: not a valid scenario: ${JSON.stringify(parsed.problems.slice(0, 3))}\n`);
  process.exit(2);
}
const scenario = parsed.scenario;
const protocol = builtinProtocol(scenario.protocol);
let events = 0;
const counter = { record: () => void events++ };
const explorer = new Explorer(scenario, {
  protocol,
  variant: clock,
  seed: scenario.seed,
  strategy: 'dfs',
  reduction: true,
  faults: { loss: false, duplicate: false, crash: false },
  maxFaults: 0,
  maxExecutions: executions,
  maxDepth: 1000,
  shard: { index: 1, count: 1 },
  sinks: () => [counter],
});
const start = performance.now();
const cpuStart = process.cpuUsage();
while (!explorer.step(1000));
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  JSON.stringify({
    scenario: path.relative(root, file),
    clock,
    executions: explorer.executions,
    runs: explorer.runs,
    complete: explorer.complete,
    seconds,
    cpuSeconds,
    executionsPerSec: explorer.executions / seconds,
    executionsPerCpuSec: explorer.executions / cpuSeconds,
    runsPerSec: explorer.runs / seconds,
    eventsPerExecution: events / explorer.runs,
    eventsPerSec: events / seconds,
    interleavings: explorer.interleavings,
    reductionRatio: explorer.interleavings / explorer.runs,
  }) + '\n',
);
