/**
 * The `steps:` of a scenario file: commands to nodes (`{ at, node, command, args }`), faults
 * (partition, block, heal, crash, restart), and a built-in protocol's own shorthands (Chitty-Chat's
 * `{ at, join: "1111" }`), each read into a {@link Step} with its place in the file.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { CommandStep, Step } from './types.js';
import { SCENARIO_LIMITS, type Entries, type Reader } from './yaml-reader.js';

/** A step as read, with where it stands in the file (for the checks that follow). */
export interface WrittenStep {
  step: Step;
  /** The node that names the step's subject (its node, or the whole step). */
  node: YamlNode;
  path: string;
}

/** A command step before its time is known. */
export type CommandWithoutTime = Omit<CommandStep, 'atMs'>;

/** A built-in protocol's own step shorthands. */
export interface StepShorthands {
  /** The step keys that name a shorthand (`join`, `publish`, `leave`). */
  actions: readonly string[];
  /** Further keys a shorthand step may have, each with the action it belongs to (`message` of `publish`). */
  extraKeys: Readonly<Record<string, string>>;
  /** An example step, for the message when a step has no action. */
  example: string;
  /** Reads a shorthand into a command; reports its problems to `reader`. */
  read(reader: Reader, action: string, value: YamlNode | null, entries: Entries, path: string, stepNode: YamlNode): CommandWithoutTime | undefined;
}

const FAULT_ACTIONS = ['partition', 'block', 'heal', 'crash', 'restart'] as const;
const COMMAND_KEYS = ['node', 'command', 'args'] as const;

/** Reads `steps:`. */
export function readSteps(reader: Reader, node: YamlNode | null, shorthands: StepShorthands | undefined): WrittenStep[] {
  const steps: WrittenStep[] = [];
  const example = shorthands?.example ?? '{ at: 0, node: a, command: start }';
  if (!isSeq(node)) {
    reader.problem(node, 'steps', `must be a list of steps like ${example}`);
    return steps;
  }
  if (node.items.length > SCENARIO_LIMITS.steps) {
    reader.problem(node, 'steps', `more than ${SCENARIO_LIMITS.steps} steps; use a generate: section for large workloads`);
    return steps;
  }
  const ownActions = shorthands?.actions ?? [];
  const actions = ['command', ...FAULT_ACTIONS, ...ownActions];
  const extraKeys = Object.keys(shorthands?.extraKeys ?? {});
  const allowed = ['at', ...new Set([...actions, ...COMMAND_KEYS, ...extraKeys])];
  let lastAtMs = 0;
  node.items.forEach((item, index) => {
    const path = `steps[${index}]`;
    const stepNode = item as YamlNode;
    const entries = reader.map(stepNode, path, allowed);
    if (!entries) return;
    let atMs: number | undefined;
    if (!entries.has('at')) reader.problem(stepNode, `${path}.at`, 'missing: when the step happens, in ms');
    else atMs = reader.number(entries.get('at')!.value, `${path}.at`, { min: 0 });
    if (atMs !== undefined) {
      if (atMs < lastAtMs) reader.problem(entries.get('at')!.value, `${path}.at`, `steps must be in time order: ${atMs} comes after ${lastAtMs}`);
      else lastAtMs = atMs;
    }
    const found = actions.filter((action) => entries.has(action));
    if (found.length !== 1) {
      reader.problem(stepNode, path, found.length === 0 ? `missing the action: one of ${actions.join(', ')}` : `one action per step, found ${found.join(' and ')}`);
      return;
    }
    const action = found[0];
    for (const key of extraKeys) {
      const owner = shorthands!.extraKeys[key];
      if (entries.has(key) && owner !== action) reader.problem(entries.get(key)!.key, `${path}.${key}`, `only a ${owner} has a ${key}, not a ${action}`);
    }
    if (action !== 'command') {
      for (const key of COMMAND_KEYS) {
        if (entries.has(key)) reader.problem(entries.get(key)!.key, `${path}.${key}`, `only a command step has ${key}, not a ${action}`);
      }
    }
    const value = entries.get(action)!.value;
    let step: StepWithoutTime | undefined;
    let subject: YamlNode = value ?? stepNode;
    if (action === 'command') {
      step = readCommand(reader, entries, path, stepNode);
      subject = entries.get('node')?.value ?? stepNode;
    } else if ((FAULT_ACTIONS as readonly string[]).includes(action)) {
      step = readFault(reader, action as (typeof FAULT_ACTIONS)[number], value, `${path}.${action}`);
    } else {
      step = shorthands!.read(reader, action, value, entries, `${path}.${action}`, stepNode);
    }
    if (atMs === undefined || step === undefined) return;
    steps.push({ step: { ...step, atMs } as Step, node: subject, path: action === 'command' ? `${path}.node` : `${path}.${action}` });
  });
  return steps;
}

