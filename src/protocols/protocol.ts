/**
 * What a protocol is: the default export of a protocol module, and the shape of every built-in.
 * Only `name`, `summary` and `node` are required; docs/protocols.md explains every field.
 */
import type { RuleSet } from '../check/rule-set.js';
import type { Palette } from '../diagram/palette.js';
import type { TraceEvent } from '../trace/format.js';
import type { Scenario } from '../scenario/types.js';
import type { ScenarioSyntax } from '../scenario/syntax.js';
import type { NodeFactory } from '../sim/node-api.js';

/** One way the protocol's nodes may behave: the correct one, or a bug real implementations have. */
export interface Variant {
  name: string;
  /** One line: what it does, and what goes wrong. */
  summary: string;
}

export type { Palette, PaletteEntry } from '../diagram/palette.js';

/** A step as `generate` returns it: like a scenario file's command step. */
export interface GeneratedStep {
  at: number;
  node: string;
  command: string;
  args?: Record<string, unknown>;
}

/** What `generate` returns: nodes and their commands, for `chitty-sim fuzz` to add faults to. */
export interface GeneratedWorkload {
  nodes: string[];
  steps: GeneratedStep[];
}

export interface Protocol {
  /** Shown in logs, diagram titles and the trace header. */
  name: string;
  /** One line, for `chitty-sim protocols`. */
  summary: string;
  /** The name diagrams show; default `name`. */
  title?: string;
  /** Regions (local events with `mark`) that no two nodes may hold concurrently. */
  exclusive?: readonly string[];
  /** The variants `--variant` (or `--clock`) picks from; the first is the default. */
  variants?: readonly Variant[];
  /** Makes a node: called once per node at start, and again on each restart. */
  node: NodeFactory;
  /** What every node's `ctx.options` holds, from the scenario; default its `options:` section. */
  options?(scenario: Scenario): Record<string, unknown>;
  /** How its messages look in diagrams, by type: a colour, or `{ color, label, family, reply }`. */
  palette?: Palette;
  /** Why an event is a refusal (a call the other side turned down), drawn in the refusal colour; undefined for others. */
  refusalOf?(event: TraceEvent): string | undefined;
  /** Checker rules of the protocol's own, beside the clock rules every trace is held to. */
  rules?: RuleSet;
  /** A random workload (`random` gives numbers in [0, 1)), for `chitty-sim fuzz`. */
  generate?(random: () => number): GeneratedWorkload;
}

/** A protocol that ships with chitty-sim: it may also extend the scenario format. */
export interface BuiltinProtocol extends Protocol {
  syntax?: ScenarioSyntax;
}

/** The variant a run uses: the one asked for, or the protocol's default. */
export function variantOf(protocol: Protocol, asked: string | undefined): string {
  if (asked !== undefined && asked !== '') return asked;
  return protocol.variants?.[0]?.name ?? '';
}
