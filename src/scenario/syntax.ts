/**
 * What a built-in protocol may add to the scenario format: keys of its own, step shorthands, and
 * checks of the steps; and what it derives when the file leaves it out (its nodes). Chitty-Chat's
 * `{ at, join: "1111" }`, `timeouts:` and `generate:` are such additions. A protocol from a file
 * uses the general format only.
 */
import type { Node as YamlNode } from 'yaml';
import type { StepShorthands, WrittenStep } from './step-reader.js';
import type { Scenario } from './types.js';
import type { Reader } from './yaml-reader.js';

/** What the syntax sees while a file is read. */
export interface SyntaxContext {
  readonly reader: Reader;
  /** The scenario read so far: the syntax sets `nodes` (when the file gives none), `options` and `steps`. */
  readonly scenario: Scenario;
  /** The written steps, in file order. */
  readonly written: readonly WrittenStep[];
  /** Commands given to a node that has crashed and not restarted (already reported). */
  readonly toCrashed: ReadonlySet<WrittenStep>;
  /** The file's top mapping, for problems of the file as a whole. */
  readonly root: YamlNode;
  /** Whether the file gives `nodes:`. */
  readonly nodesGiven: boolean;
  /** What the syntax keeps between reading its keys and finishing. */
  readonly extras: Record<string, unknown>;
}

export interface ScenarioSyntax {
  /** Top-level keys of its own. */
  readonly keys: readonly string[];
  readonly steps?: StepShorthands;
  /** Reads one of its own top-level keys. */
  readKey(context: SyntaxContext, key: string, node: YamlNode | null): void;
  /**
   * After the steps are read: checks them, sets the scenario's nodes when the file gives none, and
   * adds generated steps. Problems go to the context's reader.
   */
  finish(context: SyntaxContext): void;
  /** The problem with a node the file names that is none of the scenario's. */
  unknownNode?(name: string): string;
  /** Writes a step back in the protocol's own shorthand, or undefined for the general form. */
  writeStep?(step: Scenario['steps'][number]): string | undefined;
  /** Writes its own top-level keys back (from `options`). */
  writeKeys?(scenario: Scenario): string[];
}
