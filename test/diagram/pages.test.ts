/** Pages for print: every page fits A4 (or Letter) portrait, starts with the process names, and arrows across a break say where they go on. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { paginate } from '../../src/diagram/pages.js';
import { runCli, scenarioFile } from '../helpers.js';
import { CHITTY_STYLE } from './chitty-style.js';
import { fixture, parseSvg } from './helpers.js';

const diagramLog = fixture('diagram-log.ndjson');
const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-pages-'));

describe('paginate', () => {
  const layout = layoutDiagram(diagramLog.header, diagramLog.events, { ...CHITTY_STYLE, repeatNamesEveryPx: Number.MAX_SAFE_INTEGER });
  const pages = paginate(layout, 'a4');

  test('cuts a tall diagram into A4 portrait pages, every event on exactly one', () => {
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.heightPx / page.widthPx).toBeCloseTo(297 / 210, 2);
      expect(page.print).toMatchObject({ widthMm: 210, heightMm: 297, pages: pages.length });
      for (const label of page.labels) expect(label.box.y + label.box.heightPx).toBeLessThanOrEqual(page.heightPx);
    }
    const drawn = pages.flatMap((page) => page.dots.map((dot) => dot.i)).sort((a, b) => a - b);
    expect(drawn).toEqual(layout.dots.map((dot) => dot.i).sort((a, b) => a - b));
  });

  test('puts the process names at the top of every page, the title and legend on the first', () => {
    for (const page of pages) {
      const names = page.labels.filter((label) => label.role === 'name').map((label) => label.text);
      expect(names).toEqual(layout.names.map((label) => label.text));
      const namesBottom = Math.max(...page.labels.filter((label) => label.role === 'name').map((label) => label.box.y + label.box.heightPx));
      for (const dot of page.dots) expect(dot.y).toBeGreaterThan(namesBottom);
    }
    expect(pages[0].labels.some((label) => label.role === 'title')).toBe(true);
    expect(pages[0].legend.length).toBeGreaterThan(0);
    expect(pages[1].legend).toEqual([]);
    expect(pages[1].labels.find((label) => label.role === 'page')?.text).toMatch(/page 2 of \d+/);
  });

  test('draws an arrow that crosses a break as two stubs, each saying where the other part is', () => {
    const crossing = pages.flatMap((page, k) => page.arrows.filter((arrow) => arrow.ending === 'stub-out').map((arrow) => ({ k, arrow })));
    for (const { k, arrow } of crossing) {
      if (layout.arrows.find((whole) => whole.msg === arrow.msg)?.ending !== 'receive') continue;
      const next = pages[k + 1].arrows.find((other) => other.msg === arrow.msg && other.ending === 'stub-in');
      expect(next, `message ${arrow.msg} goes on on page ${k + 2}`).toBeDefined();
    }
  });

  test('leaves a diagram that fits as one page', () => {
    const small = layoutDiagram(diagramLog.header, diagramLog.events.slice(0, 20), CHITTY_STYLE);
    expect(paginate(small, 'letter')).toHaveLength(1);
  });
});

describe('chitty-sim render --page', () => {
  test('writes NAME-1.svg, NAME-2.svg, ... sized for the paper', async () => {
    const trace = path.join(scratch, 'run.ndjson');
    expect((await runCli(['run', scenarioFile('diagram-log.yaml'), '--quiet', '--trace', trace])).code).toBe(0);
    const result = await runCli(['render', trace, '-o', path.join(scratch, 'report.svg'), '--page', 'letter']);
    expect(result.code).toBe(0);
    const files = result.stdout.trim().split('\n');
    expect(files.length).toBeGreaterThan(1);
    files.forEach((file, k) => {
      expect(file).toBe(path.join(scratch, `report-${k + 1}.svg`));
      const root = parseSvg(readFileSync(file, 'utf8'));
      expect(root.getAttribute('width')).toBe('215.9mm');
    });
    const withoutOutput = await runCli(['render', trace, '--page', 'a4']);
    expect(withoutOutput.code).toBe(2);
    expect(withoutOutput.stderr).toContain('--page: pages are files');
  });
});
