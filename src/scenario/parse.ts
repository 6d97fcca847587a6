/**
 * Reads a scenario file (YAML) into a {@link Scenario}, reporting every problem it finds with
 * its line, column and field. Pure: the caller passes the text.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { CLOCK_MODE_NAMES } from '../nodes/clock-modes.js';
import { DEFAULT_DELAY, type DelayModel } from '../sim/delay.js';
import type { LinkOverride } from '../sim/network.js';
import { generateSteps } from './generate.js';
import { isUserStep, SERVER_NAME, type Generator, type PhysicalClock, type Scenario, type Step } from './types.js';

/** One thing wrong with a scenario file. Lines and columns count from 1. */
export interface ScenarioProblem {
  line: number;
  col: number;
  /** The field, e.g. `steps[2].at`; '' for the file as a whole. */
  path: string;
  message: string;
}

export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** Limits a scenario file may not pass (stated in README.md). */
export const SCENARIO_LIMITS = {
  /** Largest scenario file, in bytes (parsing YAML takes about 1 s per MiB). */
  fileBytes: 2 * 1024 * 1024,
  /** Most written steps. */
  steps: 50_000,
  /** Most generated participants. */
  generatedParticipants: 10_000,
  /** Most generated publishes in all. */
  generatedPublishes: 10_000_000,
  /** Deepest nesting of YAML collections. */
  depth: 32,
  /** Longest participant name, in code points. */
  nameLength: 64,
} as const;

/** The problem reported for a file over {@link SCENARIO_LIMITS}.fileBytes. */
export function tooLargeProblem(): ScenarioProblem {
  return { line: 1, col: 1, path: '', message: `the file is larger than ${SCENARIO_LIMITS.fileBytes / 1024 / 1024} MiB; use a generate: section for large workloads` };
}

/** Formats a problem as `FILE:LINE:COL: path: message`. */
export function formatProblem(file: string, problem: ScenarioProblem): string {
  return `${file}:${problem.line}:${problem.col}: ${problem.path ? problem.path + ': ' : ''}${problem.message}`;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;

/** A node named somewhere other than a join, which must be the server or a participant. */
interface NamedNode {
  name: string;
  node: YamlNode | null;
  path: string;
}

class Reader {
  readonly problems: ScenarioProblem[] = [];
  readonly named: NamedNode[] = [];
  constructor(private readonly lines: LineCounter) {}

  at(node: YamlNode | Pair | null | undefined, fallback: YamlNode | undefined): { line: number; col: number } {
    const range = (node as YamlNode | undefined)?.range ?? fallback?.range;
    if (!range) return { line: 1, col: 1 };
    return this.lines.linePos(range[0]);
  }

  problem(node: YamlNode | null | undefined, path: string, message: string, fallback?: YamlNode): void {
    this.problems.push({ ...this.at(node, fallback), path, message });
  }

  /** The entries of a mapping, reporting unknown keys and aliases. */
  map(node: YamlNode | null | undefined, path: string, allowed: readonly string[]): Map<string, { key: YamlNode; value: YamlNode | null }> | undefined {
    const entries = new Map<string, { key: YamlNode; value: YamlNode | null }>();
    if (!isMap(node)) {
      this.problem(node, path, `must be a mapping of ${allowed.join(', ')}`);
      return undefined;
    }
    for (const pair of (node as YAMLMap).items) {
      const key = pair.key as YamlNode;
      const name = isScalar(key) ? String(key.value) : undefined;
      const fieldPath = path ? `${path}.${name}` : String(name);
      if (name === undefined) {
        this.problem(key, path, 'keys must be plain names', node);
      } else if (entries.has(name)) {
        this.problem(key, fieldPath, 'given twice in the same mapping', node);
      } else if (!allowed.includes(name)) {
        this.problem(key, fieldPath, `unknown key; expected one of ${allowed.join(', ')}`, node);
      } else {
        const value = pair.value as YamlNode | null;
        if (isAlias(value)) this.problem(value, fieldPath, 'aliases (*name) are not supported in scenario files', node);
        else entries.set(name, { key, value });
      }
    }
    return entries;
  }

  number(node: YamlNode | null, path: string, options: { min?: number; above?: number; integer?: boolean; max?: number } = {}): number | undefined {
    if (!isScalar(node) || typeof node.value !== 'number') {
      this.problem(node, path, options.integer ? 'must be a whole number' : 'must be a number');
      return undefined;
    }
    const value = node.value;
    if (!Number.isFinite(value)) this.problem(node, path, 'must be a finite number');
    else if (options.integer && !Number.isSafeInteger(value)) this.problem(node, path, 'must be a whole number');
    else if (options.min !== undefined && value < options.min) this.problem(node, path, options.min === 0 ? 'must not be negative' : `must be at least ${options.min}`);
    else if (options.above !== undefined && value <= options.above) this.problem(node, path, options.above === 0 ? 'must be positive' : `must be more than ${options.above}`);
    else if (options.max !== undefined && value > options.max) this.problem(node, path, `must be at most ${options.max}`);
    else return value;
    return undefined;
  }

  /** A text; numbers and other plain scalars are read as written (`join: 1111` is "1111"). */
  text(node: YamlNode | null, path: string): string | undefined {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      this.problem(node, path, 'must be a text');
      return undefined;
    }
    if (typeof node.value === 'string') return node.value;
    return typeof node.source === 'string' ? node.source : String(node.value);
  }
}

