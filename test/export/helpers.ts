/** Shared by the export tests: traces of the shipped scenarios and an independent ShiViz reader. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';
import { loadScenarioFile, ROOT, runToText, scenarioFromText } from '../helpers.js';

/** Every shipped scenario but the benchmark (too large to look at). */
export const SCENARIOS = readdirSync(path.join(ROOT, 'scenarios'))
  .filter((name) => name.endsWith('.yaml') && name !== 'bench-broadcast.yaml')
  .sort();

export interface Trace {
  header: TraceHeader;
  events: TraceEvent[];
}

const cache = new Map<string, Trace>();

/** The trace of a shipped scenario, read back from its NDJSON as the CLI would. */
export function scenarioTrace(name: string, vectorClocks = true): Trace {
  const key = `${name}:${vectorClocks}`;
  let trace = cache.get(key);
  if (trace === undefined) {
    const { header, events } = readTrace(runToText(loadScenarioFile(name), { vectorClocks }).trace);
    trace = { header, events };
    cache.set(key, trace);
  }
  return trace;
}

/** A run whose chat texts and names are as hostile to Mermaid, LaTeX and ShiViz as a scenario allows. */
export const HOSTILE_SCENARIO = `
name: "Hostile; #1 <b>\\"x\\"</b> & 100% {a} \\\\ $ _ ~ ^"
seed: 1
steps:
  - { at: 0, join: "end" }
  - { at: 10, join: "a-b>c" }
  - { at: 20, join: "bob" }
  - { at: 100, publish: "end", message: "semi; hash # quote \\" lt < gt > amp & pct % line1\\nline2\\r\\nline3 \\u2028 sep \\t tab" }
  - { at: 200, publish: "a-b>c", message: "wrap: \\\\end{tikzpicture} \\\\\\\\ $x^2$ _ { } ~ % & # 🍓 👋 é ø å Ω 中文 \\u0007 bell -- \`\` !\` x {y}" }
  - { at: 300, publish: "end", message: "nowrap:%%{init: {'theme':'dark'}}%% <br> <script>alert(1)</script> #59; &amp;" }
  - { at: 400, publish: "bob", message: "bob {\\"server\\":1}" }
  - { at: 500, publish: "bob", message: "(?<event>.*)\\\\n(?<host>\\\\S*) (?<clock>{.*})" }
`;

export function hostileTrace(): Trace {
  let trace = cache.get('hostile');
  if (trace === undefined) {
    const { header, events } = readTrace(runToText(scenarioFromText(HOSTILE_SCENARIO)).trace);
    trace = { header, events };
    cache.set('hostile', trace);
  }
  return trace;
}

/** One event of a ShiViz log as ShiViz's default regular expression reads it. */
export interface ShivizEntry {
  event: string;
  host: string;
  clock: Record<string, number>;
  /** ShiViz's parents of the event (host and own count), from the jumps in its clock. */
  parents: { host: string; count: number }[];
}

/**
 * Reads a ShiViz log as ShiViz does (the default regex, applied over the whole text) and checks
 * ShiViz's rules: the host's own entry is present, counts 1, 2, 3, ... per host, entries for other
 * hosts never go down and point at events that exist. Also checks that the regex reads every
 * event line and clock line as a pair (nothing is skipped or misaligned). Throws on any breach.
 */
export function readAsShiviz(log: string): ShivizEntry[] {
  const lines = log.split('\n');
  if (lines[0] !== String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})` || lines[1] !== '') throw new Error('the file must start with the regex line and an empty delimiter line');
  if (lines.at(-1) !== '') throw new Error('the file must end in a newline');
  const body = lines.slice(2, -1);
  if (body.length % 2 !== 0) throw new Error('an event line without its clock line');
  const regex = new RegExp(lines[0].replace(/\\n/g, '\n'), 'gm');
  const matches = [...log.trim().matchAll(regex)];
  if (matches.length !== body.length / 2) throw new Error(`the default regex finds ${matches.length} events in ${body.length / 2} entries`);
  const entries: ShivizEntry[] = matches.map((match, k) => {
    const { event, host, clock } = match.groups!;
    if (event !== body[2 * k] || `${host} ${clock}` !== body[2 * k + 1]) throw new Error(`entry ${k} is misread: ${JSON.stringify(match[0])}`);
    const parsed = JSON.parse(clock) as Record<string, number>;
    if (!Object.hasOwn(parsed, host)) throw new Error(`entry ${k}: the clock has no entry for its host ${host}`);
    return { event, host, clock: parsed, parents: [] };
  });
  const byHost = new Map<string, ShivizEntry[]>();
  for (const entry of entries) {
    if (!byHost.has(entry.host)) byHost.set(entry.host, []);
    byHost.get(entry.host)!.push(entry);
  }
  for (const [host, list] of byHost) {
    const known: Record<string, number> = {};
    list.forEach((entry, k) => {
      if (entry.clock[host] !== k + 1) throw new Error(`${host}: own entry ${entry.clock[host]} where ShiViz needs ${k + 1}`);
      for (const [other, count] of Object.entries(known)) if ((entry.clock[other] ?? 0) < count) throw new Error(`${host}: entry for ${other} goes down`);
      const candidates: ShivizEntry[] = [];
      for (const [other, count] of Object.entries(entry.clock)) {
        if (other === host) continue;
        const theirs = byHost.get(other);
        if (theirs === undefined || count > theirs.length || count < 0 || !Number.isInteger(count)) throw new Error(`${host}: entry ${other}:${count} names no event`);
        if (count > (known[other] ?? 0)) candidates.push(theirs[count - 1]);
        known[other] = Math.max(known[other] ?? 0, count);
      }
      // ShiViz drops a candidate that another candidate already knew.
      const covered = new Set(candidates.flatMap((c) => Object.entries(c.clock).filter(([h]) => h !== c.host).map(([h, n]) => `${h}:${n}`)));
      entry.parents = candidates.filter((c) => !covered.has(`${c.host}:${c.clock[c.host]}`)).map((c) => ({ host: c.host, count: c.clock[c.host] }));
    });
  }
  return entries;
}
