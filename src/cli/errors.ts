/**
 * Errors the CLI reports as a message and exit code 2 (bad input or usage), never as a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A malformed line of an input file as the user sees it: `FILE:LINE: field: problem` (exit 2). */
export function lineError(file: string, error: { line: number; field: string; detail: string }): InputError {
  return new InputError(`${file}:${error.line}: ${error.field ? `${error.field}: ` : ''}${error.detail}`);
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;