/**
 * Parses and validates a scenario.
 * @param text - the file's contents.
 * @param defaultName - the scenario's name when the file gives none (usually the file name).
 */
export function parseScenario(text: string, defaultName = 'scenario'): ScenarioParseResult {
  if (text.length > SCENARIO_LIMITS.fileBytes) {
    return { ok: false, problems: [tooLargeProblem()] };
  }
  const tooComplex = prescan(text);
  if (tooComplex) return { ok: false, problems: [tooComplex] };
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true, stringKeys: false });
  const reader = new Reader(lines);
  for (const error of document.errors) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    reader.problems.push({ line: position.line, col: position.col, path: '', message: error.message.split('\n')[0] });
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  const tooDeep = findTooDeep(document.contents as YamlNode | null, 0);
  if (tooDeep) {
    reader.problem(tooDeep, '', `nested more than ${SCENARIO_LIMITS.depth} levels deep`);
    return { ok: false, problems: reader.problems };
  }
  const root = reader.map(document.contents as YamlNode | null, '', ['name', 'seed', 'clock', 'start', 'network', 'clocks', 'timeouts', 'steps', 'generate']);
  if (!root) return { ok: false, problems: reader.problems };

  const scenario: Scenario = {
    name: defaultName,
    seed: 1,
    clock: 'lamport',
    startEpochMs: 0,
    network: { delay: DEFAULT_DELAY, loss: 0, duplicate: 0, links: [] },
    steps: [],
    clocks: {},
  };
  const rootNode = document.contents as YamlNode;
  const field = (name: string) => root.get(name)?.value ?? null;

  if (root.has('name')) scenario.name = reader.text(field('name'), 'name') ?? scenario.name;
  if (root.has('seed')) scenario.seed = reader.number(field('seed'), 'seed', { integer: true, min: 0 }) ?? scenario.seed;
  if (root.has('clock')) {
    const clock = reader.text(field('clock'), 'clock');
    if (clock !== undefined && !CLOCK_MODE_NAMES.includes(clock)) reader.problem(field('clock'), 'clock', `unknown clock mode "${clock}"; expected one of ${CLOCK_MODE_NAMES.join(', ')}`);
    else if (clock !== undefined) scenario.clock = clock;
  }
  if (root.has('start')) {
    const start = reader.text(field('start'), 'start');
    const epochMs = start === undefined ? undefined : parseWallTime(start);
    if (start !== undefined && epochMs === undefined) reader.problem(field('start'), 'start', 'must be a date and time like 2021-11-03T08:51:02');
    else if (epochMs !== undefined) scenario.startEpochMs = epochMs;
  }
  if (root.has('network')) readNetwork(reader, field('network'), scenario);
  if (root.has('timeouts')) scenario.timeouts = readTimeouts(reader, field('timeouts'));
  const clocks = root.has('clocks') ? readClocks(reader, field('clocks')) : [];
  const written = root.has('steps') ? readSteps(reader, field('steps')) : [];
  if (root.has('generate')) scenario.generate = readGenerator(reader, field('generate'));
  if (!root.has('steps') && !root.has('generate') && reader.problems.length === 0) reader.problem(rootNode, 'steps', 'missing: a scenario needs steps (or a generate: section)');
  checkMembership(reader, written, scenario.generate !== undefined);
  checkNodeNames(reader, scenario, written, clocks);
  for (const { name, clock } of clocks) scenario.clocks[name] = clock;
  if (reader.problems.length > 0) return { ok: false, problems: sortProblems(reader.problems) };
  const generated = scenario.generate ? generateSteps(scenario.generate, scenario.seed) : [];
  scenario.steps = mergeSteps(written.map((entry) => entry.step), generated);
  return { ok: true, scenario };
}

