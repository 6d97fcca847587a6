/**
 * Text as the diagram shows it: how wide a label will be, how to shorten it, and how to make any
 * string safe to put into XML. The layout checks overlaps on boxes made from these estimates, so
 * they err on the wide side: a real font must never draw a label wider than its box.
 */

/**
 * Advance widths in 1/1000 em of the printable ASCII characters U+0020..U+007E: for each, the
 * larger of DejaVu Sans (what Linux falls back to) and Helvetica/Arial (macOS, Windows), so the
 * estimate holds for whichever the reader's machine picks for `sans-serif`.
 */
const REGULAR_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636,
  337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770, 667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667,
  611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974,
  634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/** The same for bold (DejaVu Sans Bold, which is wider than Helvetica Bold throughout). */
const BOLD_WIDTHS = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696,
  400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720,
  682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042,
  712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/** Other scripts (accented Latin, Greek, Cyrillic, Arabic, Hebrew...): generous, in 1/1000 em. */
const OTHER_WIDTH = 800;
/** CJK and other full-width characters. */
const WIDE_WIDTH = 1000;
/** Emoji are drawn from a colour font, wider than an em. */
const EMOJI_WIDTH = 1300;
/** Room for rounding and for fonts a little wider than the tables (a fraction of the width). */
const SAFETY = 1.04;

export type FontWeight = 'normal' | 'bold';

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]/u;
const ZERO_WIDTH = /\p{M}|[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFE00-\uFE0F\uFEFF]|[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/u;

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Width of one character in 1/1000 em. */
function charWidth(char: string, weight: FontWeight): number {
  const codePoint = char.codePointAt(0)!;
  if (codePoint >= 0x20 && codePoint < 0x7f) return (weight === 'bold' ? BOLD_WIDTHS : REGULAR_WIDTHS)[codePoint - 0x20];
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if (ZERO_WIDTH.test(char)) return 0;
  if (EMOJI.test(char)) return EMOJI_WIDTH;
  if (isWide(codePoint)) return WIDE_WIDTH;
  // The ellipsis, the bullet and other punctuation in the label set are narrower than this.
  return OTHER_WIDTH;
}

/**
 * Estimated width in px of `text` in the diagram's sans-serif font, an upper bound for the fonts
 * the SVG names (Helvetica, Arial, Liberation Sans, DejaVu Sans).
 */
export function textWidthPx(text: string, fontSizePx: number, weight: FontWeight = 'normal'): number {
  let units = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code >= 0x20 && code < 0x7f) {
      units += (weight === 'bold' ? BOLD_WIDTHS : REGULAR_WIDTHS)[code - 0x20];
      continue;
    }
    const codePoint = text.codePointAt(k)!;
    const char = String.fromCodePoint(codePoint);
    units += charWidth(char, weight);
    if (codePoint > 0xffff) k++;
  }
  return (units / 1000) * fontSizePx * SAFETY;
}

/** The height of a line of text: ascenders, descenders and emoji fit in it. */
export function lineHeightPx(fontSizePx: number): number {
  return fontSizePx * 1.3;
}

/** Where the baseline sits below the middle of a line, so that `y` can be given as a centre. */
export function baselineOffsetPx(fontSizePx: number): number {
  return fontSizePx * 0.36;
}

// XML 1.0 allows tab, newline, carriage return, U+0020..U+D7FF, U+E000..U+FFFD and U+10000 up;
// lone surrogates (possible in JSON strings) and other controls would make the file unreadable.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every character XML cannot hold replaced by U+FFFD; line breaks are kept (tooltips). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/** `text` as a one-line label: XML-safe, with runs of white space (tabs, line breaks) made one space. */
export function labelText(text: string): string {
  return xmlSafe(text).replace(/\s+/g, ' ').trim();
}

const ELLIPSIS = '…';

/** Code points that attach to the one before them: marks, joiners, variation selectors, skin tones, tags. */
const EXTENDS = /\p{M}|[\u200C\u200D\uFE00-\uFE0F]|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/u;
const REGIONAL = /\p{Regional_Indicator}/u;

/**
 * User-perceived characters (close to Unicode grapheme clusters: enough to keep an accent with its
 * letter, an emoji sequence or a flag whole), so that shortening never splits one. Cheaper to start
 * than Intl.Segmenter, which loads ICU data on first use.
 */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  let regionalOpen = false;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const ascii = code < 0x7f;
    const extendsPrevious = !ascii && EXTENDS.test(char);
    const regional = !ascii && REGIONAL.test(char);
    if (out.length > 0 && (extendsPrevious || joinNext || (regional && regionalOpen))) {
      out[out.length - 1] += char;
      regionalOpen = false;
    } else {
      out.push(char);
      regionalOpen = regional;
    }
    joinNext = code === 0x200d;
  }
  return out;
}

