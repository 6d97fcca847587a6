/**
 * Step mode's run, in Node: for every shipped scenario, choices taken one at a time (faults
 * among them), then Random, give a scenario file that `chitty-sim run` replays to the same trace,
 * byte for byte, whole or stopped part way (`--until`); Undo is the run without the last choice;
 * Random is the seed's; a choice that an edit makes impossible is dropped and said.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ScheduleEntry } from '../../src/scenario/types.js';
import { runSteps, scheduleFile, type StepOutcome } from '../../src/playground/step-run.js';
import { ROOT, runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-step-run-'));
const SHIPPED = readdirSync(path.join(ROOT, 'scenarios')).filter((name) => name.endsWith('.yaml') && !name.startsWith('bench-'));

function ran(outcome: StepOutcome): Extract<StepOutcome, { kind: 'ran' }> {
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got ${outcome.kind}`);
  return outcome;
}

/** Writes the page's file, replays it with the CLI (with --until when the run is not over), returns the CLI's trace. */
async function replay(outcome: Extract<StepOutcome, { kind: 'ran' }>, name: string): Promise<string> {
  const file = path.join(scratch, `${name}.schedule.yaml`);
  const trace = path.join(scratch, `${name}.ndjson`);
  writeFileSync(file, scheduleFile(outcome.state, path.basename(file)));
  const until = outcome.state.finished ? [] : ['--until', String(outcome.state.nowMs)];
  const result = await runCli(['run', file, ...until, '--quiet', '--trace', trace]);
  expect(result.stderr).toBe('');
  return readFileSync(trace, 'utf8');
}

describe('step mode runs a scenario one choice at a time, as chitty-sim run replays it', () => {
  test.each(SHIPPED)('%s: clicks, a fault, Undo and Random, replayed byte for byte', async (name) => {
    const text = readFileSync(path.join(ROOT, 'scenarios', name), 'utf8');
    const base = name.replace(/\.yaml$/, '');
    const settings = { seed: 4, check: true };
    let schedule: ScheduleEntry[] = [];
    const traces: string[] = [];
    // Six clicks: the last choice listed, the first, and so on; the fourth loses a message when one is in flight.
    for (let click = 0; click < 6; click++) {
      const outcome = ran(runSteps(text, base, settings, schedule));
      traces.push(outcome.run.traceText);
      const { choices } = outcome.state;
      if (choices.length === 0) break;
      const lose = click === 3 ? choices.flatMap((choice) => choice.faults).find((fault) => fault.entry.kind === 'lose') : undefined;
      schedule = [...outcome.state.schedule, lose?.entry ?? choices[click % 2 === 0 ? choices.length - 1 : 0].entry];
    }
    const stepped = ran(runSteps(text, base, settings, schedule));
    expect(stepped.state.schedule).toEqual(schedule);
    expect(stepped.state.note).toBeUndefined();
    expect(await replay(stepped, `${base}-stepped`)).toBe(stepped.run.traceText);
    // Undo: the run without the last choice is the run before it.
    expect(ran(runSteps(text, base, settings, schedule.slice(0, -1))).run.traceText).toBe(traces[schedule.length - 1]);

    const finished = ran(runSteps(text, base, settings, schedule, true));
    expect(finished.state.schedule.slice(0, schedule.length)).toEqual(schedule);
    expect(finished.state.finished || /^Random stopped after/.test(finished.state.note ?? '')).toBe(true);
    expect(await replay(finished, `${base}-random`)).toBe(finished.run.traceText);
    // The same choices and seed, the same Random.
    expect(ran(runSteps(text, base, settings, schedule, true)).run.traceText).toBe(finished.run.traceText);
  });

  test("Random is the seed's: other seeds, other orders", () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'concurrent-publish.yaml'), 'utf8');
    const orders = new Set([1, 2, 3, 4].map((seed) => JSON.stringify(ran(runSteps(text, 'c', { seed, check: false }, [], true)).state.schedule)));
    expect(orders.size).toBeGreaterThan(1);
  });

  test("what may happen next, in a student's words", () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'faults-crash.yaml'), 'utf8');
    const first = ran(runSteps(text, 'f', { check: false }, []));
    expect(first.state.choices.map((choice) => choice.words)).toEqual(['next step: join 1111 (step 0), due at 0 ms']);
    const second = ran(runSteps(text, 'f', { check: false }, [first.state.choices[0].entry]));
    expect(second.state.choices.map((choice) => [choice.group, choice.words, choice.faults.map((fault) => fault.label)])).toEqual([
      ['message', 'deliver message 0: JoinRequest 1111 → server', ['lose', 'duplicate']],
      ['step', 'next step: join 2222 (step 1), due at 10 ms', []],
      ['timer', 'fire timer "call" on 1111', []],
    ]);
    expect(second.state.crashes.map((crash) => crash.words)).toEqual(['crash server', 'crash 1111', 'crash 2222']);
    expect(second.newest).toEqual([0]);
  });

  test("a scenario's own schedule is where step mode starts", () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'diagram-log.yaml'), 'utf8') + 'schedule:\n  - step: 0\n  - step: 1\n  - deliver: 1\n';
    const outcome = ran(runSteps(text, 'd', { check: false }, undefined));
    expect(outcome.state.schedule.map(({ note: _note, ...entry }) => entry)).toEqual([
      { kind: 'step', step: 0 },
      { kind: 'step', step: 1 },
      { kind: 'deliver', message: 1 },
    ]);
    expect(outcome.state.choices.map((choice) => choice.words)).toContain('deliver message 0: JoinRequest 1111 → server');
  });

  test('a choice that cannot happen (the text was edited) is dropped, with the ones after it, and said', () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'diagram-log.yaml'), 'utf8');
    const schedule: ScheduleEntry[] = [
      { kind: 'step', step: 0 },
      { kind: 'deliver', message: 0 },
      { kind: 'deliver', message: 7 },
      { kind: 'step', step: 1 },
    ];
    const outcome = ran(runSteps(text, 'd', { check: false }, schedule));
    expect(outcome.state.schedule.map((entry) => entry.kind)).toEqual(['step', 'deliver']);
    expect(outcome.state.note).toBe('Choice 3 (deliver message 7) cannot happen any more: message 7 is not in flight here; in flight: 1 (JoinReply server -> 1111). It and the 1 after it were dropped.');
  });

  test('a run stopped part way is judged as unfinished: a broadcast still going out is not a violation', () => {
    const text = readFileSync(path.join(ROOT, 'scenarios', 'diagram-log.yaml'), 'utf8');
    // 1111 joins; the server starts broadcasting the join announcement, which is still in flight.
    const schedule: ScheduleEntry[] = [
      { kind: 'step', step: 0 },
      { kind: 'deliver', message: 0 },
      { kind: 'deliver', message: 1 },
      { kind: 'deliver', message: 2 },
    ];
    const outcome = ran(runSteps(text, 'd', { check: true }, schedule));
    expect(outcome.state.finished).toBe(false);
    expect(outcome.state.choices.map((choice) => choice.words)).toContain('deliver message 3: BroadcastRequest server → 1111');
    expect(outcome.run.check).toMatchObject({ status: 'pass', violations: [] });
    expect(outcome.run.interrupted).toBe(true);
    expect(outcome.run.traceText.trimEnd().split('\n').at(-1)).toMatch(/^\{"interrupted":true,"events":10,/);
  });
});
