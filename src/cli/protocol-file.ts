/**
 * Loading a protocol: a built-in by name, or a module by path (`.mjs`/`.js` as they are, `.ts` with
 * tsx, no build step), checked to be a protocol, with errors that name the file and what is wrong.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from '../protocols/protocol.js';
import { builtinProtocol, BUILTIN_PROTOCOL_NAMES } from '../protocols/registry.js';
import { InputError } from './errors.js';
import { ProtocolLoadError } from './protocol-load-error.js';

export { ProtocolLoadError } from './protocol-load-error.js';

/** A protocol and where it came from. */
export interface LoadedProtocol {
  protocol: Protocol;
  /** The module's absolute path; undefined for a built-in. */
  file: string | undefined;
}

const TYPESCRIPT = /\.(m?ts|cts)$/;

/**
 * The protocol `ref` names: a built-in's name, or a module's path relative to `baseDir`.
 * @param context - what named it, for messages (`protocol: in scenarios/ring.yaml`).
 */
export async function loadProtocol(ref: string, baseDir: string, context: string): Promise<LoadedProtocol> {
  const builtin = builtinProtocol(ref);
  if (builtin !== undefined) return { protocol: builtin, file: undefined };
  const file = path.resolve(baseDir, ref);
  if (!existsSync(file)) {
    throw new InputError(`${ref}: no such protocol file (${context}, looked for ${file}); the built-in protocols are ${BUILTIN_PROTOCOL_NAMES.join(', ')}`);
  }
  if (statSync(file).isDirectory()) throw new InputError(`${file}: is a directory, not a protocol module (${context})`);
  let module: Record<string, unknown>;
  try {
    module = (await importModule(file)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError || /^Transform failed/.test((error as Error)?.message ?? '')) throw new InputError(await locateSyntaxError(file, error as Error, context));
    throw new ProtocolLoadError(file, error);
  }
  return { protocol: checkProtocol(module, file), file };
}

/**
 * Where a syntax error is: Node's error for a module does not say, so the file is parsed again with
 * esbuild (which tsx brings), whose error names the line and column.
 */
async function locateSyntaxError(file: string, error: Error, context: string): Promise<string> {
  try {
    const [{ transform }, { readFile }] = await Promise.all([import('esbuild'), import('node:fs/promises')]);
    await transform(await readFile(file, 'utf8'), { loader: TYPESCRIPT.test(file) ? 'ts' : 'js', format: 'esm', sourcefile: file });
  } catch (located) {
    const first = (located as { errors?: { text: string; location?: { line: number; column: number; lineText: string } }[] }).errors?.[0];
    if (first?.location) {
      const { line, column, lineText } = first.location;
      return `${file}:${line}:${column + 1}: syntax error: ${first.text} (the protocol named by ${context})\n    ${lineText}\n    ${' '.repeat(column)}^`;
    }
  }
  return `${file}: syntax error: ${error.message} (the protocol named by ${context})`;
}

async function importModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.test(file)) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
}

/** The module's default export, checked to be a protocol; an InputError says what is missing. */
export function checkProtocol(module: Record<string, unknown>, file: string): Protocol {
  const protocol = defaultExport(module);
  const shape = 'export default { name, summary, node(ctx) { return { onStart, onCommand, onMessage, onTimer } } }';
  if (protocol === undefined) throw new InputError(`${file}: has no default export; a protocol module ends with ${shape}`);
  if (protocol === null || typeof protocol !== 'object') throw new InputError(`${file}: the default export must be a protocol object (${shape}), not ${protocol === null ? 'null' : typeof protocol}`);
  const problems: string[] = [];
  if (typeof protocol.name !== 'string' || protocol.name === '') problems.push('name: must be a non-empty string');
  if (typeof protocol.summary !== 'string') problems.push('summary: must be a string, one line for `chitty-sim protocols`');
  if (typeof protocol.node !== 'function') problems.push('node: must be a function node(ctx) that returns the node\'s handlers');
  if (protocol.exclusive !== undefined && !(Array.isArray(protocol.exclusive) && protocol.exclusive.every((name) => typeof name === 'string' && name !== ''))) {
    problems.push('exclusive: must be a list of region names, like ["cs"]');
  }
  const variants = protocol.variants;
  if (variants !== undefined && !(Array.isArray(variants) && variants.every((variant) => typeof variant?.name === 'string' && variant.name !== '' && typeof variant?.summary === 'string'))) {
    problems.push('variants: must be a list of { name, summary }');
  }
  if (protocol.generate !== undefined && typeof protocol.generate !== 'function') problems.push('generate: must be a function generate(random)');
  if (protocol.options !== undefined && typeof protocol.options !== 'function') problems.push('options: must be a function options(scenario)');
  if (protocol.palette !== undefined && (protocol.palette === null || typeof protocol.palette !== 'object')) problems.push('palette: must map message types to colours');
  const rules = protocol.rules as Record<string, unknown> | undefined;
  if (rules !== undefined && (rules === null || typeof rules !== 'object' || typeof rules.create !== 'function' || typeof rules.rules !== 'object')) {
    problems.push('rules: must be { rules: { id: summary }, create(context) }');
  }
  if (problems.length > 0) throw new InputError(`${file}: not a protocol:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return protocol as unknown as Protocol;
}

/**
 * A module's default export. A TypeScript file outside an ES-module package is compiled as
 * CommonJS, and its `export default` then arrives one level down, as `default.default`.
 */
function defaultExport(module: Record<string, unknown>): Record<string, unknown> | undefined {
  const exported = module.default as Record<string, unknown> | undefined;
  if (exported !== null && typeof exported === 'object' && typeof exported.node !== 'function' && exported.default !== null && typeof exported.default === 'object') {
    return exported.default as Record<string, unknown>;
  }
  return exported;
}

/** The variant `asked` of `protocol`, checked: an InputError lists the ones it has. */
export function checkVariant(protocol: Protocol, asked: string | undefined, where: string): void {
  if (asked === undefined || asked === '') return;
  const names = protocol.variants?.map((variant) => variant.name) ?? [];
  if (names.includes(asked)) return;
  throw new InputError(
    names.length === 0
      ? `${where}: the protocol ${protocol.name} has no variants, so "${asked}" is none of them`
      : `${where}: unknown variant "${asked}" of ${protocol.name}; expected one of ${names.join(', ')} (see chitty-sim protocols)`,
  );
}
