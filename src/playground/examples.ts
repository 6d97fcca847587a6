/**
 * The shipped scenarios to start from, embedded in the page by the build (`scripts/build-playground.mjs`
 * puts scenarios/*.yaml in a JSON script element), grouped by the protocol they run.
 */
import { parseScenario } from '../scenario/parse.js';
import { DEFAULT_PROTOCOL } from '../scenario/types.js';

export interface Example {
  /** The file's name, like `diagram-log.yaml`. */
  file: string;
  text: string;
  /** The protocol it runs, and its name (for the menu). */
  protocol: string;
  name: string;
}

/** The id of the element that holds them. */
export const EXAMPLES_ELEMENT = 'chitty-examples';

/** The examples the page holds, in file order; the report's run first. */
export function readExamples(document: Document): Example[] {
  const element = document.getElementById(EXAMPLES_ELEMENT);
  const files = element ? (JSON.parse(element.textContent ?? '[]') as { file: string; text: string }[]) : [];
  const examples = files.map(({ file, text }): Example => {
    const parsed = parseScenario(text, baseName(file));
    return parsed.ok ? { file, text, protocol: parsed.scenario.protocol, name: parsed.scenario.name } : { file, text, protocol: DEFAULT_PROTOCOL, name: baseName(file) };
  });
  return examples.sort((a, b) => Number(b.file === FIRST) - Number(a.file === FIRST));
}

/** The scenario the page opens with. */
export const FIRST = 'diagram-log.yaml';

/** A file's name without `.yaml`: what the command line names a scenario that names itself nothing. */
export function baseName(file: string): string {
  return file.replace(/\.ya?ml$/i, '');
}