/** Deepest indentation accepted, in columns: deep enough for any scenario, far from the parser's limits. */
const MAX_INDENT_COLUMNS = 256;

/**
 * A linear scan that refuses, before the YAML parser sees them, documents nested so deep that
 * parsing them would exhaust the stack or memory: deep flow brackets or deep indentation.
 */
function prescan(text: string): ScenarioProblem | undefined {
  let depth = 0;
  let line = 1;
  let col = 0;
  let quote = '';
  let atLineStart = true;
  let indent = 0;
  let comment = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    col++;
    if (c === '\n') {
      line++;
      col = 0;
      atLineStart = true;
      indent = 0;
      comment = false;
      if (quote === "'") continue;
      continue;
    }
    if (atLineStart) {
      if (c === ' ') {
        indent++;
        if (indent > MAX_INDENT_COLUMNS) return { line, col, path: '', message: `indented more than ${MAX_INDENT_COLUMNS} columns; scenarios are not nested this deep` };
        continue;
      }
      atLineStart = false;
    }
    if (comment) continue;
    if (quote !== '') {
      if (c === '\\' && quote === '"') k++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') comment = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > SCENARIO_LIMITS.depth) return { line, col, path: '', message: `nested more than ${SCENARIO_LIMITS.depth} levels deep` };
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Problems in file order. */
function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems.map((problem, order) => ({ problem, order })).sort((a, b) => a.problem.line - b.problem.line || a.problem.col - b.problem.col || a.order - b.order).map((entry) => entry.problem);
}

/** The first collection nested deeper than the limit, found without recursion limits of our own. */
function findTooDeep(root: YamlNode | null, startDepth: number): YamlNode | undefined {
  const stack: [YamlNode | null, number][] = [[root, startDepth]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > SCENARIO_LIMITS.depth) return node;
      for (const item of node.items as unknown[]) {
        if (isMap(node)) stack.push([(item as Pair).value as YamlNode | null, depth + 1]);
        else stack.push([item as YamlNode, depth + 1]);
      }
    }
  }
  return undefined;
}

function parseWallTime(text: string): number | undefined {
  const match = WALL_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '0'] = match;
  const epochMs = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Math.round(+`0.${fraction}` * 1000));
  const check = new Date(epochMs);
  if (check.getUTCMonth() !== +month - 1 || check.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) return undefined;
  return epochMs;
}

