/**
 * The header of a run's trace: the scenario's name, the seed and variant in force, the protocol
 * (when it is not Chitty-Chat) with its exclusive regions and nodes. Pure: the command line and
 * the playground write the same header for the same run.
 */
import type { Protocol } from '../protocols/protocol.js';
import type { HeaderFields } from '../trace/write.js';
import { DEFAULT_PROTOCOL, type Scenario } from './types.js';

export interface RunIdentity {
  scenario: Scenario;
  protocol: Protocol;
  /** The variant in force. */
  variant: string;
  seed: number;
  /** How the header names a protocol module (its path relative to the trace); default the scenario's `protocol:`. */
  moduleName?: string;
}

export function runHeader(run: RunIdentity): HeaderFields {
  const { scenario, protocol } = run;
  const named = run.moduleName ?? (scenario.protocol !== DEFAULT_PROTOCOL ? scenario.protocol : undefined);
  const header: HeaderFields = {
    scenario: scenario.name,
    seed: run.seed,
    clock: run.variant,
    protocol: named,
    exclusive: protocol.exclusive !== undefined && protocol.exclusive.length > 0 ? [...protocol.exclusive] : undefined,
  };
  if (named !== undefined) header.nodes = [...scenario.nodes];
  return header;
}
