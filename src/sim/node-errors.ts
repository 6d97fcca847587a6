/**
 * The errors a protocol's node meets: a call on its context used wrongly ({@link NodeApiError}), and
 * any exception out of one of its handlers, wrapped with where it happened ({@link NodeHandlerError}).
 * Both stop the run; the events recorded before stay valid.
 */

/** A node used its context wrongly: the message names the node and the call. */
export class NodeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeApiError';
  }
}

/** Where a handler was when it threw. */
export interface HandlerSite {
  /** The protocol's name. */
  protocol: string;
  node: string;
  /** Virtual time in ms. */
  timeMs: number;
  /** The handler and what it handled: `onMessage of message 3 (Token from a)`. */
  handling: string;
}

/**
 * A handler threw (or broke a rule of the API). `cause` is what it threw: the user's own error,
 * whose stack frames point into their file, or a {@link NodeApiError}.
 */
export class NodeHandlerError extends Error {
  constructor(
    readonly site: HandlerSite,
    override readonly cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${site.protocol}: node ${site.node}, at ${site.timeMs} ms, in ${site.handling}: ${detail}`);
    this.name = 'NodeHandlerError';
  }

  /** Whether the node broke a rule of the API (rather than throwing an error of its own). */
  get apiMisuse(): boolean {
    return this.cause instanceof NodeApiError;
  }
}