function readDelay(reader: Reader, node: YamlNode | null, path: string): DelayModel | undefined {
  const entries = reader.map(node, path, ['fixed', 'uniform', 'exponential']);
  if (!entries) return undefined;
  if (entries.size !== 1) {
    reader.problem(node, path, 'give exactly one of fixed: N, uniform: [min, max], exponential: { mean: N, min: N }');
    return undefined;
  }
  const [[kind, { value }]] = [...entries];
  const fieldPath = `${path}.${kind}`;
  if (kind === 'fixed') {
    const ms = reader.number(value, fieldPath, { above: 0 });
    return ms === undefined ? undefined : { kind: 'fixed', ms };
  }
  if (kind === 'uniform') {
    if (!isSeq(value) || value.items.length !== 2) {
      reader.problem(value, fieldPath, 'must be [min, max] in ms');
      return undefined;
    }
    const minMs = reader.number(value.items[0] as YamlNode, `${fieldPath}[0]`, { min: 0 });
    const maxMs = reader.number(value.items[1] as YamlNode, `${fieldPath}[1]`, { above: 0 });
    if (minMs === undefined || maxMs === undefined) return undefined;
    if (maxMs < minMs) {
      reader.problem(value, fieldPath, `reversed: min ${minMs} is more than max ${maxMs}`);
      return undefined;
    }
    return { kind: 'uniform', minMs, maxMs };
  }
  const parameters = reader.map(value, fieldPath, ['mean', 'min']);
  if (!parameters) return undefined;
  if (!parameters.has('mean')) {
    reader.problem(value, `${fieldPath}.mean`, 'missing');
    return undefined;
  }
  const meanMs = reader.number(parameters.get('mean')!.value, `${fieldPath}.mean`, { above: 0 });
  const minMs = parameters.has('min') ? reader.number(parameters.get('min')!.value, `${fieldPath}.min`, { min: 0 }) : 0;
  if (meanMs === undefined || minMs === undefined) return undefined;
  if (minMs >= meanMs) {
    reader.problem(value, fieldPath, `reversed: min ${minMs} must be less than the mean ${meanMs}`);
    return undefined;
  }
  return { kind: 'exponential', meanMs, minMs };
}

function readProbability(reader: Reader, node: YamlNode | null, path: string): number | undefined {
  return reader.number(node, path, { min: 0, max: 1 });
}

function readNetwork(reader: Reader, node: YamlNode | null, scenario: Scenario): void {
  const entries = reader.map(node, 'network', ['delay', 'loss', 'duplicate', 'links']);
  if (!entries) return;
  const network = scenario.network;
  if (entries.has('delay')) network.delay = readDelay(reader, entries.get('delay')!.value, 'network.delay') ?? DEFAULT_DELAY;
  if (entries.has('loss')) network.loss = readProbability(reader, entries.get('loss')!.value, 'network.loss') ?? 0;
  if (entries.has('duplicate')) network.duplicate = readProbability(reader, entries.get('duplicate')!.value, 'network.duplicate') ?? 0;
  if (!entries.has('links')) return;
  const links = entries.get('links')!.value;
  if (!isSeq(links)) {
    reader.problem(links, 'network.links', 'must be a list of { from, to, delay, loss, duplicate }');
    return;
  }
  links.items.forEach((item, index) => {
    const path = `network.links[${index}]`;
    const itemNode = item as YamlNode;
    const link = reader.map(itemNode, path, ['from', 'to', 'delay', 'loss', 'duplicate']);
    if (!link) return;
    const override: Partial<LinkOverride> = {};
    for (const end of ['from', 'to'] as const) {
      if (!link.has(end)) reader.problem(itemNode, `${path}.${end}`, 'missing');
      else override[end] = reader.text(link.get(end)!.value, `${path}.${end}`);
    }
    if (link.has('delay')) override.delay = readDelay(reader, link.get('delay')!.value, `${path}.delay`);
    if (link.has('loss')) override.loss = readProbability(reader, link.get('loss')!.value, `${path}.loss`);
    if (link.has('duplicate')) override.duplicate = readProbability(reader, link.get('duplicate')!.value, `${path}.duplicate`);
    if (!link.has('delay') && !link.has('loss') && !link.has('duplicate')) reader.problem(itemNode, path, 'give at least one of delay, loss, duplicate');
    if (override.from !== undefined && override.from === override.to) reader.problem(itemNode, path, 'a link joins two different nodes');
    if (override.from !== undefined && override.to !== undefined) {
      scenario.network.links.push(override as LinkOverride);
      reader.named.push({ name: override.from, node: link.get('from')!.value, path: `${path}.from` }, { name: override.to, node: link.get('to')!.value, path: `${path}.to` });
    }
  });
}

