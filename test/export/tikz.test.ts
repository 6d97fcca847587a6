/**
 * The TikZ export: LaTeX that compiles with plain TikZ and pdflatex's default fonts, whatever the
 * chat says, as a bare picture and as a standalone document. The compile tests need pdflatex and
 * TikZ (Debian: texlive-latex-base, texlive-pictures; CI installs them). Outside CI they are skipped,
 * saying so, where pdflatex is missing; in CI (CI=true) a missing pdflatex fails them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelSides } from '../../src/diagram/label-sides.js';
import { escapeLatex, exportTikz, LATEX_PLACEHOLDER } from '../../src/export/tikz.js';
import { hostileTrace, SCENARIOS, scenarioTrace } from './helpers.js';

const PDFLATEX = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' }).status === 0;
const IN_CI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const NO_PDFLATEX = 'pdflatex is not on PATH (Debian: apt-get install texlive-latex-base texlive-pictures)';
const SKIP_COMPILE = !PDFLATEX && !IN_CI;
const SKIPPED = SKIP_COMPILE ? ` [skipped: ${NO_PDFLATEX}]` : '';
if (SKIP_COMPILE) console.warn(`test/export/tikz.test.ts: skipping the LaTeX compile tests: ${NO_PDFLATEX}`);

const work = mkdtempSync(path.join(tmpdir(), 'chitty-tikz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Compiles a document; fails with pdflatex's error when it does not compile or drops a character.
 * The PDF is written uncompressed, so that a test can read its page size.
 * @returns the PDF as Latin-1 text.
 */
function compile(name: string, source: string): string {
  if (!PDFLATEX) throw new Error(`CI=${process.env.CI}, and ${NO_PDFLATEX}: CI must install them (.ci/run does)`);
  writeFileSync(path.join(work, `${name}.tex`), source);
  try {
    const uncompressed = `\\pdfcompresslevel=0\\pdfobjcompresslevel=0\\input{${name}.tex}`;
    execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `-jobname=${name}`, uncompressed], { cwd: work, stdio: 'pipe', timeout: 60_000 });
  } catch {
    const log = readFileSync(path.join(work, `${name}.log`), 'utf8');
    throw new Error(`pdflatex failed on ${name}.tex:\n${log.split('\n').filter((line) => line.startsWith('!') || line.startsWith('l.')).join('\n')}`);
  }
  const log = readFileSync(path.join(work, `${name}.log`), 'utf8');
  expect(log).not.toMatch(/Missing character/);
  const pdf = readFileSync(path.join(work, `${name}.pdf`)).toString('latin1');
  expect(pdf.slice(0, 5)).toBe('%PDF-');
  return pdf;
}

