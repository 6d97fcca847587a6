/**
 * Step mode, for teaching: instead of the seeded delays, the panel under the editor lists what may
 * happen next (the messages in flight, the timers set, the next step of the scenario) and a click
 * makes one happen; the diagram grows by its events. Undo, Random (the rest of the run, drawn with
 * the seed) and Start over. The choices are a `schedule:` (step-run.ts), downloaded as a scenario
 * that `chitty-sim run` replays. The panel keeps only the schedule: every change replays it.
 */
import type { ScheduleEntry } from '../scenario/types.js';
import { pageElement } from './page-element.js';
import type { Playground } from './playground.js';
import type { RunOutcome, RunSettings } from './scenario-run.js';
import { choiceWords, runSteps, scheduleFile, type StepChoice, type StepState } from './step-run.js';

const GROUPS: readonly { group: StepChoice['group']; heading: string; none?: string }[] = [
  { group: 'message', heading: 'Messages in flight: deliver one', none: 'No message is in flight.' },
  { group: 'timer', heading: 'Timers set: fire one', none: 'No timer is set.' },
  { group: 'step', heading: "The scenario's next step", none: 'Every step has happened.' },
  { group: 'restart', heading: 'Crashed nodes: restart one' },
];

export class StepPanel {
  private readonly button: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly scheduleDownload: HTMLElement | null;
  private active = false;
  /** The choices taken; undefined: the text's own `schedule:` (when step mode starts). */
  private schedule: ScheduleEntry[] | undefined;
  /** The next replay finishes the run with Random. */
  private finishNext = false;
  private state: StepState | undefined;
  /** The scenario's base name of the last replay: the downloaded file is named after it. */
  private name = 'scenario';
  /** The list of choices taken is unfolded (kept across replays). */
  private historyOpen = false;

  constructor(
    private readonly playground: Playground,
    private readonly document: Document,
  ) {
    this.button = pageElement(document, 'step-mode');
    this.panel = pageElement(document, 'steps');
    this.scheduleDownload = document.querySelector('#download-list button[data-format="schedule"]');
    this.button.hidden = false;
    this.button.addEventListener('click', () => this.toggle());
    playground.stepMode = {
      choices: () => (this.active ? (this.state?.schedule ?? this.schedule ?? []) : undefined),
      resume: (choices) => {
        if (!this.active) this.toggle();
        this.schedule = choices;
        this.playground.redraw();
      },
    };
    // Another shipped scenario: its own beginning (or schedule), not the choices made on the last.
    playground.controls.example.addEventListener('change', () => {
      if (!this.active) return;
      this.schedule = undefined;
      this.playground.redraw();
    });
  }

  /** Turns step mode on (from the start of the run, or the text's own schedule) or off. */
  toggle(): void {
    this.active = !this.active;
    this.button.setAttribute('aria-pressed', String(this.active));
    this.panel.hidden = !this.active;
    if (this.scheduleDownload) this.scheduleDownload.hidden = !this.active;
    this.schedule = undefined;
    this.state = undefined;
    this.playground.runner = this.active ? this.runner : undefined;
    this.playground.scheduleText = this.active ? () => (this.state ? scheduleFile(this.state, this.fileName) : '') : undefined;
    if (!this.active) this.panel.replaceChildren();
    this.playground.redraw();
  }

  private get fileName(): string {
    return `${this.name}.schedule.yaml`;
  }

  /** Makes a choice happen next. */
  choose(entry: ScheduleEntry): void {
    this.schedule = [...(this.state?.schedule ?? []), entry];
    this.playground.redraw();
  }

  /** Takes back the last choice: the run is replayed without it. */
  undo(): void {
    this.schedule = (this.state?.schedule ?? []).slice(0, -1);
    this.playground.redraw();
  }

  /** Finishes the run: each further choice drawn from those enabled, with the seed. */
  random(): void {
    this.schedule = this.state?.schedule ?? [];
    this.finishNext = true;
    this.playground.redraw();
  }

  /** Back to the start of the run: nothing chosen. */
  startOver(): void {
    this.schedule = [];
    this.playground.redraw();
  }

  /** The page's way of running the scenario while step mode is on. */
  private runner = (text: string, name: string, settings: RunSettings): RunOutcome => {
    this.name = name;
    const outcome = runSteps(text, name, settings, this.schedule, this.finishNext);
    this.finishNext = false;
    if (outcome.kind !== 'ran') {
      this.panel.replaceChildren(this.element('p', outcome.kind === 'invalid' ? 'Step mode waits for a valid scenario.' : 'The run is too large to step through here.', 'empty'));
      return outcome;
    }
    this.state = outcome.state;
    this.schedule = outcome.state.schedule;
    this.render(outcome.state);
    return { kind: 'ran', run: outcome.run, newest: outcome.newest, command: this.command(outcome.state, settings.check) };
  };

