/** Shared test helpers: run a scenario in-process and collect its log and trace as text. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseScenario } from '../src/scenario/parse.js';
import { Simulation } from '../src/scenario/simulate.js';
import type { Scenario } from '../src/scenario/types.js';
import { scenarioWallClock } from '../src/scenario/wall-clock.js';
import { MemoryTrace } from '../src/trace/memory-trace.js';
import { LogSink, type LogFormat } from '../src/trace/log.js';
import { headerLine, NdjsonTraceSink } from '../src/trace/write.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');

/**
 * The report's Diagram.log. A copy is kept with the tests so they run in any checkout; a test
 * checks it against the original in ../shared where that exists.
 */
export const DIAGRAM_LOG = path.join(ROOT, 'test', 'golden', 'fixtures', 'Diagram.log');
export const CLI = path.join(ROOT, 'bin', 'chitty-sim.js');

export function scenarioFile(name: string): string {
  return path.join(ROOT, 'scenarios', name);
}

/** Parses a scenario from a string, failing the test with its problems. */
export function scenarioFromText(text: string): Scenario {
  const result = parseScenario(text);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n'));
  return result.scenario;
}

export function loadScenarioFile(name: string): Scenario {
  return scenarioFromText(readFileSync(scenarioFile(name), 'utf8'));
}

export interface RunText {
  log: string;
  trace: string;
  memory: MemoryTrace;
  simulation: Simulation;
}

/** Runs a scenario in-process, returning its log, trace (NDJSON) and in-memory trace. */
export function runToText(scenario: Scenario, options: { seed?: number; clock?: string; logFormat?: LogFormat; vectorClocks?: boolean } = {}): RunText {
  let log = '';
  let trace = '';
  const probe = new Simulation(scenario, { seed: options.seed, variant: options.clock, sinks: [] });
  const names = probe.nodeNames;
  trace += headerLine({ scenario: scenario.name, seed: probe.seed, clock: probe.variant }) + '\n';
  const logSink = new LogSink(options.logFormat ?? 'report', names, scenarioWallClock(scenario, names), (chunk) => (log += chunk));
  const traceSink = new NdjsonTraceSink(names, (chunk) => (trace += chunk.toString('utf8')));
  const memory = new MemoryTrace(names);
  const simulation = new Simulation(scenario, { seed: options.seed, variant: options.clock, vectorClocks: options.vectorClocks, sinks: [logSink, traceSink, memory] });
  simulation.run();
  logSink.flush();
  traceSink.flush();
  return { log, trace, memory, simulation };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`npm run build` first; vitest's global setup does it).
 * @param options.env - the environment (default: this process's).
 */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: options.env, maxBuffer: 256 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}
