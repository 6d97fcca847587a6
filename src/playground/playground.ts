/**
 * The playground page: the scenario in the editor is run as `chitty-sim run` runs it and drawn as
 * `chitty-sim view` draws it, again shortly after each edit or change of a setting. This module
 * ties the parts together and keeps what the page shows: the settings, the last run and diagram.
 */
import type { ScheduleEntry } from '../scenario/types.js';
import { formatCheckResult } from '../check/format.js';
import { formatProblem, type ScenarioProblem } from '../scenario/parse.js';
import { protocolStyle } from '../protocols/style.js';
import { drawSvg } from '../diagram/svg-drawing.js';
import { viewerDiagram, type ViewerDiagram } from '../view/viewer-diagram.js';
import { commandLine } from './command-line.js';
import { Controls } from './controls.js';
import { DiagramView } from './diagram-view.js';
import { exportText, FILE_KINDS, type FileFormat } from './download-files.js';
import { ScenarioEditor } from './editor.js';
import { baseName, FIRST, readExamples, type Example } from './examples.js';
import { MessagesPanel } from './messages-panel.js';
import { svgToPng } from './png.js';
import { MAX_RUN_EVENTS, runScenarioText, type RunOutcome, type RunSettings, type ScenarioRun } from './scenario-run.js';
import { settingsFromHash, settingsHash, type PageSettings } from './share-link.js';
import { Zoom } from './zoom.js';
import type { PageClock } from './page-clock.js';
import { pageElement } from './page-element.js';

/** The name a scenario typed from scratch is given, as if saved under this file name. */
const OWN_FILE = 'scenario.yaml';

export class Playground {
  readonly editor: ScenarioEditor;
  readonly controls: Controls;
  readonly diagram: DiagramView;
  private readonly messages: MessagesPanel;
  private readonly examples: Example[];
  /** The shipped scenario's file when the text is one, otherwise OWN_FILE: it names problems and downloads. */
  private file = FIRST;
  private run: ScenarioRun | undefined;
  private drawn: ViewerDiagram | undefined;
  /** Cancels the redraw an edit is waiting for. */
  private cancelWaiting = (): void => undefined;
  /** An edit waits for its redraw. */
  private pendingEdit = false;
  /** How long the last redraw took, ms: edits wait about that long before the next. */
  private lastRedrawMs = 0;
  private redraws = 0;
  private readonly summary: HTMLElement;
  /** Where the last redraw's time went, ms: for the benchmark. */
  readonly timings = { runMs: 0, layoutAndSvgMs: 0, showMs: 0 };

  constructor(
    private readonly document: Document,
    private readonly clock: PageClock,
  ) {
    this.examples = readExamples(document);
    const first = this.examples.find((example) => example.file === FIRST) ?? this.examples[0];
    this.editor = new ScenarioEditor(pageElement(document, 'editor'), first?.text ?? '', () => this.edited());
    this.controls = new Controls(document, this.examples, { onExample: (example) => this.choose(example), onSettings: () => this.redraw() });
    const zoom = new Zoom(pageElement(document, 'diagram-scroll'), pageElement(document, 'zoom-level'), {
      zoomIn: pageElement(document, 'zoom-in'),
      zoomOut: pageElement(document, 'zoom-out'),
      fit: pageElement(document, 'zoom-fit'),
      one: pageElement(document, 'zoom-one'),
    });
    this.diagram = new DiagramView(pageElement(document, 'diagram'), pageElement(document, 'details'), pageElement(document, 'hover-line'), zoom);
    this.summary = pageElement(document, 'run-summary');
    this.messages = new MessagesPanel(pageElement(document, 'problems'), pageElement(document, 'check-result'));
    this.fillDownloads();
    pageElement(document, 'share').addEventListener('click', () => void this.share());
    this.controls.apply({ variant: '', axis: 'order', check: true });
  }

  /** Shows what the address's hash holds, or the first scenario. */
  async start(): Promise<void> {
    const restored = await settingsFromHash(this.document.location.hash);
    if (restored) this.restore(restored);
    else this.redraw();
    this.document.body.dataset.ready = 'true';
  }

