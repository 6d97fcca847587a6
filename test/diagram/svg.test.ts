/** The SVG: well-formed, text as typed, deterministic, and d3-node in one place only. */
import { CHITTY_STYLE } from './chitty-style.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderSvg } from '../../src/diagram/index.js';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { readTrace } from '../../src/trace/read.js';
import { fixture, parseSvg, traceText } from './helpers.js';

const diagramLog = fixture('diagram-log.ndjson');
const unicode = fixture('unicode.ndjson');
const faults = fixture('faults.ndjson');

/** The text of each element; the lines of a wrapped label are joined by a space. */
const textsOf = (root: Element, tag: string) =>
  [...root.getElementsByTagName(tag)].map((element) => {
    const lines = [...element.getElementsByTagName('tspan')];
    return lines.length > 0 ? lines.map((line) => line.textContent).join(' ') : (element.textContent ?? '');
  });

describe('the SVG of the report run', () => {
  test('is well-formed XML with a dot per event and an arrow per message', async () => {
    const svg = await renderSvg(diagramLog.header, diagramLog.events, CHITTY_STYLE);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const root = parseSvg(svg);
    const layout = layoutDiagram(diagramLog.header, diagramLog.events, CHITTY_STYLE);
    expect(root.getAttribute('width')).toBe(String(layout.widthPx));
    expect(root.getAttribute('height')).toBe(String(layout.heightPx));
    const events = root.querySelector('g.events')!;
    expect(events.getElementsByTagName('circle')).toHaveLength(diagramLog.events.length);
    expect(root.querySelector('g.messages')!.getElementsByTagName('line')).toHaveLength(diagramLog.events.filter((event) => event.kind === 'send').length);
    // Arrowheads: every message group names a marker that exists.
    for (const group of root.querySelectorAll('g.messages > g')) {
      const id = /^url\(#(.+)\)$/.exec(group.getAttribute('marker-end')!)![1];
      expect(root.querySelector(`marker[id="${id}"]`)).not.toBeNull();
    }
  });

  test('holds every label and tooltip', async () => {
    const root = parseSvg(await renderSvg(diagramLog.header, diagramLog.events, CHITTY_STYLE));
    const texts = textsOf(root, 'text');
    expect(texts).toContain('Chitty-Chat · Diagram.log from the report');
    expect(texts).toContain('1111 said: Hej, lamport time: 40');
    expect(texts.filter((text) => text === 'Join')).not.toHaveLength(0);
    const titles = textsOf(root, 'title');
    expect(titles.some((title) => title.includes('log: Join response from the Server: You are now connected, lamport time: 5'))).toBe(true);
    expect(titles.some((title) => title.includes('prints: Participant 1111 joined Chitty-Chat at Lamport time 5'))).toBe(true);
    expect(titles.some((title) => title.includes('vector clock: server 1, 1111 1'))).toBe(true);
  });
});

describe('chat text', () => {
  test('with markup characters, quotes, emoji and right-to-left script is shown as typed', async () => {
    const svg = await renderSvg(unicode.header, unicode.events, CHITTY_STYLE);
    const root = parseSvg(svg);
    const texts = textsOf(root, 'text');
    expect(texts).toContain(`Chitty-Chat · text <&> "quotes" 'n' emoji 🎉`);
    const all = texts.join('\n');
    expect(all).toContain(`1111 said: <b>bold</b> & "quoted"`);
    expect(all).toContain('مرحبا بالعالم!');
    expect(all).toContain('שלום עולם');
    expect(all).toContain('👩‍💻🇩🇰');
    expect(texts).toContain('مريم');
    const titles = textsOf(root, 'title').join('\n');
    for (const event of unicode.events) {
      if (!event.shows) continue;
      // The tooltip has the whole line; only the bell (no XML character) becomes U+FFFD.
      expect(titles).toContain(`prints: ${event.shows.replace('\u0007', '\uFFFD')}`);
    }
  });

  test('that XML cannot hold (controls, lone surrogates) never breaks the file', async () => {
    const { header, events } = readTrace(
      traceText({ scenario: 'bad \u0001 chars \uD800' }, [
        { node: '1111', kind: 'local', lamport: 1, text: 'nul \u0000 here', shows: 'lone \uDC00 surrogate \uFFFF and \u001B[31m colour ]]> &nbsp; \u00A0' },
        { node: 'a\u0002b', kind: 'local', lamport: 2 },
      ]),
    );
    const root = parseSvg(await renderSvg(header, events, CHITTY_STYLE));
    const all = textsOf(root, 'text').join('\n') + textsOf(root, 'title').join('\n');
    expect(all).toContain('lone \uFFFD surrogate \uFFFD and \uFFFD[31m colour ]]> &nbsp; \u00A0');
    expect(all).toContain('a\uFFFDb');
  });
});

describe('determinism', () => {
  test('the same trace gives byte-identical SVG', async () => {
    for (const trace of [diagramLog, faults, unicode]) {
      for (const axis of ['order', 'lamport', 'time'] as const) {
        const first = await renderSvg(trace.header, trace.events, { ...CHITTY_STYLE, axis });
        const second = await renderSvg(trace.header, trace.events.map((event) => ({ ...event })), { ...CHITTY_STYLE, axis });
        expect(second).toBe(first);
      }
    }
  });
});

describe('the sources of src/diagram', () => {
  const folder = path.resolve(import.meta.dirname, '../../src/diagram');
  const sources = readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: readFileSync(path.join(folder, name), 'utf8') }));

  test('import d3-node in svg.ts only, and only lazily (its types may be named elsewhere)', () => {
    const importers = sources
      .filter((source) => /^import\s+(?!type\b)[^;]*from\s+['"]d3-node['"]|import\(\s*['"]d3-node['"]\s*\)|require\(\s*['"]d3-node['"]/m.test(source.text))
      .map((source) => source.name);
    expect(importers).toEqual(['svg.ts']);
    const svg = sources.find((source) => source.name === 'svg.ts')!.text;
    expect(svg).not.toMatch(/^import\s+(?!type\b)[^;]*['"]d3-node['"]/m);
    // Nothing else under src/ imports it either.
    const rest = readdirSync(path.resolve(folder, '..'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => !file.startsWith(folder + path.sep) && /['"]d3-node['"]/.test(readFileSync(file, 'utf8')));
    expect(rest).toEqual([]);
  });

  test('keep the layout free of SVG and d3', () => {
    const layout = sources.find((source) => source.name === 'layout.ts')!.text;
    expect(layout).not.toMatch(/from\s+['"](d3|d3-node|jsdom)['"]|<svg|<text|<line/);
  });
});
