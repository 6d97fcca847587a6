/**
 * Loads a scenario file for a command: reads it, parses it, and turns problems into one
 * `InputError` listing each as `FILE:LINE:COL: field: message`.
 */
import path from 'node:path';
import { formatProblem, parseScenario, SCENARIO_LIMITS, tooLargeProblem } from '../scenario/parse.js';
import type { Scenario } from '../scenario/types.js';
import { InputError } from './errors.js';
import { refuseWrongKind } from './input-kind.js';
import { fileSize, readTextFile } from './io.js';

/** Reads and validates a scenario file. Throws InputError (exit 2) listing every problem. */
export async function loadScenario(file: string): Promise<Scenario> {
  // Refuse a huge file before reading it.
  const bytes = await fileSize(file);
  const result =
    bytes > SCENARIO_LIMITS.fileBytes
      ? { ok: false as const, problems: [tooLargeProblem()] }
      : parseScenario(await readTextFile(file), path.basename(file).replace(/\.ya?ml$/i, ''));
  if (!result.ok) {
    // A trace, a log or a module fails as YAML at its first line: say what it is instead.
    refuseWrongKind(file, 'scenario', 'run');
    const shown = result.problems.slice(0, 50).map((problem) => formatProblem(file, problem));
    if (result.problems.length > shown.length) shown.push(`... and ${result.problems.length - shown.length} more problems`);
    throw new InputError(`${file}: not a valid scenario:\n${shown.join('\n')}`);
  }
  return result.scenario;
}
