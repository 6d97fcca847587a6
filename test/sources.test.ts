/**
 * The rule that makes runs reproducible, checked on the sources: below the front ends (`src/cli`,
 * and the playground page's entry, the command line's counterpart in a browser) nothing reads
 * real time, starts a timer or draws unseeded randomness. Same scenario and seed must give
 * byte-identical traces, logs and diagrams on any machine; only a front end may look at the clock
 * (progress, timings, waiting for a pause in the typing). The playground's other files, which run
 * scenarios and step through them in the page, are held to the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

/** What breaks determinism, and how it shows in code. `new Date(ms)` with an argument is calendar arithmetic on virtual time and allowed. */
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'Math.random (unseeded randomness)', pattern: /\bMath\s*\.\s*random\b/ },
  { what: 'crypto randomness', pattern: /\b(?:getRandomValues|randomUUID|randomBytes|randomInt)\b/ },
  { what: 'seedrandom without a seed', pattern: /\bseedrandom\s*\(\s*\)/ },
  { what: 'Date.now (real time)', pattern: /\bDate\s*\.\s*now\b/ },
  { what: 'new Date() without a time (real time)', pattern: /\bnew\s+Date\s*(?:\(\s*\)|(?![\s(]))/ },
  { what: 'Date() called as a function (real time)', pattern: /(?<![.\w]|new\s+)Date\s*\(\s*\)/ },
  { what: 'performance.now (real time)', pattern: /\bperformance\s*\.\s*now\b/ },
  { what: 'process.hrtime (real time)', pattern: /\bprocess\s*\.\s*hrtime\b/ },
  { what: 'a timer', pattern: /\b(?:setTimeout|setInterval|setImmediate)\b/ },
];

/** The text of a source with its comments blanked (strings kept), so that prose about the rule does not trip it. */
function withoutComments(source: string): string {
  return source.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\[\s\S]|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, literal: string | undefined) =>
    literal !== undefined ? literal : match.replace(/[^\n]/g, ' '),
  );
}

/** `FILE:LINE: what` for every use of something forbidden. */
function findForbidden(file: string, source: string): string[] {
  const found: string[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((line, index) => {
      for (const { what, pattern } of FORBIDDEN) if (pattern.test(line)) found.push(`${file}:${index + 1}: ${what}`);
    });
  return found;
}

/** The folders of src/ that are front ends: they may read the clock and start timers. */
const FRONT_ENDS = ['cli'];
/** Files of other folders that are front ends too: the playground page's entry, which hands the page the browser's clock. */
const FRONT_END_FILES = [path.join('src', 'playground', 'main.ts')];

/** The TypeScript sources below the front ends: every other folder of src/, and files directly in src/. */
function sourcesBelowCli(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(?:ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !FRONT_ENDS.some((folder) => file.startsWith(path.join('src', folder) + path.sep)) && !FRONT_END_FILES.includes(file))
    .sort();
}

describe('sources below the front ends', () => {
  it('read no real time, start no timer and draw no unseeded randomness', () => {
    const files = sourcesBelowCli();
    // Every folder but cli/ is scanned, including ones added later.
    const folders = new Set(files.map((file) => file.split(path.sep)[1]));
    for (const folder of readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !FRONT_ENDS.includes(entry.name))) {
      expect(folders, `src/${folder.name} has no sources scanned`).toContain(folder.name);
    }
    for (const folder of FRONT_ENDS) expect(folders).not.toContain(folder);
    const found = files.flatMap((file) => findForbidden(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found, 'move reads of the clock, timers and randomness up into src/cli, or draw from a seeded stream (src/sim/random.ts)').toEqual([]);
  });

  it('the scan finds each forbidden use, and passes comments and calendar arithmetic', () => {
    const caught = [
      'const r = Math.random();',
      'const t = Date.now();',
      'const d = new Date();',
      'const d = new Date;',
      'const s = Date();',
      'const p = performance.now();',
      'const h = process.hrtime.bigint();',
      'setTimeout(() => {}, 10);',
      'const id = setInterval(tick, 5);',
      'setImmediate(next);',
      'const u = crypto.randomUUID();',
      'const b = randomBytes(8);',
      'const rng = seedrandom();',
    ];
    for (const line of caught) expect(findForbidden('x.ts', line), line).toHaveLength(1);
    const passed = [
      '// no Math.random or Date.now here',
      '/* setTimeout would break determinism */',
      '/**\n * performance.now() is for the command line only\n */',
      'const day = new Date(epochMs);',
      'const stamp = new Date(Math.floor(epochMs / 1000) * 1000);',
      'const rng = seedrandom(String(seed));',
      'const random = createStream(seed, "workload");',
      'const timeoutMs = 100;',
    ];
    for (const line of passed) expect(findForbidden('x.ts', line), line).toEqual([]);
  });
});
