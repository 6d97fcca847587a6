/**
 * Checking a run as it happens (`chitty-sim run --check`): a trace sink that hands each event to
 * the streaming checker as fields, without building trace objects.
 */
import type { EventRecord, TraceSink } from '../sim/record.js';
import { TraceChecker, type CheckOptions } from './checker.js';
import type { CheckResult } from './types.js';

/** A {@link TraceSink} that checks every event it records; call {@link CheckSink.finish} after the run. */
export class CheckSink implements TraceSink {
  private readonly checker: TraceChecker;

  /**
   * @param nodeNames - the world's node names, by node index (the server's among them).
   * @param options - see {@link CheckOptions}; `nodes` is set from `nodeNames`.
   */
  constructor(nodeNames: readonly string[], options: Omit<CheckOptions, 'nodes'> = {}) {
    this.checker = new TraceChecker({ ...options, nodes: nodeNames });
  }

  record(event: EventRecord): void {
    this.checker.pushEvent(event.i, event.node, event.kind, event.lamport, event.msg, event.peer, event.type, event.text, event.shows, event.vc, event.mark);
  }

  /**
   * The result of the check; call once the run has ended.
   * @param options.interrupted - the run was stopped early: broadcasts in progress are not judged. Default false.
   */
  finish(options: { interrupted?: boolean } = {}): CheckResult {
    return this.checker.finish(options);
  }
}

/**
 * A sink that checks a run as it goes: add it to the run's sinks, then call `finish()`.
 * @param nodeNames - the world's node names, by node index.
 * @param options - see {@link CheckOptions}; defaults as there.
 */
export function createCheckSink(nodeNames: readonly string[], options: Omit<CheckOptions, 'nodes'> = {}): CheckSink {
  return new CheckSink(nodeNames, options);
}
