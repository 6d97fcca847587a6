/**
 * The fonts a PNG is drawn with, and which of them draws each text. resvg 2.6 falls back from one
 * font to another for characters a font lacks, but crudely: it shapes the whole text again with the
 * fallback font and keeps that font's glyphs only where the glyph count is the same, which a
 * ligature (`fi` in Noto Sans, lam-alef in Arabic) or a composed accent breaks, leaving boxes; and
 * a `<tspan>` in another font makes it give up on the whole text. So each text is given, before
 * resvg sees it, the one shipped font that has all its characters; a text that needs two (words and
 * emoji) gets zero-width non-joiners between its letters, which stop ligatures, so that the counts
 * agree and the fallback works; emoji sequences (families, flags, skin tones) are drawn as their parts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A shipped font family: its files, in resvg's fallback order, and the package they come in. */
interface ShippedFamily {
  family: string;
  packageName: string;
  /** Files inside the package; the first is the regular face, whose character map is read. */
  files: readonly string[];
}

/**
 * The shipped fonts, in load order, which is resvg's fallback order for a character the text's
 * font lacks (emoji before DejaVu Sans, so emoji come from Noto Emoji).
 * - Noto Sans: Latin (æøå), Greek, Cyrillic, Devanagari; regular, italic (chat text), bold (names).
 * - Noto Emoji: emoji, in outline (resvg draws no colour fonts).
 * - Noto Sans Arabic: Arabic, shaped and right to left.
 * - DejaVu Sans: what those lack and the diagram itself uses (→ ← ⋯ ✗), and Hebrew.
 */
export const SHIPPED_FONTS: readonly ShippedFamily[] = [
  {
    family: 'Noto Sans',
    packageName: '@expo-google-fonts/noto-sans',
    files: [
      '400Regular/NotoSans_400Regular.ttf',
      '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
      '700Bold/NotoSans_700Bold.ttf',
      '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
    ],
  },
  { family: 'Noto Emoji', packageName: '@expo-google-fonts/noto-emoji', files: ['400Regular/NotoEmoji_400Regular.ttf'] },
  {
    family: 'Noto Sans Arabic',
    packageName: '@expo-google-fonts/noto-sans-arabic',
    files: ['400Regular/NotoSansArabic_400Regular.ttf', '700Bold/NotoSansArabic_700Bold.ttf'],
  },
  {
    family: 'DejaVu Sans',
    packageName: 'dejavu-fonts-ttf',
    files: ['ttf/DejaVuSans.ttf', 'ttf/DejaVuSans-Bold.ttf', 'ttf/DejaVuSans-Oblique.ttf', 'ttf/DejaVuSans-BoldOblique.ttf'],
  },
];

/**
 * The font-family every text of a PNG starts from: Noto Sans, narrower than DejaVu Sans, which the
 * width estimates of text.ts already hold for.
 */
export const PNG_FONT_FAMILY = "'Noto Sans', sans-serif";

/** A font package that is not installed. */
export class MissingFontError extends Error {
  constructor(readonly packageName: string) {
    super(`the font package ${packageName} is not installed; run \`npm install\` in chitty-sim (it is a dependency)`);
    this.name = 'MissingFontError';
  }
}

/** Sorted, disjoint, inclusive code point ranges. */
export type Coverage = readonly (readonly [number, number])[];

/** A loaded family: its files' paths and the characters its regular face has. */
interface LoadedFamily {
  family: string;
  files: string[];
  coverage: Coverage;
}

let loaded: LoadedFamily[] | undefined;

/** The shipped families with their files' absolute paths and coverage; read once. */
export function shippedFonts(): readonly LoadedFamily[] {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = SHIPPED_FONTS.map((shipped) => {
    let root: string;
    try {
      root = path.dirname(require.resolve(`${shipped.packageName}/package.json`));
    } catch {
      throw new MissingFontError(shipped.packageName);
    }
    const files = shipped.files.map((file) => path.join(root, file));
    let data: Buffer;
    try {
      data = readFileSync(files[0]);
    } catch {
      throw new MissingFontError(shipped.packageName);
    }
    return { family: shipped.family, files, coverage: cmapCoverage(data) };
  });
  return loaded;
}

/** Absolute paths of every shipped font file, in load (fallback) order. */
export function shippedFontFiles(): string[] {
  return shippedFonts().flatMap((font) => font.files);
}

/**
 * The characters a TrueType/OpenType font maps to a glyph, from its `cmap` table (a Unicode
 * subtable of format 12, else format 4).
 */
