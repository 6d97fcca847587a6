/**
 * Step mode's run: the scenario run controlled (src/explore/controlled-run.ts), the choices taken
 * so far replayed from the start, then stopped, with what may happen next listed in a student's
 * words. Undo is the same replay with one choice less: nothing is kept between replays. "Random"
 * takes the rest of the run's choices, each drawn from the ones enabled by a stream seeded with
 * the seed, and every one joins the schedule, so the scenario file the page writes (explore's
 * writer, with `schedule:`) replays the run with `chitty-sim run`, byte for byte. Pure and
 * browser-safe.
 */
import { ControlledRun } from '../explore/controlled-run.js';
import { DELIVER, DUPLICATE, LOSE, RESTART, STEP, TIMER } from '../explore/choices.js';
import { scenarioToYaml } from '../scenario/write.js';
import type { Scenario, ScheduleEntry } from '../scenario/types.js';
import { NodeHandlerError } from '../sim/node-errors.js';
import { createStream } from '../sim/random.js';
import { TraceTextSink } from '../trace/text-sink.js';
import { MAX_RUN_EVENTS, prepareScenario, traceRun, type RunOutcome, type RunSettings, type ScenarioRun } from './scenario-run.js';

/** Choices Random takes at most: a run whose timers set themselves again forever stops there. */
export const MAX_RANDOM_CHOICES = 5000;

/** The stream Random draws from: the seed's, for this purpose alone. */
export const RANDOM_PURPOSE = 'playground:random-choice';

/** Something that may happen next. */
export interface StepChoice {
  /** The schedule entry that makes it happen. */
  entry: ScheduleEntry;
  /** Which list it belongs to. */
  group: 'message' | 'timer' | 'step' | 'restart';
  /** What it is, in a student's words. */
  words: string;
  /** Faults that could happen to it instead (losing or duplicating a message). */
  faults: { entry: ScheduleEntry; words: string; label: string }[];
}

/** Where a step-mode run stands. */
export interface StepState {
  /** The choices taken, in order: the schedule the page downloads. */
  schedule: ScheduleEntry[];
  /** What may happen next; empty when the run is over. */
  choices: StepChoice[];
  /** Crashes that could happen next (of the nodes that are up): faults, listed apart. */
  crashes: { entry: ScheduleEntry; words: string }[];
  /** Virtual time reached, ms: `run --until` stops a replay of an unfinished schedule there. */
  nowMs: number;
  /** Nothing is left to happen (or the protocol's code threw). */
  finished: boolean;
  /** Why the choices asked for were not all taken: an entry that no longer fits the scenario, Random's limit. */
  note?: string;
  /** The scenario with the schedule, as it is written to a file. */
  scenario: Scenario;
}

export type StepOutcome = Exclude<RunOutcome, { kind: 'ran' }> | { kind: 'ran'; run: ScenarioRun; newest: number[]; state: StepState };

/** What a choice is, in a student's words. */
export function choiceWords(entry: ScheduleEntry): string {
  const note = entry.note === undefined || entry.note === '' ? '' : `: ${entry.note.replace(' -> ', ' → ')}`;
  switch (entry.kind) {
    case 'deliver':
    case 'lose':
    case 'duplicate':
      return `${entry.kind} message ${entry.message}${note}`;
    case 'timer':
      return `fire timer ${JSON.stringify(entry.name)} on ${entry.node}`;
    case 'step':
      return note === '' ? `step ${entry.step} of the scenario` : `next step${note} (step ${entry.step})`;
    case 'crash':
    case 'restart':
      return `${entry.kind} ${entry.node}`;
  }
}

function groupOf(key: number): StepChoice['group'] {
  const code = key % 8;
  if (code === DELIVER) return 'message';
  if (code === TIMER) return 'timer';
  if (code === STEP) return 'step';
  if (code === RESTART) return 'restart';
  throw new Error(`not a choice the page lists: ${key}`);
}

/** The choices enabled now, described. */
function listChoices(run: ControlledRun): StepChoice[] {
  const keys = run.enabled();
  return keys.map((key) => {
    const entry = run.entry(key);
    const faults = run.alternatives(key, { loss: true, duplicate: true, crash: false }).map((fault) => {
      const faultEntry = run.entry(fault);
      return { entry: faultEntry, words: choiceWords(faultEntry), label: fault % 8 === LOSE ? 'lose' : fault % 8 === DUPLICATE ? 'duplicate' : faultEntry.kind };
    });
    const step = entry.kind === 'step' ? run.scenario.steps[entry.step] : undefined;
    const words = step === undefined ? choiceWords(entry) : `${choiceWords(entry)}, due at ${step.atMs} ms`;
    return { entry, group: groupOf(key), words, faults };
  });
}

