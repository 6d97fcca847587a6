/** The error of a protocol module that could not be loaded (kept apart so that `--help` loads nothing more). */

/** A protocol module that failed to load: a syntax error, or an error thrown as it ran. */
export class ProtocolLoadError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${file}: cannot load the protocol: ${detail}`);
    this.name = 'ProtocolLoadError';
  }
}
