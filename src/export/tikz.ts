/**
 * Export to a TikZ picture for LaTeX reports: one vertical process line per node (server first),
 * events as dots labelled with their Lamport times, messages as arrows (replies dashed, lost
 * messages red and ending in a cross), and what participants show listed under the picture,
 * numbered from the events. It needs only `\usepackage{tikz}` (no TikZ library) and compiles with
 * pdflatex's default fonts: text is escaped for LaTeX, and characters those fonts lack (emoji,
 * most scripts) become a boxed question mark. Pure: no I/O.
 */
import { labelSides } from '../diagram/label-sides.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { isReplyType, traceMessages, traceNodeOrder } from './nodes.js';

/** Options of {@link exportTikz}. */
export interface TikzExportOptions {
  /**
   * Wrap the picture in a whole document that pdflatex compiles as it is, on a page cut to the
   * picture (see {@link standaloneDocument}). Default false.
   */
  standalone?: boolean;
  /** Horizontal distance between process lines in cm. Default 3.2. */
  columnWidthCm?: number;
  /** Vertical distance between rows of events in cm. Default 0.55. */
  rowHeightCm?: number;
}

/** What stands for a character pdflatex cannot typeset with its default fonts. */
export const LATEX_PLACEHOLDER = '{\\fboxsep0.5pt\\fbox{?}}';

/** ASCII characters LaTeX reads as syntax (or typesets as another glyph in its default OT1 encoding). */
const ASCII_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '"': "{''}",
  // Break the ligatures -- (en dash), !` and ?` (inverted marks), `` (opening quotes).
  '-': '-{}',
  '`': '{`}',
};

/** Non-ASCII characters the default fonts have under another name. */
const LETTERS: Record<string, string> = {
  æ: '\\ae{}', Æ: '\\AE{}', ø: '\\o{}', Ø: '\\O{}', œ: '\\oe{}', Œ: '\\OE{}', å: '\\aa{}', Å: '\\AA{}', ß: '\\ss{}',
  ł: '\\l{}', Ł: '\\L{}', ı: '\\i{}', ȷ: '\\j{}', '¡': '\\textexclamdown{}', '¿': '\\textquestiondown{}',
  '“': '``', '”': "''", '‘': '{`}', '’': "'", '–': '--', '—': '---', '…': '\\ldots{}', '\u00a0': '~',
  '§': '\\S{}', '¶': '\\P{}', '©': '\\copyright{}', '£': '\\pounds{}', '†': '\\dag{}', '‡': '\\ddag{}',
  '°': '\\ensuremath{^\\circ}', '×': '\\ensuremath{\\times}', '÷': '\\ensuremath{\\div}', '±': '\\ensuremath{\\pm}',
  '·': '\\ensuremath{\\cdot}', '→': '\\ensuremath{\\rightarrow}', '←': '\\ensuremath{\\leftarrow}',
};

/** Combining accents and the LaTeX accent command that puts them on a letter. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0304': '=', '\u0306': 'u', '\u0307': '.', '\u0308': '"',
  '\u030a': 'r', '\u030b': 'H', '\u030c': 'v', '\u0327': 'c',
};

/**
 * Text made safe for LaTeX (any preamble, pdflatex's default fonts): the special characters
 * `\ & % $ # _ { } ~ ^` and `< > | "` are escaped, accented Latin letters become accent commands
 * (`é` is `\'{e}`), a few letters and signs get their names (`ø` is `\o{}`), line breaks and other
 * control characters become spaces, and every other character becomes {@link LATEX_PLACEHOLDER}.
 */
export function escapeLatex(text: string): string {
  let out = '';
  // Letter plus combining marks, so that "e" + U+0301 is one accented letter.
  for (const cluster of text.normalize('NFC').match(/[\s\S][\u0300-\u036f]*/gu) ?? []) {
    const code = cluster.codePointAt(0)!;
    if (cluster.length === 1 && code < 0x80) {
      if (code < 0x20 || code === 0x7f) out += ' ';
      else out += ASCII_ESCAPES[cluster] ?? cluster;
      continue;
    }
    if (LETTERS[cluster] !== undefined) {
      out += LETTERS[cluster];
      continue;
    }
    out += accented(cluster) ?? (/^[\u0080-\u009f\u2028\u2029\u0085]$/.test(cluster) ? ' ' : LATEX_PLACEHOLDER);
  }
  return out;
}

