/**
 * The panel under the editor: a bad scenario's problems (the command line's lines, each one a
 * link to its place in the editor), or the run's check (the verdict `run --check` prints and each
 * violation, which rings its events on the diagram), and an error of the protocol's code.
 */
import type { CheckResult, Violation } from '../check/types.js';
import type { ScenarioProblem } from '../scenario/parse.js';

function element(tag: string, text?: string, className?: string): HTMLElement {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className !== undefined) made.className = className;
  return made;
}

export class MessagesPanel {
  private active: HTMLElement | undefined;

  constructor(
    private readonly problems: HTMLElement,
    private readonly checkResult: HTMLElement,
  ) {}

  /** A bad scenario: every problem, as `FILE:LINE:COL: field: what is wrong`. */
  showProblems(problems: readonly ScenarioProblem[], format: (problem: ScenarioProblem) => string, reveal: (problem: ScenarioProblem) => void): void {
    const heading = element('h2', `Not a valid scenario (${problems.length} problem${problems.length === 1 ? '' : 's'}); the diagram is of the last valid one`);
    const lines = problems.map((problem) => {
      const line = element('div', format(problem), 'problem');
      line.setAttribute('role', 'button');
      line.tabIndex = 0;
      line.addEventListener('click', () => reveal(problem));
      line.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') reveal(problem);
      });
      return line;
    });
    this.problems.replaceChildren(heading, ...lines);
    this.checkResult.replaceChildren();
  }

  /** A note in place of a result (a run too large to draw, or none asked for). */
  showNote(text: string): void {
    this.problems.replaceChildren();
    this.checkResult.replaceChildren(element('p', text, 'verdict note'));
  }

  /**
   * A run: its check (undefined when not asked for), and what its protocol's code threw.
   * @param verdict - the first line `run --check` prints.
   */
  showRun(check: CheckResult | undefined, verdict: string, failure: string | undefined, ring: (violation: Violation) => void): void {
    this.problems.replaceChildren();
    this.active = undefined;
    const parts: HTMLElement[] = [];
    if (failure !== undefined) parts.push(element('p', `The protocol's code stopped the run: ${failure}`, 'verdict fail'));
    if (check !== undefined) {
      parts.push(element('p', verdict, `verdict ${check.status}`));
      for (const violation of check.violations) {
        const button = element('button', undefined, 'violation');
        button.setAttribute('type', 'button');
        button.append(element('span', violation.rule, 'rule'), `: ${violation.message}`);
        const events = violation.events.map((event) => `#${event.i} ${event.node} L${event.lamport}`).join(', ');
        button.append(element('span', `events: ${events}`, 'events'));
        button.addEventListener('click', () => {
          this.active?.classList.remove('active');
          this.active = button;
          button.classList.add('active');
          ring(violation);
        });
        parts.push(button);
      }
      if (check.omitted > 0) parts.push(element('p', `… and ${check.omitted} more, counted but not listed.`, 'verdict note'));
    }
    this.checkResult.replaceChildren(...parts);
  }
}