  /** The commands that replay the step-mode run from the downloaded file. */
  private command(state: StepState, check: boolean): string {
    const base = this.name;
    const until = state.finished ? '' : ` --until ${state.nowMs}`;
    const axis = this.playground.controls.read().axis;
    return `npx chitty-sim run ${this.fileName}${until} --trace ${base}.ndjson && npx chitty-sim view ${base}.ndjson -o ${base}.html${axis !== 'order' ? ` --axis ${axis}` : ''}${check ? ' --check' : ''}`;
  }

  private element(tag: string, text?: string, className?: string): HTMLElement {
    const made = this.document.createElement(tag);
    if (text !== undefined) made.textContent = text;
    if (className !== undefined) made.className = className;
    return made;
  }

  private action(label: string, title: string, act: () => void, disabled = false): HTMLButtonElement {
    const button = this.element('button', label) as HTMLButtonElement;
    button.type = 'button';
    button.title = title;
    button.disabled = disabled;
    button.addEventListener('click', act);
    return button;
  }

  private render(state: StepState): void {
    const taken = state.schedule.length;
    const parts: HTMLElement[] = [this.element('h2', 'Step mode: you choose what happens next')];
    const actions = this.element('div', undefined, 'step-actions');
    actions.append(
      this.action('Undo', 'Take back the last choice', () => this.undo(), taken === 0),
      this.action('Random', 'Finish the run: each further choice drawn at random with the seed', () => this.random(), state.finished),
      this.action('Start over', 'Back to the start of the run', () => this.startOver(), taken === 0),
      this.element('span', `${taken} choice${taken === 1 ? '' : 's'} taken · virtual time ${state.nowMs} ms`, 'step-count'),
    );
    parts.push(actions);
    if (state.note !== undefined) parts.push(this.element('p', state.note, 'step-note'));
    if (state.finished) parts.push(this.element('p', 'The run is over: nothing is left to happen. Download the scenario with this schedule to replay it with chitty-sim run.', 'empty'));
    else parts.push(...this.lists(state.choices), ...this.crashes(state));
    if (taken > 0) parts.push(this.history(state.schedule));
    this.panel.replaceChildren(...parts);
  }

  private lists(choices: readonly StepChoice[]): HTMLElement[] {
    const parts: HTMLElement[] = [];
    for (const { group, heading, none } of GROUPS) {
      const mine = choices.filter((choice) => choice.group === group);
      if (mine.length === 0 && none === undefined) continue;
      parts.push(this.element('h3', heading));
      if (mine.length === 0) {
        parts.push(this.element('p', none, 'empty'));
        continue;
      }
      const list = this.element('ul');
      for (const choice of mine) {
        const item = this.element('li');
        const button = this.action(choice.words, `Make this happen next: ${choice.words}`, () => this.choose(choice.entry));
        button.className = 'choice';
        button.dataset.kind = choice.entry.kind;
        item.append(button);
        for (const fault of choice.faults) {
          const faultButton = this.action(fault.label, `Instead: ${fault.words}`, () => this.choose(fault.entry));
          faultButton.className = 'fault';
          faultButton.dataset.kind = fault.entry.kind;
          item.append(faultButton);
        }
        list.append(item);
      }
      parts.push(list);
    }
    return parts;
  }

  /** The faults that may strike instead: crashing a node that is up. */
  private crashes(state: StepState): HTMLElement[] {
    if (state.crashes.length === 0) return [];
    const row = this.element('div', undefined, 'step-actions');
    for (const crash of state.crashes) {
      const button = this.action(crash.words, `Instead: ${crash.words} (it does nothing until it restarts)`, () => this.choose(crash.entry));
      button.className = 'fault';
      button.dataset.kind = 'crash';
      row.append(button);
    }
    return [this.element('h3', 'Or a fault: crash a node'), row];
  }

  /** The choices taken, in order, folded away. */
  private history(schedule: readonly ScheduleEntry[]): HTMLElement {
    const details = this.element('details', undefined, 'step-history') as HTMLDetailsElement;
    details.open = this.historyOpen;
    details.addEventListener('toggle', () => {
      this.historyOpen = details.open;
    });
    details.append(this.element('summary', `The ${schedule.length} choice${schedule.length === 1 ? '' : 's'} taken, in order`));
    const list = this.element('ol');
    for (const entry of schedule) list.append(this.element('li', choiceWords(entry)));
    details.append(list);
    return details;
  }
}
