/**
 * Which rules a trace is checked with: the clock rules always; the rules of its protocol (named in
 * its header, a built-in or a loaded module); and mutual exclusion of the regions the header (or
 * the protocol) declares exclusive.
 */
import { checkEvents, createChecker, type CheckOptions, type TraceChecker } from '../check/checker.js';
import type { CheckResult } from '../check/types.js';
import { mutualExclusionRules } from '../check/mutual-exclusion.js';
import type { RuleSet } from '../check/rule-set.js';
import { DEFAULT_TRACE_PROTOCOL, NO_PROTOCOL, type TraceEvent, type TraceHeader } from '../trace/format.js';
import type { Protocol } from './protocol.js';
import { builtinProtocol } from './registry.js';

/** The protocol a trace header names: a built-in, or undefined for a module (the caller loads it). */
export function headerProtocol(header: Pick<TraceHeader, 'protocol'> | undefined): Protocol | undefined {
  if (header?.protocol === NO_PROTOCOL) return undefined;
  return builtinProtocol(header?.protocol ?? DEFAULT_TRACE_PROTOCOL);
}

/** The rule sets for a trace of `protocol` (undefined: not available, so its own rules are skipped). */
export function ruleSetsFor(protocol: Protocol | undefined, header?: Pick<TraceHeader, 'exclusive'>): RuleSet[] {
  const sets: RuleSet[] = [];
  if (protocol?.rules !== undefined) sets.push(protocol.rules);
  const exclusive = header?.exclusive ?? protocol?.exclusive ?? [];
  if (exclusive.length > 0) sets.push(mutualExclusionRules(exclusive));
  return sets;
}

/** Checker options for a trace of `protocol`: its rule sets, and how it names nodes. */
export function checkOptionsFor(protocol: Protocol | undefined, header?: Pick<TraceHeader, 'exclusive'>): Pick<CheckOptions, 'rules' | 'nodeLabel'> {
  const rules = ruleSetsFor(protocol, header);
  const labelled = rules.find((set) => set.nodeLabel !== undefined);
  return { rules, nodeLabel: labelled?.nodeLabel?.bind(labelled) };
}

/**
 * Checks a whole trace held in memory with the rules its header calls for (its protocol's when it
 * is a built-in, or `protocol` when given).
 */
export function checkTrace(header: TraceHeader | undefined, events: Iterable<TraceEvent>, options: CheckOptions & { interrupted?: boolean; protocol?: Protocol } = {}): CheckResult {
  return checkEvents(events, { ...checkOptionsFor(options.protocol ?? headerProtocol(header), header), ...options });
}

/** A streaming checker with the rules a trace of this header calls for (Chitty-Chat's when none is given). */
export function createTraceChecker(header?: TraceHeader, options: CheckOptions & { protocol?: Protocol } = {}): TraceChecker {
  return createChecker({ ...checkOptionsFor(options.protocol ?? headerProtocol(header), header), ...options });
}
