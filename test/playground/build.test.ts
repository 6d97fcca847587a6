/**
 * The playground's build: a static site of a few files under 2 MB, made of the modules the command
 * line uses (engine, parser, checker, layout, drawing), with nothing Node-only in it; a page script
 * that reaches for Node-only code fails the build, naming it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildPlayground, bundle, nodeOnlyInputs } from '../../scripts/build-playground.mjs';

let built: Awaited<ReturnType<typeof buildPlayground>>;
const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'chitty-playground-build-')), 'site');

beforeAll(async () => {
  built = await buildPlayground({ outDir });
}, 120_000);

describe('npm run playground', () => {
  test('builds a few files, under 2 MB in all, that name nothing outside the folder', () => {
    expect(built.index).toBe(path.join(outDir, 'index.html'));
    const total = built.files.reduce((sum, file) => sum + file.bytes, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
    expect(built.files.map((file) => file.name).sort()).toEqual(['index.html', 'playground.css', 'playground.js']);
    const html = readFileSync(built.index, 'utf8');
    const referenced = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    for (const reference of referenced) {
      if (reference.startsWith('data:')) continue;
      expect(reference, 'a relative file of the site').toMatch(/^[\w.-]+$/);
      expect(existsSync(path.join(outDir, reference)), reference).toBe(true);
    }
    const css = readFileSync(path.join(outDir, 'playground.css'), 'utf8');
    // Fonts come inside the style sheet: nothing to fetch, even from the folder.
    expect([...css.matchAll(/url\(([^)]*)\)/g)].every((match) => match[1].startsWith('data:'))).toBe(true);
    expect(html).toContain('<script type="application/json" id="chitty-examples">');
    // Its policy forbids every request but its own files (nothing to connect to, no frames, no forms).
    const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
    expect(policy).toMatch(/^default-src 'none';/);
    expect(policy).not.toMatch(/connect-src|https?:|\*/);
  });

  test("bundles the command line's own engine, parser, checker, layout and drawing, and nothing Node-only", () => {
    const inputs = Object.keys(built.metafile.inputs);
    for (const module of ['src/sim/world.ts', 'src/scenario/parse.ts', 'src/check/checker.ts', 'src/protocols/registry.ts', 'src/diagram/layout.ts', 'src/diagram/svg-drawing.ts', 'src/view/viewer-diagram.ts', 'src/export/shiviz.ts']) {
      expect(inputs).toContain(module);
    }
    expect(inputs.some((input) => input.includes('node_modules/d3-selection/'))).toBe(true);
    expect(nodeOnlyInputs(built.metafile)).toEqual([]);
  });

  test('fails when a page script reaches for Node-only code, naming each piece', async () => {
    const entry = path.join(import.meta.dirname, 'fixtures', 'node-only-entry.ts');
    const failure = await bundle(entry).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/must not hold Node-only code/);
    expect(failure).toContain('src/diagram/svg.ts');
    expect(failure).toContain('node_modules/d3-node/');
    expect(failure).toContain('node_modules/jsdom/');
    expect(failure).toMatch(/node:fs, imported by test\/playground\/fixtures\/node-only-entry\.ts/);
  });
});
