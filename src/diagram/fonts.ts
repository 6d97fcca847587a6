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
import { covers } from './font-coverage.js';
import { shippedFonts, type LoadedFamily } from './shipped-fonts.js';


/**
 * The font-family every text of a PNG starts from: Noto Sans, narrower than DejaVu Sans, which the
 * width estimates of text.ts already hold for.
 */
export const PNG_FONT_FAMILY = "'Noto Sans', sans-serif";

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
