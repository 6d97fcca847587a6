/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, and the scenario's problems as marks
 * at their line and column (the lint gutter and underlines), with the command line's words.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type { ScenarioProblem } from '../scenario/parse.js';

export class ScenarioEditor {
  readonly view: EditorView;
  /** Set while the page itself replaces the text, so that it is not taken for typing. */
  private replacing = false;

  constructor(parent: HTMLElement, text: string, onEdit: (text: string) => void) {
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          lintGutter(),
          EditorState.tabSize.of(2),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario (YAML)' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !this.replacing) onEdit(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (a scenario chosen or restored), without counting it as an edit. */
  setText(text: string): void {
    this.replacing = true;
    try {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    } finally {
      this.replacing = false;
    }
  }

  /** Marks the problems at their line and column; `format` gives each its words. */
  showProblems(problems: readonly ScenarioProblem[], format: (problem: ScenarioProblem) => string): void {
    const doc = this.view.state.doc;
    const diagnostics: Diagnostic[] = problems.map((problem) => {
      const { from, to } = problemRange(doc, problem);
      return { from, to, severity: 'error', message: format(problem), source: 'chitty-sim' };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** Puts the cursor at a problem and scrolls to it. */
  reveal(problem: ScenarioProblem): void {
    const { from } = problemRange(this.view.state.doc, problem);
    this.view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    this.view.focus();
  }
}

/** Where a problem is: from its column to the end of the word there (at least one character). */
function problemRange(doc: Text, problem: ScenarioProblem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(problem.col, 1) - 1, line.to);
  const rest = doc.sliceString(from, line.to);
  const word = /^[^\s,{}[\]]*/.exec(rest)![0].length;
  const to = from + Math.max(word, 1);
  return to > doc.length ? { from: Math.max(0, doc.length - 1), to: doc.length } : { from, to };
}