function readTimeouts(reader: Reader, node: YamlNode | null): { rpcMs: number; retries: number } | undefined {
  const entries = reader.map(node, 'timeouts', ['rpcMs', 'retries']);
  if (!entries) return undefined;
  const rpcMs = entries.has('rpcMs') ? reader.number(entries.get('rpcMs')!.value, 'timeouts.rpcMs', { above: 0 }) : 1000;
  const retries = entries.has('retries') ? reader.number(entries.get('retries')!.value, 'timeouts.retries', { integer: true, min: 0, max: 100 }) : 3;
  return rpcMs === undefined || retries === undefined ? undefined : { rpcMs, retries };
}

interface NamedClock {
  name: string;
  clock: PhysicalClock;
}

function readClocks(reader: Reader, node: YamlNode | null): NamedClock[] {
  const clocks: NamedClock[] = [];
  if (!isMap(node)) {
    reader.problem(node, 'clocks', 'must map node names to { offsetMs, driftPpm }');
    return clocks;
  }
  for (const pair of node.items) {
    const name = reader.text(pair.key as YamlNode, 'clocks');
    if (name === undefined) continue;
    const path = `clocks.${name}`;
    const entries = reader.map(pair.value as YamlNode | null, path, ['offsetMs', 'driftPpm']);
    if (!entries) continue;
    const offsetMs = entries.has('offsetMs') ? reader.number(entries.get('offsetMs')!.value, `${path}.offsetMs`) : 0;
    const driftPpm = entries.has('driftPpm') ? reader.number(entries.get('driftPpm')!.value, `${path}.driftPpm`, { min: -1e6, max: 1e6 }) : 0;
    reader.named.push({ name, node: pair.key as YamlNode, path });
    if (offsetMs !== undefined && driftPpm !== undefined) clocks.push({ name, clock: { offsetMs, driftPpm } });
  }
  return clocks;
}

interface WrittenStep {
  step: Step;
  node: YamlNode;
  path: string;
}

const USER_ACTIONS = ['join', 'publish', 'leave'] as const;
const FAULT_ACTIONS = ['partition', 'block', 'heal', 'crash', 'restart'] as const;
const STEP_ACTIONS = [...USER_ACTIONS, ...FAULT_ACTIONS] as const;
type StepAction = (typeof STEP_ACTIONS)[number];

function readSteps(reader: Reader, node: YamlNode | null): WrittenStep[] {
  const steps: WrittenStep[] = [];
  if (!isSeq(node)) {
    reader.problem(node, 'steps', 'must be a list of steps like { at: 0, join: "1111" }');
    return steps;
  }
  if (node.items.length > SCENARIO_LIMITS.steps) {
    reader.problem(node, 'steps', `more than ${SCENARIO_LIMITS.steps} steps; use a generate: section for large workloads`);
    return steps;
  }
  let lastAtMs = 0;
  node.items.forEach((item, index) => {
    const path = `steps[${index}]`;
    const stepNode = item as YamlNode;
    const entries = reader.map(stepNode, path, ['at', ...STEP_ACTIONS, 'message']);
    if (!entries) return;
    let atMs: number | undefined;
    if (!entries.has('at')) reader.problem(stepNode, `${path}.at`, 'missing: when the step happens, in ms');
    else atMs = reader.number(entries.get('at')!.value, `${path}.at`, { min: 0 });
    if (atMs !== undefined) {
      if (atMs < lastAtMs) reader.problem(entries.get('at')!.value, `${path}.at`, `steps must be in time order: ${atMs} comes after ${lastAtMs}`);
      else lastAtMs = atMs;
    }
    const actions = STEP_ACTIONS.filter((action) => entries.has(action));
    if (actions.length !== 1) {
      reader.problem(stepNode, path, actions.length === 0 ? `missing the action: one of ${STEP_ACTIONS.join(', ')}` : `one action per step, found ${actions.join(' and ')}`);
      return;
    }
    const action = actions[0];
    const actionPath = `${path}.${action}`;
    const value = entries.get(action)!.value;
    if (action !== 'publish' && entries.has('message')) {
      reader.problem(entries.get('message')!.key, `${path}.message`, `only a publish has a message, not a ${action}`);
    }
    const step = readStepAction(reader, action, value, actionPath, entries.get('message')?.value, stepNode, path);
    if (atMs === undefined || step === undefined) return;
    steps.push({ step: { ...step, atMs } as Step, node: value ?? stepNode, path: actionPath });
  });
  return steps;
}

