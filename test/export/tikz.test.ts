/**
 * The TikZ export: LaTeX that compiles with plain TikZ and pdflatex's default fonts, whatever the
 * chat says. The compile tests need pdflatex (Debian: texlive-latex-base, texlive-pictures; the
 * standalone document also texlive-latex-extra) and are skipped, saying so, where it is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelSides } from '../../src/diagram/label-sides.js';
import { escapeLatex, exportTikz, LATEX_PLACEHOLDER } from '../../src/export/tikz.js';
import { hostileTrace, SCENARIOS, scenarioTrace } from './helpers.js';

function found(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

const PDFLATEX = found('pdflatex', ['--version']);
const STANDALONE = PDFLATEX && found('kpsewhich', ['standalone.cls']);
const NO_PDFLATEX = 'pdflatex is not on PATH (Debian: apt-get install texlive-latex-base texlive-pictures)';
const NO_STANDALONE = PDFLATEX ? 'standalone.cls is not installed (Debian: apt-get install texlive-latex-extra)' : NO_PDFLATEX;
if (!PDFLATEX) console.warn(`test/export/tikz.test.ts: skipping the LaTeX compile tests: ${NO_PDFLATEX}`);
else if (!STANDALONE) console.warn(`test/export/tikz.test.ts: skipping the --standalone compile test: ${NO_STANDALONE}`);

const work = mkdtempSync(path.join(tmpdir(), 'chitty-tikz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles a document; fails with pdflatex's error when it does not compile or drops a character. */
function compile(name: string, source: string): void {
  writeFileSync(path.join(work, `${name}.tex`), source);
  try {
    execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${name}.tex`], { cwd: work, stdio: 'pipe', timeout: 60_000 });
  } catch {
    const log = readFileSync(path.join(work, `${name}.log`), 'utf8');
    throw new Error(`pdflatex failed on ${name}.tex:\n${log.split('\n').filter((line) => line.startsWith('!') || line.startsWith('l.')).join('\n')}`);
  }
  const log = readFileSync(path.join(work, `${name}.log`), 'utf8');
  expect(log).not.toMatch(/Missing character/);
  expect(readFileSync(path.join(work, `${name}.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
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

  it('offers a standalone document', () => {
    const { header, events } = scenarioTrace('diagram-log.yaml');
    const document = exportTikz(header, events, { standalone: true });
    expect(document.startsWith('\\documentclass[border=6pt]{standalone}\n\\usepackage{tikz}\n\\begin{document}\n')).toBe(true);
    expect(document).toContain(exportTikz(header, events));
    expect(document.endsWith('\\end{document}\n')).toBe(true);
  });

  it.skipIf(!PDFLATEX)(`compiles with pdflatex: three participants (Danish, emoji) and hostile chat text${PDFLATEX ? '' : ` [skipped: ${NO_PDFLATEX}]`}`, () => {
    const three = scenarioTrace('three-participants.yaml');
    compile('three', inArticle(exportTikz(three.header, three.events)));
    const hostile = hostileTrace();
    compile('hostile', inArticle(exportTikz(hostile.header, hostile.events)));
  });

  it.skipIf(!STANDALONE)(`compiles as a standalone document: crashes and lost messages${STANDALONE ? '' : ` [skipped: ${NO_STANDALONE}]`}`, () => {
    const crash = scenarioTrace('faults-crash.yaml');
    compile('crash', exportTikz(crash.header, crash.events, { standalone: true }));
  });
});
