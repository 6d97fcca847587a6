/**
 * Reads a scenario file (YAML) into a {@link Scenario}, reporting every problem it finds with its
 * line, column and field. Pure: the caller passes the text. A protocol named by path is not loaded
 * here (that is the caller's); a built-in's own keys and shorthands are read with its syntax.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { builtinProtocol, BUILTIN_PROTOCOL_NAMES } from '../protocols/registry.js';
import { DEFAULT_DELAY } from '../sim/delay.js';
import { readClocks, readNetwork, parseWallTime } from './network-reader.js';
import { readSchedule } from './schedule-reader.js';
import { checkCrashes, checkNamedNodes, readSteps, type WrittenStep } from './step-reader.js';
import type { ScenarioSyntax, SyntaxContext } from './syntax.js';
import { DEFAULT_PROTOCOL, type Scenario } from './types.js';
import { parseYaml, SCENARIO_LIMITS, sortProblems, type Reader, type ScenarioProblem } from './yaml-reader.js';

export { formatProblem, SCENARIO_LIMITS, tooLargeProblem, type ScenarioProblem } from './yaml-reader.js';

export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

const COMMON_KEYS = ['name', 'seed', 'protocol', 'clock', 'variant', 'start', 'network', 'clocks', 'nodes', 'options', 'steps', 'schedule'];
/** What a protocol path looks like: an ES module, JavaScript or TypeScript. */
export const PROTOCOL_FILE = /\.(m?js|cjs|m?ts|cts)$/;

/**
 * Parses and validates a scenario.
 * @param text - the file's contents.
 * @param defaultName - the scenario's name when the file gives none (usually the file name).
 */
export function parseScenario(text: string, defaultName = 'scenario'): ScenarioParseResult {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const { document, reader } = parsed;
  const rootNode = document.contents as YamlNode | null;
  // The protocol decides which further keys the file may have: read it first.
  const protocol = readProtocol(reader, rootNode);
  const syntax = builtinProtocol(protocol)?.syntax;
  const root = reader.map(rootNode, '', [...COMMON_KEYS, ...(syntax?.keys ?? [])]);
  if (!root) return { ok: false, problems: reader.problems };

  const scenario: Scenario = {
    name: defaultName,
    seed: 1,
    protocol,
    variant: '',
    startEpochMs: 0,
    network: { delay: DEFAULT_DELAY, loss: 0, duplicate: 0, links: [] },
    nodes: [],
    steps: [],
    clocks: {},
    options: {},
  };
  const field = (name: string) => root.get(name)?.value ?? null;

  if (root.has('name')) scenario.name = reader.text(field('name'), 'name') ?? scenario.name;
  if (root.has('seed')) scenario.seed = reader.number(field('seed'), 'seed', { integer: true, min: 0 }) ?? scenario.seed;
  readVariant(reader, root.has('clock') ? 'clock' : root.has('variant') ? 'variant' : undefined, field, protocol, scenario);
  if (root.has('clock') && root.has('variant')) reader.problem(root.get('variant')!.key, 'variant', 'give clock: or variant:, not both (they are the same setting)');
  if (root.has('start')) {
    const start = reader.text(field('start'), 'start');
    const epochMs = start === undefined ? undefined : parseWallTime(start);
    if (start !== undefined && epochMs === undefined) reader.problem(field('start'), 'start', 'must be a date and time like 2021-11-03T08:51:02');
    else if (epochMs !== undefined) scenario.startEpochMs = epochMs;
  }
  if (root.has('network')) readNetwork(reader, field('network'), scenario.network);
  if (root.has('clocks')) scenario.clocks = readClocks(reader, field('clocks'));
  if (root.has('nodes')) scenario.nodes = readNodes(reader, field('nodes'));
  if (root.has('options')) {
    const options = reader.data(field('options'), 'options');
    if (options === null || typeof options !== 'object' || Array.isArray(options)) reader.problem(field('options'), 'options', 'must be a mapping of the protocol\'s options');
    else scenario.options = options as Record<string, unknown>;
  }
  const written = root.has('steps') ? readSteps(reader, field('steps'), syntax?.steps) : [];
  const context: SyntaxContext = { reader, scenario, written, toCrashed: new Set(), root: rootNode!, nodesGiven: root.has('nodes'), extras: {} };
  for (const key of syntax?.keys ?? []) if (root.has(key)) syntax!.readKey(context, key, field(key));
  const toCrashed = checkCrashes(reader, written);
  if (syntax !== undefined) {
    syntax.finish({ ...context, toCrashed });
  } else {
    if (!root.has('nodes')) reader.problem(rootNode, 'nodes', 'missing: the nodes, like nodes: [a, b, c]');
    if (!root.has('steps') && reader.problems.length === 0) reader.problem(rootNode, 'steps', 'missing: a scenario needs steps, like { at: 0, node: a, command: start }');
    scenario.steps = written.map((entry) => entry.step);
  }
  if (root.has('schedule')) scenario.schedule = readSchedule(reader, field('schedule'), scenario.steps.length);
  if (scenario.nodes.length > 0) {
    checkNamedNodes(reader, scenario.nodes, syntax?.unknownNode ?? ((name) => `no node "${name}"; the nodes are ${scenario.nodes.join(', ')}`));
  }
  if (reader.problems.length > 0) return { ok: false, problems: sortProblems(reader.problems) };
  return { ok: true, scenario };
}

