/**
 * Errors the CLI reports as a message and exit code 2 (bad input or usage), never as a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;