/** The pages' sizes (width and height in PostScript points), from their media boxes. */
function pageSizes(pdf: string): { width: number; height: number }[] {
  return [...pdf.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((box) => ({
    width: Number(box[3]) - Number(box[1]),
    height: Number(box[4]) - Number(box[2]),
  }));
}

/** The bare picture in a document that loads TikZ and nothing else. */
function inArticle(picture: string): string {
  return `\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n${picture}\\end{document}\n`;
}

describe('TikZ export', () => {
  it.each(SCENARIOS)('of %s has one process line per node and an arrow per delivery', (name) => {
    const { header, events } = scenarioTrace(name);
    const picture = exportTikz(header, events);
    expect(picture).toMatch(/^% chitty-sim trace: .*\n\\begin\{tikzpicture\}/);
    expect(picture.endsWith('\\end{tikzpicture}\n')).toBe(true);
    const nodes = new Set(events.map((e) => e.node));
    expect(picture.match(/\\draw\[gray!60\]/g)).toHaveLength(nodes.size);
    expect(picture.match(/\\draw\[->, (?:solid|dashed)\]/g)?.length ?? 0).toBe(events.filter((e) => e.kind === 'receive').length);
    expect(picture.match(/\\fill\[/g)).toHaveLength(events.filter((e) => e.kind !== 'drop').length);
    expect(picture).not.toMatch(/\\usetikzlibrary/);
    expect(picture).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('escapes LaTeX specials, names accented letters and boxes what the fonts lack', () => {
    expect(escapeLatex('\\ & % $ # _ { } ~ ^')).toBe('\\textbackslash{} \\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{}');
    expect(escapeLatex('<a|b> "q" -- `x')).toBe("\\textless{}a\\textbar{}b\\textgreater{} {''}q{''} -{}-{} {`}x");
    expect(escapeLatex('rødgrød på Æble é ï ñ ç ł ß İ')).toBe("r\\o{}dgr\\o{}d p\\aa{} \\AE{}ble \\'{e} \\\"{\\i} \\~{n} \\c{c} \\l{} \\ss{} \\.{I}");
    expect(escapeLatex('e\u0301')).toBe("\\'{e}");
    expect(escapeLatex('🍓 中 Ω €')).toBe(`${LATEX_PLACEHOLDER} ${LATEX_PLACEHOLDER} ${LATEX_PLACEHOLDER} ${LATEX_PLACEHOLDER}`);
    expect(escapeLatex('a\nb\tc\u0007\u2028')).toBe('a b c  ');
    expect(escapeLatex('\\end{tikzpicture}')).toBe('\\textbackslash{}end\\{tikzpicture\\}');
  });

  it('puts each label where the SVG diagram placed it: the same side of its event, the same place along its arrow', () => {
    const { header, events } = scenarioTrace('faults-loss.yaml');
    const sides = labelSides(header, events);
    const tikz = exportTikz(header, events);
    const eventLines = tikz.split('\n').filter((line) => line.includes('circle[radius=1.6pt]'));
    const drawnEvents = events.filter((event) => event.kind !== 'drop');
    expect(eventLines).toHaveLength(drawnEvents.length);
    drawnEvents.forEach((event, k) => {
      const side = sides.lamport.get(event.i);
      if (side !== undefined) expect(eventLines[k]).toContain(`node[${side}=1pt`);
    });
    const positions = [...tikz.matchAll(/node\[pos=([\d.]+), sloped/g)].map((match) => Number(match[1]));
    expect(positions.length).toBeGreaterThan(20);
    // Not all midway: the placement moved labels off crossings.
    expect(positions.some((position) => position !== 0.5)).toBe(true);
  });

  it('offers a standalone document that needs no class or package beyond the kernel and TikZ', () => {
    const { header, events } = scenarioTrace('diagram-log.yaml');
    const document = exportTikz(header, events, { standalone: true });
    expect(document.startsWith('\\documentclass{article}\n\\usepackage{tikz}\n')).toBe(true);
    expect(document).toContain(exportTikz(header, events));
    expect(document.endsWith('\\end{document}\n')).toBe(true);
    // Only what texlive-latex-base and texlive-pictures hold.
    expect([...document.matchAll(/\\(?:documentclass|usepackage|RequirePackage|usetikzlibrary)(?:\[[^\]]*\])?\{([^}]*)\}/g)].map((use) => use[1])).toEqual(['article', 'tikz']);
  });

  it.skipIf(SKIP_COMPILE)(`compiles with pdflatex: three participants (Danish, emoji) and hostile chat text${SKIPPED}`, () => {
    const three = scenarioTrace('three-participants.yaml');
    compile('three', inArticle(exportTikz(three.header, three.events)));
    const hostile = hostileTrace();
    compile('hostile', inArticle(exportTikz(hostile.header, hostile.events)));
  });

  it.skipIf(SKIP_COMPILE)(`compiles as a standalone document on one page cut to the picture: crashes and lost messages${SKIPPED}`, () => {
    const crash = scenarioTrace('faults-crash.yaml');
    const pdf = compile('crash', exportTikz(crash.header, crash.events, { standalone: true }));
    const pages = pageSizes(pdf);
    expect(pages).toHaveLength(1);
    // Three process lines 3.2 cm apart, labels and a 6 pt border on each side: about 9.7 cm wide,
    // not a letter or A4 page (612 or 595 pt).
    const cmToPt = 72 / 2.54;
    expect(pages[0].width).toBeGreaterThan(6.4 * cmToPt);
    expect(pages[0].width).toBeLessThan(12 * cmToPt);
    // Taller than a page of paper: the rows of a long trace are not cut or spread over pages.
    expect(pages[0].height).toBeGreaterThan(29.7 * cmToPt);

    const tiny = compile('tiny', exportTikz({ ...crash.header, scenario: 'x' }, [], { standalone: true }));
    expect(pageSizes(tiny)).toHaveLength(1);
  });
});