/** `protocol:`: a built-in's name or a module's path; the default is Chitty-Chat. */
function readProtocol(reader: Reader, rootNode: YamlNode | null): string {
  if (!isMap(rootNode)) return DEFAULT_PROTOCOL;
  const pair = rootNode.items.find((item) => isScalar(item.key) && item.key.value === 'protocol');
  if (pair === undefined) return DEFAULT_PROTOCOL;
  const node = pair.value as YamlNode | null;
  const name = reader.text(node, 'protocol');
  if (name === undefined) return DEFAULT_PROTOCOL;
  if (builtinProtocol(name) === undefined && !PROTOCOL_FILE.test(name)) {
    reader.problem(node, 'protocol', `unknown protocol "${name}"; name a built-in (${BUILTIN_PROTOCOL_NAMES.join(', ')}) or a module, like ./token-ring.mjs or ./token-ring.ts`);
  }
  return name;
}

function readVariant(reader: Reader, key: string | undefined, field: (name: string) => YamlNode | null, protocol: string, scenario: Scenario): void {
  if (key === undefined) return;
  const value = reader.text(field(key), key);
  if (value === undefined) return;
  const builtin = builtinProtocol(protocol);
  const names = builtin?.variants?.map((variant) => variant.name);
  if (names !== undefined && !names.includes(value)) {
    const what = key === 'clock' ? 'clock mode' : 'variant';
    reader.problem(field(key), key, `unknown ${what} "${value}" of ${protocol}; expected one of ${names.join(', ')}`);
    return;
  }
  scenario.variant = value;
}

/** `nodes:`: a list of distinct names without spaces or commas. */
function readNodes(reader: Reader, node: YamlNode | null): string[] {
  if (!isSeq(node) || node.items.length === 0) {
    reader.problem(node, 'nodes', 'must be a list of node names, like [a, b, c]');
    return [];
  }
  const names: string[] = [];
  node.items.forEach((item, index) => {
    const path = `nodes[${index}]`;
    const name = reader.text(item as YamlNode, path);
    if (name === undefined) return;
    const problem = nodeNameProblem(name);
    if (problem !== undefined) reader.problem(item as YamlNode, path, problem);
    else if (names.includes(name)) reader.problem(item as YamlNode, path, `"${name}" is listed twice`);
    else names.push(name);
  });
  return names;
}

/** What is wrong with a node name, or undefined: names appear in logs, diagrams and `--nodes a,b`. */
export function nodeNameProblem(name: string): string | undefined {
  if (name === '') return 'a node name cannot be empty';
  if (/[,\s]/.test(name)) return 'a node name cannot contain spaces or commas';
  if ([...name].length > SCENARIO_LIMITS.nameLength) return `a node name has at most ${SCENARIO_LIMITS.nameLength} characters`;
  return undefined;
}

export type { ScenarioSyntax, SyntaxContext, WrittenStep };