  /** The SVG drawn last (the viewer's, with data attributes), and the run it is of. */
  get shown(): { svg: string; run: ScenarioRun } | undefined {
    return this.drawn && this.run ? { svg: this.drawn.svg, run: this.run } : undefined;
  }

  /** The page's settings now, step mode's choices among them when it is on. */
  settings(): PageSettings {
    return { text: this.editor.text, ...this.controls.read(), steps: this.stepMode?.choices() };
  }

  private restore(settings: PageSettings): void {
    this.editor.setText(settings.text);
    this.controls.apply(settings);
    if (settings.steps !== undefined && this.stepMode !== undefined) this.stepMode.resume(settings.steps);
    else this.redraw();
  }

  private choose(example: Example): void {
    this.editor.setText(example.text);
    // The scenario's own seed and variant, with the axis and the check as they are.
    this.controls.apply({ ...this.controls.read(), seed: undefined, variant: '' });
    this.redraw();
  }

  private edited(): void {
    this.cancelWaiting();
    this.pendingEdit = true;
    if (this.lastRedrawMs < 50) {
      // A small run redraws at once: as soon as the editor has finished its update (which a
      // redraw's marks would otherwise interrupt), before the browser does anything else.
      queueMicrotask(() => {
        if (this.pendingEdit) this.redraw();
      });
    } else {
      // A large one waits for a pause in the typing, not to fall behind it.
      this.cancelWaiting = this.clock.after(Math.min(100, this.lastRedrawMs / 4), () => this.redraw());
    }
  }

  private formatProblem = (problem: ScenarioProblem): string => formatProblem(this.file, problem);

  /** Runs the scenario and draws it. */
  redraw(): void {
    this.cancelWaiting();
    this.pendingEdit = false;
    const started = this.clock.now();
    const settings = this.settings();
    this.file = this.examples.find((example) => example.text === settings.text)?.file ?? OWN_FILE;
    this.controls.showExample(this.file === OWN_FILE ? '' : this.file);
    const outcome = (this.runner ?? runScenarioText)(settings.text, baseName(this.file), { seed: settings.seed, variant: settings.variant, check: settings.check });
    this.timings.runMs = this.clock.now() - started;
    const commandText = this.document.getElementById('command-line')!;
    if (outcome.kind === 'invalid') {
      this.editor.showProblems(outcome.problems, this.formatProblem);
      this.messages.showProblems(outcome.problems, this.formatProblem, (problem) => this.editor.reveal(problem));
      if (this.drawn) this.diagram.markStale();
      else this.diagram.showMessage('The scenario has problems: see under the editor.');
      commandText.textContent = '';
    } else if (outcome.kind === 'too-large') {
      this.editor.showProblems([], this.formatProblem);
      this.run = undefined;
      this.drawn = undefined;
      this.diagram.showMessage(`The run has more than ${MAX_RUN_EVENTS} events, more than one diagram can show. Run it with the command line and draw a window of its trace: chitty-sim run ${this.file} --trace run.ndjson, then chitty-sim view run.ndjson --from 0 --to 5000.`);
      this.messages.showNote(`Stopped after ${MAX_RUN_EVENTS} events.`);
      commandText.textContent = '';
    } else {
      this.editor.showProblems([], this.formatProblem);
      this.show(outcome.run, outcome.newest, outcome.command);
    }
    this.lastRedrawMs = this.clock.now() - started;
    this.document.body.dataset.redraws = String(++this.redraws);
    this.summary.textContent = outcome.kind === 'ran' ? `${outcome.run.events.length} events · ${Math.round(this.lastRedrawMs)} ms` : '';
    this.summary.title = outcome.kind === 'ran' ? `run, checked and drawn in ${Math.round(this.lastRedrawMs)} ms` : '';
  }

