/**
 * Reading YAML with every problem located: the document is refused before parsing when it is
 * nested too deep to parse safely, parse errors carry their own line and column, and the
 * {@link Reader} reports each wrong value with its line, column and field, collecting them all.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';

/** One thing wrong with a scenario file. Lines and columns count from 1. */
export interface ScenarioProblem {
  line: number;
  col: number;
  /** The field, e.g. `steps[2].at`; '' for the file as a whole. */
  path: string;
  message: string;
}

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
  /** Longest node name, in code points. */
  nameLength: 64,
} as const;

/** Deepest indentation accepted, in columns: deep enough for any scenario, far from the parser's limits. */
const MAX_INDENT_COLUMNS = 256;

/** The problem reported for a file over {@link SCENARIO_LIMITS}.fileBytes. */
export function tooLargeProblem(): ScenarioProblem {
  return { line: 1, col: 1, path: '', message: `the file is larger than ${SCENARIO_LIMITS.fileBytes / 1024 / 1024} MiB; use a generate: section for large workloads` };
}

/** Formats a problem as `FILE:LINE:COL: path: message`. */
export function formatProblem(file: string, problem: ScenarioProblem): string {
  return `${file}:${problem.line}:${problem.col}: ${problem.path ? problem.path + ': ' : ''}${problem.message}`;
}

/** A parsed document, or the problems that stopped it. */
export type YamlResult = { ok: true; document: Document; reader: Reader } | { ok: false; problems: ScenarioProblem[] };

/** Parses `text` as one YAML document, refusing what is too large or too deeply nested to parse safely. */
export function parseYaml(text: string): YamlResult {
  if (text.length > SCENARIO_LIMITS.fileBytes) return { ok: false, problems: [tooLargeProblem()] };
  const tooComplex = prescan(text);
  if (tooComplex) return { ok: false, problems: [tooComplex] };
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true, stringKeys: false });
  const reader = new Reader(lines);
  for (const error of document.errors) {
    // Without prettyErrors the error carries only its offset: the line counter places it.
    const position = lines.linePos(error.pos[0]);
    reader.problems.push({ line: position.line, col: position.col, path: '', message: error.message.split('\n')[0] });
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  const tooDeep = findTooDeep(document.contents as YamlNode | null);
  if (tooDeep) {
    reader.problem(tooDeep, '', `nested more than ${SCENARIO_LIMITS.depth} levels deep`);
    return { ok: false, problems: reader.problems };
  }
  return { ok: true, document, reader };
}

/** One mapping's entries by key. */
export type Entries = Map<string, { key: YamlNode; value: YamlNode | null }>;

/** A node named somewhere in the file; checked against the scenario's nodes at the end. */
export interface NamedNode {
  name: string;
  node: YamlNode | null;
  path: string;
}

/** Reads values out of a document, collecting a located problem for each wrong one. */
export class Reader {
  readonly problems: ScenarioProblem[] = [];
  /** Node names the file mentions outside its list of nodes. */
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
  map(node: YamlNode | null | undefined, path: string, allowed: readonly string[]): Entries | undefined {
    const entries: Entries = new Map();
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

  /** A node name; remembered, to be checked against the scenario's nodes. */
  nodeName(node: YamlNode | null, path: string): string | undefined {
    const name = this.text(node, path);
    if (name !== undefined) this.named.push({ name, node, path });
    return name;
  }

  /** Any YAML value as plain data (mappings become objects); aliases are refused. */
  data(node: YamlNode | null, path: string): unknown {
    if (node === null) return null;
    if (isAlias(node)) {
      this.problem(node, path, 'aliases (*name) are not supported in scenario files');
      return undefined;
    }
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, index) => this.data(item as YamlNode, `${path}[${index}]`));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = this.text(pair.key as YamlNode, path);
        if (key === undefined) continue;
        // defineProperty: a key named __proto__ is data like any other.
        Object.defineProperty(result, key, { value: this.data(pair.value as YamlNode | null, `${path}.${key}`), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    return undefined;
  }
}

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
export function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.line - b.problem.line || a.problem.col - b.problem.col || a.order - b.order)
    .map((entry) => entry.problem);
}

/** The first collection nested deeper than the limit, found without recursion. */
function findTooDeep(root: YamlNode | null): YamlNode | undefined {
  const stack: [YamlNode | null, number][] = [[root, 0]];
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
