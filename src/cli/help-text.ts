/**
 * The help text as yargs lays it out, with one flaw mended: when an option's description ends at
 * the edge of its column, yargs glues the option's type to it (`trace: NDJSON[string] [required]`).
 * Which option that hits depends on the terminal's width, so the text is mended as it is printed.
 */
import { format } from 'node:util';

/** The bracketed notes yargs puts after a description: type, required, choices, default, deprecated. */
const GLUED_NOTES = /^(.*[^\s])(\[(?:string|number|boolean|array|count|required|deprecated|choices:|default:)[^\n]*)$/;

/**
 * Moves notes glued to the end of a description onto a line of their own, right-aligned to the
 * same edge; every other line is left as it is.
 */
export function separateGluedNotes(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const glued = GLUED_NOTES.exec(line);
      return glued ? `${glued[1]}\n${glued[2].padStart(line.length)}` : line;
    })
    .join('\n');
}

/**
 * Mends what yargs prints with console.log (help and version); the commands themselves write with
 * process.stdout.write, so nothing else passes through here.
 */
export function mendHelpOutput(): void {
  console.log = (...parts: unknown[]) => {
    process.stdout.write(separateGluedNotes(format(...parts)) + '\n');
  };
}