/**
 * Shortens `text` with an ellipsis so that it is at most `maxWidthPx` wide, or returns it as it is
 * when it fits. `where` is the cut: `end` keeps the start, `middle` keeps both ends (a chat line's
 * end holds its Lamport time); default `end`. Returns '' when not even the ellipsis fits.
 */
export function ellipsize(
  text: string,
  maxWidthPx: number,
  fontSizePx: number,
  where: 'end' | 'middle' = 'end',
  weight: FontWeight = 'normal',
): string {
  if (textWidthPx(text, fontSizePx, weight) <= maxWidthPx) return text;
  const ellipsisPx = textWidthPx(ELLIPSIS, fontSizePx, weight);
  if (ellipsisPx > maxWidthPx) return '';
  const pieces = graphemes(text);
  const widths = pieces.map((piece) => textWidthPx(piece, fontSizePx, weight));
  // The pieces' widths add up to the whole's, so a result built within the budget fits.
  let budget = maxWidthPx - ellipsisPx;
  if (where === 'end') {
    let end = 0;
    while (end < pieces.length && widths[end] <= budget) budget -= widths[end++];
    return pieces.slice(0, end).join('').trimEnd() + ELLIPSIS;
  }
  let headBudget = budget * 0.55;
  let head = 0;
  while (head < pieces.length && widths[head] <= headBudget) {
    headBudget -= widths[head];
    budget -= widths[head++];
  }
  let tail = pieces.length;
  while (tail > head && widths[tail - 1] <= budget) budget -= widths[--tail];
  return pieces.slice(0, head).join('').trimEnd() + ELLIPSIS + pieces.slice(tail).join('').trimStart();
}

/** The longest start of `text` (whole graphemes) at most `maxWidthPx` wide. */
function fittingPrefix(text: string, maxWidthPx: number, fontSizePx: number, weight: FontWeight): string {
  let width = 0;
  let prefix = '';
  for (const piece of graphemes(text)) {
    width += textWidthPx(piece, fontSizePx, weight);
    if (width > maxWidthPx) break;
    prefix += piece;
  }
  return prefix;
}

/**
 * Breaks `text` into at most `maxLines` lines of at most `maxWidthPx`, at spaces where it can (a word
 * longer than a line is broken anywhere); what does not fit ends the last line with an ellipsis.
 * Default 2 lines.
 */
export function wrapText(text: string, maxWidthPx: number, fontSizePx: number, maxLines = 2, weight: FontWeight = 'normal'): string[] {
  if (textWidthPx(text, fontSizePx, weight) <= maxWidthPx) return [text];
  if (maxLines === 2) {
    // Two lines as even as the spaces allow, so that no line is left with a lone word.
    let best: string[] | undefined;
    let bestWidth = Infinity;
    for (let space = text.indexOf(' '); space > 0; space = text.indexOf(' ', space + 1)) {
      const first = text.slice(0, space).trimEnd();
      const second = text.slice(space + 1).trimStart();
      if (first === '' || second === '') continue;
      const width = Math.max(textWidthPx(first, fontSizePx, weight), textWidthPx(second, fontSizePx, weight));
      if (width <= maxWidthPx && width < bestWidth) {
        best = [first, second];
        bestWidth = width;
      }
    }
    if (best) return best;
  }
  const lines: string[] = [];
  let rest = text;
  while (rest !== '' && lines.length < maxLines - 1) {
    const prefix = fittingPrefix(rest, maxWidthPx, fontSizePx, weight);
    if (prefix === '') break;
    let line = prefix;
    if (prefix.length < rest.length && rest[prefix.length] !== ' ') {
      const space = prefix.lastIndexOf(' ');
      if (space > 0) line = prefix.slice(0, space);
    }
    lines.push(line.trimEnd());
    rest = rest.slice(line.length).trimStart();
  }
  if (rest !== '') lines.push(ellipsize(rest, maxWidthPx, fontSizePx, 'end', weight));
  return lines.filter((line) => line !== '' && line !== ELLIPSIS);
}

/** A duration for people: `850 ms`, `12.5 s`, `3 min 20 s`. */
export function formatDurationMs(durationMs: number): string {
  if (durationMs < 1) return `${roundTo(durationMs, 3)} ms`;
  if (durationMs < 1000) return `${roundTo(durationMs, durationMs < 10 ? 2 : 1)} ms`;
  const seconds = durationMs / 1000;
  if (seconds < 60) return `${roundTo(seconds, seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** `value` with at most `digits` decimals and no trailing zeros. */
export function roundTo(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