type StepWithoutTime = Step extends infer S ? (S extends Step ? Omit<S, 'atMs'> : never) : never;

function readStepAction(
  reader: Reader,
  action: StepAction,
  value: YamlNode | null,
  path: string,
  message: YamlNode | null | undefined,
  stepNode: YamlNode,
  stepPath: string,
): StepWithoutTime | undefined {
  const nodeName = (node: YamlNode | null, namePath: string): string | undefined => {
    const name = reader.text(node, namePath);
    if (name !== undefined) reader.named.push({ name, node, path: namePath });
    return name;
  };
  switch (action) {
    case 'join':
    case 'leave': {
      const participant = reader.text(value, path);
      if (participant === undefined) return undefined;
      checkName(reader, value, path, participant);
      return { kind: action, participant };
    }
    case 'publish': {
      const participant = reader.text(value, path);
      if (participant !== undefined) checkName(reader, value, path, participant);
      if (message === undefined) {
        reader.problem(stepNode, `${stepPath}.message`, 'missing: the chat text to publish');
        return undefined;
      }
      const text = reader.text(message, `${stepPath}.message`);
      return participant === undefined || text === undefined ? undefined : { kind: 'publish', participant, text };
    }
    case 'crash':
    case 'restart': {
      const node = nodeName(value, path);
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
            const name = nodeName(member as YamlNode, `${path}[${g}][${m}]`);
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
      const ends = readEnds(reader, value, path, nodeName);
      return ends === undefined ? undefined : { kind: 'block', ...ends };
    }
    case 'heal': {
      if (isScalar(value) && value.value === 'all') return { kind: 'heal' };
      const ends = readEnds(reader, value, path, nodeName, 'must be all, or { from, to } of a block');
      return ends === undefined ? undefined : { kind: 'heal', ...ends };
    }
  }
}

function readEnds(
  reader: Reader,
  value: YamlNode | null,
  path: string,
  nodeName: (node: YamlNode | null, path: string) => string | undefined,
  wrongShape = 'must be { from, to }',
): { from: string; to: string } | undefined {
  if (!isMap(value)) {
    reader.problem(value, path, wrongShape);
    return undefined;
  }
  const entries = reader.map(value, path, ['from', 'to']);
  if (!entries) return undefined;
  const from = entries.has('from') ? nodeName(entries.get('from')!.value, `${path}.from`) : (reader.problem(value, `${path}.from`, 'missing'), undefined);
  const to = entries.has('to') ? nodeName(entries.get('to')!.value, `${path}.to`) : (reader.problem(value, `${path}.to`, 'missing'), undefined);
  if (from !== undefined && from === to) reader.problem(value, path, 'from and to must be different nodes');
  return from === undefined || to === undefined ? undefined : { from, to };
}

function checkName(reader: Reader, node: YamlNode | null, path: string, name: string): void {
  if (name === '') reader.problem(node, path, 'a participant name cannot be empty');
  else if (name === SERVER_NAME) reader.problem(node, path, `"${SERVER_NAME}" is the server's name; choose another for a participant`);
  else if (/[,\s]/.test(name)) reader.problem(node, path, 'a participant name cannot contain spaces or commas');
  else if ([...name].length > SCENARIO_LIMITS.nameLength) reader.problem(node, path, `a participant name has at most ${SCENARIO_LIMITS.nameLength} characters`);
}

/**
 * Publishes and leaves need an earlier join; a join needs the name not to be in already; a crashed
 * participant does nothing until it restarts (and then joins again by itself); crash and restart
 * alternate.
 */