export function cmapCoverage(data: Uint8Array): Coverage {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tables = view.getUint16(4);
  let cmap = -1;
  for (let k = 0; k < tables; k++) {
    const record = 12 + 16 * k;
    if (String.fromCharCode(data[record], data[record + 1], data[record + 2], data[record + 3]) === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) return [];
  let format4 = -1;
  let format12 = -1;
  const subtables = view.getUint16(cmap + 2);
  for (let k = 0; k < subtables; k++) {
    const record = cmap + 4 + 8 * k;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const offset = cmap + view.getUint32(record + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = view.getUint16(offset);
    if (format === 12) format12 = offset;
    else if (format === 4) format4 = offset;
  }
  const ranges: [number, number][] = [];
  const add = (low: number, high: number) => {
    const last = ranges[ranges.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else ranges.push([low, high]);
  };
  if (format12 >= 0) {
    const groups = view.getUint32(format12 + 12);
    for (let k = 0; k < groups; k++) {
      const group = format12 + 16 + 12 * k;
      const start = view.getUint32(group);
      const end = view.getUint32(group + 4);
      // A group whose first glyph is .notdef maps its first character to nothing.
      const first = view.getUint32(group + 8) === 0 ? start + 1 : start;
      if (first <= end) add(first, end);
    }
  } else if (format4 >= 0) {
    const segments = view.getUint16(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + 2 * segments + 2;
    const deltas = starts + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    for (let s = 0; s < segments; s++) {
      const start = view.getUint16(starts + 2 * s);
      const end = view.getUint16(ends + 2 * s);
      const delta = view.getUint16(deltas + 2 * s);
      const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          glyph = view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) add(c, c);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return ranges;
}

/** Whether `coverage` holds `codePoint` (binary search). */
export function covers(coverage: Coverage, codePoint: number): boolean {
  let low = 0;
  let high = coverage.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < coverage[mid][0]) high = mid - 1;
    else if (codePoint > coverage[mid][1]) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Characters a shaper hides when the font lacks them (joiners, variation selectors, direction
 * marks, tags): they never need a font.
 */
const IGNORABLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|[\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const ARABIC = /\p{Script=Arabic}/u;
/** Characters that belong to the one before them (marks, joiners, variation selectors): no non-joiner may go between. */
const ATTACHES = /\p{M}|[\u200C\u200D\uFE00-\uFE0F]/u;
/** Scripts whose letters join or combine (Arabic, Indic, South-East Asian, Hangul jamo): a non-joiner would break them. */
const COMPLEX = /[\u0600-\u1CFF\uA800-\uABFF\uD7B0-\uD7FF\uFB1D-\uFDFF\uFE70-\uFEFF]|[\u{10000}-\u{1EFFF}]/u;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character an XML token stands for (a character, or an entity or character reference). */
function decodeToken(token: string): string {
  if (!token.startsWith('&')) return token;
  const body = token.slice(1, -1);
  const codePoint = body.startsWith('#x') || body.startsWith('#X') ? Number.parseInt(body.slice(2), 16) : body.startsWith('#') ? Number.parseInt(body.slice(1), 10) : NaN;
  if (Number.isInteger(codePoint) && codePoint >= 0 && codePoint <= 0x10ffff) return String.fromCodePoint(codePoint);
  return NAMED[body] ?? ' ';
}

/** What makes emoji sequences: the zero-width joiner, skin tones, the keycap, tags, the emoji variation selector. */
const SEQUENCE_PART = /[\u200D\u20E3\uFE0F]|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}]/u;

/** Whether a zero-width non-joiner may go between two characters: both are of simple scripts, or emoji. */
function mayPart(before: string, after: string): boolean {
  if (ATTACHES.test(after)) return false;
  const simple = (char: string) => EMOJI.test(char) || !COMPLEX.test(char);
  return simple(before) && simple(after);
}

/**
 * A text's content (escaped markup between two tags) with the shipped font that draws it:
 * unchanged when Noto Sans has every character; wrapped in a `<tspan>` naming the one font that has
 * them all (Noto Sans Arabic for Arabic, DejaVu Sans for arrows and Hebrew); otherwise (words with
 * emoji) with zero-width non-joiners between its characters, in Noto Sans Arabic if it has Arabic,
 * for resvg's fallback (see the module comment).
 */
export function textWithFont(content: string): string {
  const tokens = content.normalize('NFC').match(/&[^;\s&<]{1,10};|[\s\S]/gu) ?? [];
  const chars = tokens.map(decodeToken);
  const fonts = shippedFonts();
  const byName = (family: string) => fonts.find((font) => font.family === family)!;
  const notoSans = byName('Noto Sans').coverage;
  const needed = new Set<number>();
  let emoji = false;
  let arabic = false;
  for (const char of chars) {
    if (IGNORABLE.test(char) || /\s/u.test(char)) continue;
    const codePoint = char.codePointAt(0)!;
    needed.add(codePoint);
    if (EMOJI.test(char) && !covers(notoSans, codePoint)) emoji = true;
    if (ARABIC.test(char)) arabic = true;
  }
  const hasAll = (font: LoadedFamily) => [...needed].every((codePoint) => covers(font.coverage, codePoint));
  const wrap = (family: string, text: string) => `<tspan font-family="'${family}'">${text}</tspan>`;
  if (hasAll(byName('Noto Sans'))) return tokens.join('');
  // Emoji come from Noto Emoji, even where another font has a few (DejaVu Sans has the smileys).
  if (!emoji) {
    for (const family of arabic ? ['Noto Sans Arabic', 'DejaVu Sans'] : ['DejaVu Sans']) if (hasAll(byName(family))) return wrap(family, tokens.join(''));
  }
  // Emoji sequences (families, flags, skin tones, keycaps) are ligatures too: drawn as their parts.
  const kept: number[] = [];
  for (let k = 0; k < tokens.length; k++) if (!SEQUENCE_PART.test(chars[k])) kept.push(k);
  let out = '';
  kept.forEach((k, n) => {
    if (n > 0 && mayPart(chars[kept[n - 1]], chars[k])) out += '\u200C';
    out += tokens[k];
  });
  return arabic ? wrap('Noto Sans Arabic', out) : out;
}

/**
 * The SVG drawn with the shipped fonts: every `font-family` attribute becomes
 * {@link PNG_FONT_FAMILY}, and each text is given its font by {@link textWithFont}. Only those
 * attributes and the content of `<text>` and `<tspan>` elements change; `<title>` (tooltips, not
 * drawn) stays as it is.
 */
export function withShippedFonts(svg: string): string {
  return svg
    .replace(/(\sfont-family=)("[^"]*"|'[^']*')/g, `$1"${PNG_FONT_FAMILY}"`)
    .replace(/(<(?:text|tspan)\b[^>]*>)([^<]+)/g, (_, open: string, content: string) => open + textWithFont(content));
}
