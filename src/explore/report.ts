/**
 * What `explore` reports: how many distinct executions it ran, whether that was all of them, how
 * many broke which rule (with the file that replays the shortest), and what the reduction saved.
 * As data (`--json`) and as text.
 */
import type { Counterexample } from './counterexample.js';
import type { Explorer } from './explorer.js';

export interface ExploreReport {
  scenario: string;
  protocol: string;
  variant: string;
  /** Distinct executions run (to the end, or cut at the depth limit). */
  executions: number;
  /** Every execution (of this shard) was run to its end. */
  complete: boolean;
  /** What stopped the search early, if anything. */
  stopped: 'max-executions' | 'interrupted' | null;
  /** Executions cut at `--max-depth`. */
  cut: number;
  /** Executions started, those that turned out to repeat an explored one (and were stopped) too. */
  runs: number;
  /** Of the runs, those stopped because they would repeat an explored execution. */
  repeats: number;
  /** Interleavings the executions stand for: what a search without the reduction would run (estimated unless `interleavingsExact`). */
  interleavings: number;
  interleavingsExact: boolean;
  /** Interleavings per run: what the reduction saved. */
  reductionRatio: number;
  /** The longest execution, in choices. */
  longest: number;
  strategy: string;
  reduction: boolean;
  faults: string[];
  maxFaults: number;
  timers: string;
  shard: string;
  seconds: number;
  executionsPerSecond: number;
  violations: { rule: string; executions: number; file: string; events: number; choices: number; message: string }[];
}

export interface ReportContext {
  scenarioFile: string;
  protocol: string;
  variant: string;
  strategy: string;
  faults: string[];
  maxFaults: number;
  timers: string;
  shard: { index: number; count: number };
  interrupted: boolean;
  seconds: number;
}

/** The report of a search, with its counterexamples and the files they were written to. */
export function exploreReport(explorer: Explorer, context: ReportContext, written: { counterexample: Counterexample; file: string }[]): ExploreReport {
  const reduction = explorer.options.reduction;
  const interleavings = explorer.interleavings;
  const exact = !reduction || (explorer.sampled === explorer.executions - explorer.cut - explorer.errors && explorer.cut === 0);
  return {
    scenario: context.scenarioFile,
    protocol: context.protocol,
    variant: context.variant,
    executions: explorer.distinct !== undefined && !reduction ? explorer.distinct.size : explorer.executions,
    complete: explorer.complete && !context.interrupted,
    stopped: context.interrupted ? 'interrupted' : explorer.stoppedAtLimit ? 'max-executions' : null,
    cut: explorer.cut,
    runs: explorer.runs,
    repeats: explorer.blocked,
    interleavings: Math.round(interleavings),
    interleavingsExact: exact,
    reductionRatio: explorer.runs === 0 ? 1 : interleavings / explorer.runs,
    longest: explorer.longest,
    strategy: context.strategy,
    reduction,
    faults: context.faults,
    maxFaults: context.maxFaults,
    timers: context.timers,
    shard: `${context.shard.index}/${context.shard.count}`,
    seconds: context.seconds,
    executionsPerSecond: explorer.runs / Math.max(context.seconds, 1e-9),
    violations: written.map(({ counterexample, file }) => ({
      rule: counterexample.rule,
      executions: counterexample.executions,
      file,
      events: counterexample.events,
      choices: counterexample.choices,
      message: counterexample.message,
    })),
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The report as text for a terminal. */
export function formatReport(report: ExploreReport): string {
  const lines: string[] = [];
  const shard = report.shard === '1/1' ? '' : ` (shard ${report.shard})`;
  const what = report.reduction ? 'distinct executions' : 'distinct executions, every interleaving run';
  const verdict = report.complete
    ? `complete: every order${report.faults.length > 0 ? ` and every choice of up to ${report.maxFaults} fault${report.maxFaults === 1 ? '' : 's'} (${report.faults.join(', ')})` : ''}`
    : report.stopped === 'interrupted'
      ? 'NOT complete: interrupted'
      : report.stopped === 'max-executions'
        ? 'NOT complete: stopped at --max-executions'
        : `NOT complete: ${count(report.cut)} executions cut at --max-depth`;
  lines.push(`explore ${report.scenario}${shard}: ${report.protocol}${report.variant ? ` (${report.variant})` : ''}, ${report.strategy}${report.timers === 'any' ? '' : `, ${report.timers} timers`}`);
  lines.push(`  ${count(report.executions)} ${what}; ${verdict}`);
  if (report.reduction) {
    lines.push(
      `  reduction: ${count(report.runs)} runs (${count(report.repeats)} stopped as repeats) for ${report.interleavingsExact ? '' : 'about '}${count(report.interleavings)} interleavings: ` +
        `${report.reductionRatio.toFixed(report.reductionRatio < 10 ? 2 : 0)}x fewer`,
    );
  } else {
    lines.push(`  no reduction: ${count(report.runs)} interleavings run`);
  }
  lines.push(`  longest execution ${report.longest} choices; ${report.seconds.toFixed(1)} s, ${count(Math.round(report.executionsPerSecond))} executions/s`);
  if (report.violations.length === 0) {
    lines.push(`  no violation${report.complete ? '' : ' found so far'}`);
  } else {
    for (const violation of report.violations) {
      lines.push(`  ${violation.rule}: ${count(violation.executions)} executions break it; shortest: ${violation.choices} choices, ${violation.events} events`);
      lines.push(`    ${violation.message}`);
      lines.push(`    replay: chitty-sim run ${violation.file} --check   (draw it: --svg ${violation.file.replace(/\.ya?ml$/, '')}.svg)`);
    }
  }
  return lines.join('\n') + '\n';
}