/**
 * Runs a scenario's text controlled: `schedule` (undefined: the text's own `schedule:`, if any),
 * then (with `finish`) Random to the end. Entries that cannot happen any more (the text or a
 * setting changed) are dropped, with the first of them, and why, in the state's note.
 */
export function runSteps(text: string, name: string, settings: RunSettings, chosen: readonly ScheduleEntry[] | undefined, finish = false): StepOutcome {
  const prepared = prepareScenario(text, name, settings);
  if (prepared.kind === 'invalid') return prepared;
  const schedule = chosen ?? prepared.scenario.schedule ?? [];
  const { protocol, variant, seed, header } = prepared;
  // The file replays without flags: the seed and variant in force are written into it.
  const scenario: Scenario = { ...prepared.scenario, seed, variant, schedule: undefined };
  const trace = new TraceTextSink(scenario.nodes);
  const run = new ControlledRun(scenario, { protocol, variant, seed, sinks: [trace] });
  const world = run.world;
  const taken: ScheduleEntry[] = [];
  let note: string | undefined;
  let failure: string | undefined;
  let eventsBefore = 0;
  const take = (key: number) => {
    taken.push(run.entry(key));
    eventsBefore = world.eventCount;
    run.take(key);
  };
  try {
    run.start();
    for (const [index, entry] of schedule.entries()) {
      const key = run.resolve(entry);
      if (typeof key === 'string') {
        note = `Choice ${index + 1} (${choiceWords(entry)}) cannot happen any more: ${key}. It and the ${schedule.length - index - 1} after it were dropped.`;
        break;
      }
      take(key);
      if (world.eventCount > MAX_RUN_EVENTS) break;
    }
    if (finish) {
      const random = createStream(seed, RANDOM_PURPOSE);
      for (let count = 0; ; count++) {
        const keys = run.enabled();
        if (keys.length === 0) break;
        if (count === MAX_RANDOM_CHOICES || world.eventCount >= MAX_RUN_EVENTS) {
          note = `Random stopped after ${count} choices (${world.eventCount} events): the run goes on.`;
          break;
        }
        take(keys[Math.floor(random() * keys.length)]);
      }
    }
  } catch (error) {
    if (!(error instanceof NodeHandlerError)) throw error;
    failure = error.message;
  }
  if (world.eventCount > MAX_RUN_EVENTS) return { kind: 'too-large', scenario, events: world.eventCount };
  const choices = failure === undefined ? listChoices(run) : [];
  const crashes = choices.length === 0 ? [] : run.faults({ loss: false, duplicate: false, crash: true }).map((key) => ({ entry: run.entry(key), words: choiceWords(run.entry(key)) }));
  const stoppedEarly = failure === undefined && choices.length > 0;
  const ran = traceRun({ scenario, protocol, variant, seed, header, lines: trace.lines, failure, stoppedEarly, eventCount: world.eventCount, nowMs: run.nowMs, check: settings.check });
  const newest: number[] = [];
  if (taken.length > 0) for (let i = eventsBefore; i < world.eventCount; i++) newest.push(i);
  const state: StepState = { schedule: taken, choices, crashes, nowMs: run.nowMs, finished: choices.length === 0, note, scenario: { ...scenario, schedule: taken } };
  return { kind: 'ran', run: ran, newest, state };
}

/**
 * The scenario file of a step-mode run: the scenario with its schedule, each entry's words as a
 * comment, and (when the run is not over) the `--until` that stops a replay where the page stopped.
 */
export function scheduleFile(state: StepState, file: string): string {
  const replay = `chitty-sim run ${file}${state.finished ? '' : ` --until ${state.nowMs}`} --trace TRACE.ndjson`;
  const comment = [
    `Chosen one event at a time in the playground's step mode: ${state.schedule.length} choices.`,
    state.finished ? 'The schedule holds the whole run.' : `The run was not over: after the schedule, run takes the first enabled choice each time; --until ${state.nowMs} stops it where the page stopped.`,
    `Replay: ${replay}`,
  ];
  return scenarioToYaml(state.scenario, comment);
}
