#!/usr/bin/env node
// `npm run playground`: builds the playground, the whole simulator in one offline web page, into
// site/ (git-ignored) and prints the path of site/index.html. esbuild bundles src/playground/main.ts
// with the engine, parser, checker and diagram modules the command line uses; the build fails when
// anything Node-only (node: built-ins, jsdom, d3-node, src/cli) would reach the bundle. Run with
// tsx loaded (the npm script does), as it reads the emoji font with src/view/emoji-font.ts.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'src', 'playground');

/** What must never be bundled for the page: Node-only packages and the command line's folder. */
const NODE_ONLY = [
  { what: 'jsdom', pattern: /(^|\/)node_modules\/jsdom\// },
  { what: 'd3-node', pattern: /(^|\/)node_modules\/d3-node\// },
  { what: 'resvg', pattern: /(^|\/)node_modules\/@resvg\// },
  { what: 'subset-font', pattern: /(^|\/)node_modules\/subset-font\// },
  { what: 'yargs', pattern: /(^|\/)node_modules\/yargs\// },
  { what: 'src/cli (the command line)', pattern: /(^|\/)src\/cli\// },
  { what: "src/diagram/svg.ts, fonts.ts, shipped-fonts.ts or png.ts (Node-only adapters: d3-node's jsdom, font files, resvg)", pattern: /(^|\/)src\/diagram\/(svg|fonts|shipped-fonts|png)\.ts$/ },
  { what: 'a Node built-in', pattern: /^(node:|fs$|path$|worker_threads$|child_process$|crypto$|os$)/ },
];

/**
 * The bundle's inputs that are Node-only, as `input (what it is)`; empty when the bundle is fit
 * for a browser. Also every import esbuild left external (a Node built-in it could not bundle).
 */
export function nodeOnlyInputs(metafile) {
  const found = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const rule = NODE_ONLY.find(({ pattern }) => pattern.test(input));
    if (rule) found.push(`${input} (${rule.what})`);
    for (const imported of info.imports ?? []) {
      if (imported.external && isBuiltin(imported.path)) found.push(`${imported.path}, imported by ${input} (left external: not bundled for the browser)`);
    }
  }
  return found;
}

/**
 * Leaves Node's built-ins out of the bundle as externals instead of failing on them, so that
 * nodeOnlyInputs names them with whoever imported them.
 */
const nodeBuiltinsExternal = {
  name: 'node-built-ins',
  setup(build) {
    const names = new Set(builtinModules);
    const again = Symbol('resolving');
    build.onResolve({ filter: /^[a-z_:/]+$/ }, async (args) => {
      if (args.pluginData === again || !isBuiltin(args.path, names)) return undefined;
      // A package may map a built-in away for browsers (its "browser" field): esbuild knows.
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: again });
      if (resolved.errors.length > 0) return { path: args.path, external: true };
      if (path.isAbsolute(resolved.path)) return { path: resolved.path, sideEffects: resolved.sideEffects };
      // Mapped to `false`: the package does without it in a browser (seedrandom's crypto).
      return { path: args.path, namespace: 'browser-disabled' };
    });
    build.onLoad({ filter: /.*/, namespace: 'browser-disabled' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

function isBuiltin(name, names = new Set(builtinModules)) {
  return name.startsWith('node:') || names.has(name);
}

/** The bundle of `entry` for the page: an IIFE script (a page opened from file:// runs no modules). */
export async function bundle(entry, outfile) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16.4'],
    minify: true,
    legalComments: 'eof',
    metafile: true,
    write: outfile !== undefined,
    outfile: outfile ?? path.join(ROOT, 'site', 'bundle.js'),
    absWorkingDir: ROOT,
    logLevel: 'silent',
    plugins: [nodeBuiltinsExternal],
  });
  const offending = nodeOnlyInputs(result.metafile);
  if (offending.length > 0) throw new Error(`the playground's bundle must not hold Node-only code, but it holds:\n  ${offending.join('\n  ')}`);
  return result;
}

/** The shipped scenarios (all but the benchmark's), for the page's "Start from" menu. */
function examples() {
  const folder = path.join(ROOT, 'scenarios');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml') && !name.startsWith('bench-'))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(folder, file), 'utf8') }));
}

/** JSON that can stand in a `<script>` element. */
function scriptSafeJson(value) {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Emoji the page draws with Noto Emoji whatever the machine has: the blocks people type from. */
function emojiTexts() {
  const ranges = [
    [0x2600, 0x27bf],
    [0x1f300, 0x1f5ff],
    [0x1f600, 0x1f64f],
    [0x1f680, 0x1f6ff],
    [0x1f900, 0x1f9ff],
    [0x1fa70, 0x1faff],
  ];
  const codePoints = [];
  for (const [first, last] of ranges) for (let codePoint = first; codePoint <= last; codePoint++) codePoints.push(codePoint);
  return [String.fromCodePoint(...codePoints)];
}

/** Every file of a folder with its size in bytes. */
function sizes(folder) {
  return readdirSync(folder).map((name) => ({ name, bytes: statSync(path.join(folder, name)).size }));
}

/**
 * Builds the site into `outDir` (default site/).
 * @returns the path of index.html, the files with their sizes, and esbuild's metafile.
 */
export async function buildPlayground({ outDir = path.join(ROOT, 'site') } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await bundle(path.join(SOURCE, 'main.ts'), path.join(outDir, 'playground.js'));
  const { emojiFontFace } = await import(pathToFileURL(path.join(ROOT, 'src', 'view', 'emoji-font.ts')).href);
  const font = await emojiFontFace(emojiTexts());
  writeFileSync(path.join(outDir, 'playground.css'), (font?.css ?? '') + readFileSync(path.join(SOURCE, 'playground.css'), 'utf8'));
  const page = readFileSync(path.join(SOURCE, 'index.html'), 'utf8').replace(
    '<!--examples-->',
    `<script type="application/json" id="chitty-examples">${scriptSafeJson(examples())}</script>`,
  );
  writeFileSync(path.join(outDir, 'index.html'), page);
  return { index: path.join(outDir, 'index.html'), files: sizes(outDir), metafile: result.metafile };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--out DIR` builds elsewhere (the benchmark does).
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? path.resolve(process.argv[at + 1]) : undefined;
  try {
    const { index, files } = await buildPlayground({ outDir });
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    process.stderr.write(`playground: ${files.length} files, ${(total / 1024).toFixed(0)} KB\n`);
    process.stdout.write(`${path.relative(process.cwd(), index)}\n`);
  } catch (error) {
    process.stderr.write(`playground: ${error.message}\n`);
    process.exit(1);
  }
}