/** An accented ASCII letter as nested accent commands, or undefined when the fonts cannot build it. */
function accented(cluster: string): string | undefined {
  const parts = [...cluster.normalize('NFD')];
  const base = parts[0];
  if (!/^[A-Za-z]$/.test(base) || parts.length < 2) return undefined;
  let out = base;
  parts.slice(1).forEach((mark, k) => {
    // A dotless i or j takes an accent above it.
    if (k === 0 && (base === 'i' || base === 'j') && mark !== '\u0327') out = `\\${base}`;
    out = ACCENTS[mark] === undefined ? '' : `\\${ACCENTS[mark]}{${out}}`;
  });
  return out === '' ? undefined : out;
}

function cm(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * Exports a trace as a `tikzpicture`. Rows are causal: an event sits one row below the previous
 * event of its node and one row below the send of the message it receives, so arrows always go
 * down and concurrent events share rows.
 *
 * @param header - the trace header (its scenario is the picture's title).
 * @param events - the events, in trace order.
 * @param options - see {@link TikzExportOptions}; default: the bare picture, 3.2 cm columns, 0.55 cm rows.
 * @returns LaTeX source ending in a newline; with `standalone`, a whole document.
 */
export function exportTikz(header: TraceHeader, events: readonly TraceEvent[], options: TikzExportOptions = {}): string {
  const columnCm = options.columnWidthCm ?? 3.2;
  const rowCm = options.rowHeightCm ?? 0.55;
  const nodes = traceNodeOrder(events);
  const column = new Map(nodes.map((name, k) => [name, k]));
  const messages = traceMessages(events);
  // The sends each event receives from (several for an event with several message ends).
  const sendsOf = new Map<number, number[]>();
  for (const message of messages) {
    if (message.send < 0) continue;
    for (const position of [...message.receives, ...message.drops]) {
      const list = sendsOf.get(position);
      if (list === undefined) sendsOf.set(position, [message.send]);
      else list.push(message.send);
    }
  }

  const row = new Array<number>(events.length).fill(0);
  const lastRow = new Map<string, number>();
  events.forEach((event, position) => {
    let at = (lastRow.get(event.node) ?? 0) + 1;
    for (const send of sendsOf.get(position) ?? []) at = Math.max(at, row[send] + 1);
    row[position] = at;
    lastRow.set(event.node, at);
  });
  const bottom = Math.max(1, ...row) + 1;
  const x = (node: string): string => cm(column.get(node)! * columnCm);
  const y = (r: number): string => cm(-r * rowCm);

  // Labels go where the SVG diagram's placement put them: the same side of each event, the same
  // place along each arrow, clear of the other arrows and labels.
  const sides = labelSides(header, events);
  const messageLabel = (msg: number, receive: number): string => {
    const placed = sides.message.get(`${msg}:${events[receive].i}`);
    if (placed === undefined) return 'midway, sloped, above';
    return `pos=${placed.fraction}, sloped, ${placed.above ? 'above' : 'fill=white, inner sep=0.5pt'}`;
  };
  const out: string[] = [];
  out.push(`% chitty-sim trace: ${commentText(header.scenario)} (seed ${header.seed}, clock ${commentText(header.clock)})`);
  out.push('\\begin{tikzpicture}[>=stealth, every node/.style={inner sep=1pt}]');
  const titleX = cm(((nodes.length - 1) * columnCm) / 2);
  out.push(`  \\node[font=\\small\\bfseries] at (${titleX},${cm(1.1 * rowCm + 0.35)}) {${escapeLatex(header.scenario)}};`);
  out.push('  % process lines');
  for (const name of nodes) {
    out.push(`  \\node[font=\\footnotesize\\bfseries, anchor=south] at (${x(name)},${cm(0.2)}) {${escapeLatex(name)}};`);
    out.push(`  \\draw[gray!60] (${x(name)},0) -- (${x(name)},${y(bottom)});`);
  }

  out.push('  % messages');
  for (const message of messages) {
    if (message.send < 0) continue;
    const send = events[message.send];
    const style = isReplyType(send.msg === message.msg ? send.type : undefined) ? 'dashed' : 'solid';
    const label = escapeLatex((send.msg === message.msg ? send.type : undefined) ?? 'message');
    const from = `(${x(send.node)},${y(row[message.send])})`;
    for (const position of message.receives) {
      out.push(`  \\draw[->, ${style}] ${from} -- (${x(events[position].node)},${y(row[position])}) node[${messageLabel(message.msg, position)}, font=\\tiny] {${label}};`);
    }
    for (const position of message.drops) {
      const to = `(${x(events[position].node)},${y(row[position])})`;
      out.push(`  \\draw[red, ${style}] ${from} -- ${to} node[midway, sloped, above, font=\\tiny] {${label} (lost: ${escapeLatex(events[position].reason ?? 'loss')})};`);
      out.push(`  \\node[red, font=\\small] at ${to} {\\ensuremath{\\times}};`);
    }
    if (message.receives.length === 0 && message.drops.length === 0) {
      for (const peer of message.to) {
        if (column.has(peer)) out.push(`  \\draw[->, dotted] ${from} -- (${x(peer)},${y(row[message.send] + 1)}) node[midway, sloped, above, font=\\tiny] {${label} (in flight)};`);
      }
    }
  }

  out.push('  % events');
  const notes: string[] = [];
  events.forEach((event, position) => {
    if (event.kind === 'drop') return;
    const at = `(${x(event.node)},${y(row[position])})`;
    const colour = event.kind === 'crash' ? 'red' : event.kind === 'restart' ? 'green!50!black' : 'black';
    let label = escapeLatex(String(event.lamport));
    if (event.kind === 'crash' || event.kind === 'restart') label += ` ${event.kind}`;
    if (event.shows !== undefined && event.shows !== '') {
      // Braces keep a note's "[n]" from being read as the optional argument of the line break before it.
      notes.push(`{[${notes.length + 1}]} ${escapeLatex(event.node)}: ${escapeLatex(event.shows)}`);
      label += ` [${notes.length}]`;
    }
    const side = sides.lamport.get(event.i) ?? (column.get(event.node) === 0 && nodes.length > 1 ? 'left' : 'right');
    out.push(`  \\fill[${colour}] ${at} circle[radius=1.6pt] node[${side}=1pt, font=\\tiny, text=${colour}] {${label}};`);
  });

  if (notes.length > 0) {
    out.push('  % what the participants show');
    const width = cm(Math.max(6, (nodes.length - 1) * columnCm + 2));
    out.push(`  \\node[anchor=north west, font=\\scriptsize, align=left, text width=${width}cm] at (${cm(-0.5)},${y(bottom + 0.5)}) {${notes.join(' \\\\\n    ')}};`);
  }
  out.push('\\end{tikzpicture}');
  const picture = out.join('\n') + '\n';
  return options.standalone ? standaloneDocument(picture) : picture;
}

/** The margin around a standalone picture, in TeX points. */
const STANDALONE_BORDER_PT = 6;

/**
 * A whole LaTeX document holding `picture` on one page the size of the picture plus a border.
 * It needs only the LaTeX kernel and TikZ (Debian's `texlive-latex-base` and `texlive-pictures`),
 * not the `standalone` class (`texlive-latex-extra`): the picture is set in a box, the page is
 * sized to the box, and the box is shipped out as that page.
 */
function standaloneDocument(picture: string): string {
  const border = `${STANDALONE_BORDER_PT}pt`;
  const twice = `${2 * STANDALONE_BORDER_PT}pt`;
  return [
    '\\documentclass{article}',
    '\\usepackage{tikz}',
    '\\newsavebox{\\chittysimpicture}',
    // LuaTeX names the page size without the "pdf"; pdfTeX and XeTeX with it.
    '\\ifdefined\\pdfpagewidth\\else\\let\\pdfpagewidth\\pagewidth\\let\\pdfpageheight\\pageheight\\fi',
    '\\begin{document}',
    '\\begin{lrbox}{\\chittysimpicture}',
    picture + '\\end{lrbox}',
    '% one page, the size of the picture and its border',
    `\\pdfpagewidth=\\dimexpr\\wd\\chittysimpicture+${twice}\\relax`,
    `\\pdfpageheight=\\dimexpr\\ht\\chittysimpicture+\\dp\\chittysimpicture+${twice}\\relax`,
    '\\hoffset=-1in',
    '\\voffset=-1in',
    `\\shipout\\vbox{\\kern${border}\\hbox{\\kern${border}\\usebox{\\chittysimpicture}\\kern${border}}\\kern${border}}`,
    '\\end{document}',
    '',
  ].join('\n');
}

/** Text for a `%` comment: one line. */
function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
