/**
 * The emoji a viewer page shows, as a font inside the page: the characters of Noto Emoji (shipped
 * as an npm package, the font the PNG export draws emoji with) that the page's texts use, subset
 * with HarfBuzz and embedded as WOFF2, so that emoji look the same on every machine, also one
 * without an emoji font. Node only (shipped-fonts.ts reads the font file); the page itself fetches nothing.
 */
import { covers } from '../diagram/font-coverage.js';
import { readShippedFont, shippedFonts } from '../diagram/shipped-fonts.js';

/** The family name the page's styles use for the embedded emoji. */
export const EMOJI_FAMILY = 'Chitty Emoji';

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u200D\u20E3\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;

/** An embedded font: its `@font-face` rule (a data URL), or none when the texts have no emoji. */
export interface EmbeddedFont {
  css: string;
  /** The code points it holds. */
  codePoints: number[];
}

/**
 * The `@font-face` rule for the emoji among `texts` that Noto Emoji has.
 * @returns undefined when the texts use none.
 */
export async function emojiFontFace(texts: Iterable<string>): Promise<EmbeddedFont | undefined> {
  const wanted = new Set<number>();
  for (const text of texts) {
    for (const char of text) if (EMOJI.test(char)) wanted.add(char.codePointAt(0)!);
  }
  if (wanted.size === 0) return undefined;
  const font = shippedFonts().find((family) => family.family === 'Noto Emoji')!;
  const codePoints = [...wanted].filter((codePoint) => covers(font.coverage, codePoint) || codePoint === 0x200d || codePoint === 0xfe0f).sort((a, b) => a - b);
  if (codePoints.length === 0) return undefined;
  const { default: subsetFont } = await import('subset-font');
  const subset = await subsetFont(readShippedFont(font.files[0]), String.fromCodePoint(...codePoints), { targetFormat: 'woff2' });
  const ranges = codePoints.map((codePoint) => `U+${codePoint.toString(16).toUpperCase()}`).join(', ');
  return {
    css: `@font-face { font-family: '${EMOJI_FAMILY}'; src: url(data:font/woff2;base64,${subset.toString('base64')}) format('woff2'); unicode-range: ${ranges}; }\n`,
    codePoints,
  };
}