function readCommand(reader: Reader, entries: Entries, path: string, stepNode: YamlNode): CommandWithoutTime | undefined {
  if (!entries.has('node')) {
    reader.problem(stepNode, `${path}.node`, 'missing: the node the command is for');
    return undefined;
  }
  const node = reader.nodeName(entries.get('node')!.value, `${path}.node`);
  const command = reader.text(entries.get('command')!.value, `${path}.command`);
  if (command === '') reader.problem(entries.get('command')!.value, `${path}.command`, 'must not be empty');
  let args: Record<string, unknown> = {};
  if (entries.has('args')) {
    const argsNode = entries.get('args')!.value;
    if (!isMap(argsNode)) reader.problem(argsNode, `${path}.args`, 'must be a mapping, like { rounds: 3 }');
    else args = reader.data(argsNode, `${path}.args`) as Record<string, unknown>;
  }
  if (node === undefined || command === undefined || command === '') return undefined;
  return { kind: 'command', node, command, args };
}

/** A step before its time is known. */
type StepWithoutTime = Step extends infer S ? (S extends Step ? Omit<S, 'atMs'> : never) : never;

function readFault(reader: Reader, action: (typeof FAULT_ACTIONS)[number], value: YamlNode | null, path: string): StepWithoutTime | undefined {
  switch (action) {
    case 'crash':
    case 'restart': {
      const node = reader.nodeName(value, path);
      return node === undefined ? undefined : { kind: action, node };
    }
    case 'partition': {
      if (!isSeq(value) || value.items.length === 0) {
        reader.problem(value, path, 'must be a list of groups, like [[server, "1111"], ["2222"]]');
        return undefined;
      }
      const groups: string[][] = [];
      const seen = new Set<string>();
      value.items.forEach((group, g) => {
        if (!isSeq(group)) {
          reader.problem(group as YamlNode, `${path}[${g}]`, 'must be a list of node names');
          return;
        }
        groups.push(
          group.items.flatMap((member, m) => {
            const name = reader.nodeName(member as YamlNode, `${path}[${g}][${m}]`);
            if (name === undefined) return [];
            if (seen.has(name)) reader.problem(member as YamlNode, `${path}[${g}][${m}]`, `"${name}" is in two groups`);
            seen.add(name);
            return [name];
          }),
        );
      });
      return { kind: 'partition', groups };
    }
    case 'block': {
      const ends = readEnds(reader, value, path);
      return ends === undefined ? undefined : { kind: 'block', ...ends };
    }
    case 'heal': {
      if (isScalar(value) && value.value === 'all') return { kind: 'heal' };
      const ends = readEnds(reader, value, path, 'must be all, or { from, to } of a block');
      return ends === undefined ? undefined : { kind: 'heal', ...ends };
    }
  }
}

function readEnds(reader: Reader, value: YamlNode | null, path: string, wrongShape = 'must be { from, to }'): { from: string; to: string } | undefined {
  if (!isMap(value)) {
    reader.problem(value, path, wrongShape);
    return undefined;
  }
  const entries = reader.map(value, path, ['from', 'to']);
  if (!entries) return undefined;
  const from = entries.has('from') ? reader.nodeName(entries.get('from')!.value, `${path}.from`) : (reader.problem(value, `${path}.from`, 'missing'), undefined);
  const to = entries.has('to') ? reader.nodeName(entries.get('to')!.value, `${path}.to`) : (reader.problem(value, `${path}.to`, 'missing'), undefined);
  if (from !== undefined && from === to) reader.problem(value, path, 'from and to must be different nodes');
  return from === undefined || to === undefined ? undefined : { from, to };
}

/**
 * Crash and restart alternate per node, and a crashed node is given no command until it restarts
 * (a restarted node acts again from its `onStart`). Returns the commands given to a crashed node.
 */
export function checkCrashes(reader: Reader, written: readonly WrittenStep[]): Set<WrittenStep> {
  const down = new Set<string>();
  const toCrashed = new Set<WrittenStep>();
  for (const entry of written) {
    const { step, node, path } = entry;
    if (step.kind === 'crash') {
      if (down.has(step.node)) reader.problem(node, path, `"${step.node}" has already crashed`);
      down.add(step.node);
    } else if (step.kind === 'restart') {
      if (!down.has(step.node)) reader.problem(node, path, `"${step.node}" has not crashed, so it cannot restart`);
      down.delete(step.node);
    } else if (step.kind === 'command' && down.has(step.node)) {
      reader.problem(node, path, `"${step.node}" has crashed and not restarted`);
      toCrashed.add(entry);
    }
  }
  return toCrashed;
}

/** Every node the file names (in faults, links, clocks, commands) must be one of `nodes`. */
export function checkNamedNodes(reader: Reader, nodes: readonly string[], describe: (name: string) => string): void {
  const known = new Set(nodes);
  for (const { name, node, path } of reader.named) {
    if (!known.has(name)) reader.problem(node, path, describe(name));
  }
}