function checkMembership(reader: Reader, written: WrittenStep[], hasGenerated: boolean): void {
  const members = new Set<string>();
  const down = new Set<string>();
  for (const { step, node, path } of written) {
    if (step.kind === 'crash') {
      if (down.has(step.node)) reader.problem(node, path, `"${step.node}" has already crashed`);
      down.add(step.node);
      continue;
    }
    if (step.kind === 'restart') {
      if (!down.has(step.node)) reader.problem(node, path, `"${step.node}" has not crashed, so it cannot restart`);
      down.delete(step.node);
      continue;
    }
    if (!isUserStep(step)) continue;
    if (hasGenerated && /^p\d+$/.test(step.participant)) {
      reader.problem(node, path, 'names p0, p1, ... are taken by the generate: section');
      continue;
    }
    if (down.has(step.participant)) {
      reader.problem(node, path, `"${step.participant}" has crashed and not restarted`);
      continue;
    }
    if (step.kind === 'join') {
      if (members.has(step.participant)) reader.problem(node, path, `"${step.participant}" has already joined and not left`);
      members.add(step.participant);
    } else if (!members.has(step.participant)) {
      reader.problem(node, path, `"${step.participant}" has not joined (or has left) before this ${step.kind}`);
    } else if (step.kind === 'leave') {
      members.delete(step.participant);
    }
  }
}

/** Nodes named by faults, links and clocks must be the server or participants of the scenario. */
function checkNodeNames(reader: Reader, scenario: Scenario, written: WrittenStep[], _clocks: NamedClock[]): void {
  const known = new Set<string>([SERVER_NAME]);
  for (const { step } of written) if (isUserStep(step)) known.add(step.participant);
  const generated = scenario.generate?.participants ?? 0;
  for (const { name, node, path } of reader.named) {
    const isGenerated = /^p\d+$/.test(name) && Number(name.slice(1)) < generated;
    if (!known.has(name) && !isGenerated) reader.problem(node, path, `no node "${name}": name the server or a participant that joins`);
  }
}

function readGenerator(reader: Reader, node: YamlNode | null): Generator | undefined {
  const entries = reader.map(node, 'generate', ['participants', 'publishesEach', 'joinAt', 'window']);
  if (!entries) return undefined;
  const get = (name: string) => entries.get(name)?.value ?? null;
  const participants = reader.number(get('participants'), 'generate.participants', { integer: true, min: 1, max: SCENARIO_LIMITS.generatedParticipants });
  const publishesEach = reader.number(get('publishesEach'), 'generate.publishesEach', { integer: true, min: 0 });
  const joinAtMs = entries.has('joinAt') ? reader.number(get('joinAt'), 'generate.joinAt', { min: 0 }) : 0;
  const window = get('window');
  let windowMs: [number, number] | undefined;
  if (!isSeq(window) || window.items.length !== 2) reader.problem(window, 'generate.window', 'must be [from, to] in ms', node ?? undefined);
  else {
    const fromMs = reader.number(window.items[0] as YamlNode, 'generate.window[0]', { min: 0 });
    const toMs = reader.number(window.items[1] as YamlNode, 'generate.window[1]', { min: 0 });
    if (fromMs !== undefined && toMs !== undefined) {
      if (toMs < fromMs) reader.problem(window, 'generate.window', `reversed: ${fromMs} is after ${toMs}`);
      else if (joinAtMs !== undefined && fromMs < joinAtMs) reader.problem(window, 'generate.window', 'publishes start before the joins');
      else windowMs = [fromMs, toMs];
    }
  }
  if (participants !== undefined && publishesEach !== undefined && participants * publishesEach > SCENARIO_LIMITS.generatedPublishes) {
    reader.problem(node, 'generate', `more than ${SCENARIO_LIMITS.generatedPublishes} publishes in all`);
    return undefined;
  }
  if (participants === undefined || publishesEach === undefined || joinAtMs === undefined || windowMs === undefined) return undefined;
  return { participants, publishesEach, joinAtMs, windowMs };
}

/** Merges written and generated steps by time; at equal times written steps come first. */
function mergeSteps(written: Step[], generated: Step[]): Step[] {
  if (generated.length === 0) return written;
  const sortedGenerated = generated.map((step, order) => ({ step, order })).sort((a, b) => a.step.atMs - b.step.atMs || a.order - b.order);
  const merged: Step[] = [];
  let w = 0;
  for (const { step } of sortedGenerated) {
    while (w < written.length && written[w].atMs <= step.atMs) merged.push(written[w++]);
    merged.push(step);
  }
  while (w < written.length) merged.push(written[w++]);
  return merged;
}