  /**
   * Draws a run that happened (the seeded run, or step mode's so far).
   * @param newest - the events the last step made happen, marked.
   * @param command - what gives the same run on the command line; default `run` and `view` with the page's settings.
   */
  show(run: ScenarioRun, newest: readonly number[] = [], command?: string): void {
    const { scenario, protocol } = run;
    this.run = run;
    this.controls.showScenario(protocol, scenario.variant, scenario.seed);
    const settings = this.settings();
    const started = this.clock.now();
    this.drawn = viewerDiagram(
      run.header,
      run.events,
      {
        ...protocolStyle(protocol),
        axis: settings.axis,
        allNodes: run.allNodes,
        violations: run.check?.violations ?? [],
        interrupted: run.interrupted,
        maxEvents: MAX_RUN_EVENTS,
      },
      this.document,
    );
    const drawn = this.clock.now();
    this.diagram.show(this.drawn);
    this.timings.layoutAndSvgMs = drawn - started;
    this.timings.showMs = this.clock.now() - drawn;
    this.diagram.markNewest(newest);
    const verdict = run.check ? formatCheckResult(run.check, this.file).split('\n')[0] : '';
    this.messages.showRun(run.check, verdict, run.failure, (violation) => this.diagram.ring(violation.events.map((event) => event.i)));
    this.document.getElementById('command-line')!.textContent = command ?? commandLine(this.file, run, settings);
  }

  // --- downloads and the share link -----------------------------------------------------------

  private fillDownloads(): void {
    const list = pageElement(this.document, 'download-list');
    const menu = pageElement<HTMLDetailsElement>(this.document, 'downloads');
    for (const kind of FILE_KINDS) {
      const button = this.document.createElement('button');
      button.type = 'button';
      button.textContent = kind.label;
      button.dataset.format = kind.format;
      if (kind.format === 'schedule') button.hidden = true;
      button.addEventListener('click', () => {
        menu.open = false;
        void this.download(kind.format);
      });
      list.append(button);
    }
  }

  /** Saves one of the files of the run shown. */
  async download(format: FileFormat): Promise<void> {
    const run = this.run;
    const drawn = this.drawn;
    if (!run || !drawn) return;
    const kind = FILE_KINDS.find((candidate) => candidate.format === format)!;
    const name = baseName(this.file) + kind.suffix;
    try {
      let content: string | Blob;
      if (format === 'trace') content = run.traceText;
      else if (format === 'svg' || format === 'png') {
        // `chitty-sim render`'s SVG: the same layout, without the viewer's data attributes.
        const svg = drawSvg(drawn.layout, this.document);
        content = format === 'svg' ? svg : await svgToPng(svg, drawn.layout.widthPx, drawn.layout.heightPx);
      } else if (format === 'schedule') content = this.scheduleText?.() ?? '';
      else content = exportText(format, run.header, run.events);
      save(this.document, this.clock, name, content instanceof Blob ? content : new Blob([content], { type: `${kind.type};charset=utf-8` }));
    } catch (error) {
      this.document.getElementById('hover-line')!.textContent = `Cannot make ${name}: ${(error as Error).message}`;
    }
  }

  /** Step mode sets this: the scenario with the schedule chosen so far. */
  scheduleText: (() => string) | undefined;

  /** Step mode, when the page has it: its choices go into the share link and come back from one. */
  stepMode: { choices(): ScheduleEntry[] | undefined; resume(choices: ScheduleEntry[]): void } | undefined;

  /** How the scenario is run: step mode sets its own; default the seeded delays, as `run` does. */
  runner: ((text: string, name: string, settings: RunSettings) => RunOutcome) | undefined;

  /** Puts the page's settings in the address (the share link) and copies it. */
  async share(): Promise<string> {
    const hash = await settingsHash(this.settings());
    const location = this.document.location;
    history.replaceState(null, '', location.pathname + location.search + hash);
    const link = location.href;
    const said = this.document.getElementById('hover-line')!;
    try {
      await navigator.clipboard.writeText(link);
      said.textContent = `Link copied: it holds the scenario and the settings${this.stepMode?.choices() ? ", and step mode's choices" : ''}.`;
    } catch {
      said.textContent = `The address bar holds the link: it holds the scenario and the settings${this.stepMode?.choices() ? ", and step mode's choices" : ''}.`;
    }
    return link;
  }
}

/** Saves a file the way a browser downloads one. */
function save(document: Document, clock: PageClock, name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; let the object go after this turn.
  clock.after(1000, () => URL.revokeObjectURL(url));
}
