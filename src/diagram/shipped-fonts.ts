/**
 * The font files shipped as npm packages, found and read from disk: the Node-only part of drawing
 * PNGs (resvg loads these files) and of the viewer's embedded emoji. fonts.ts chooses among them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cmapCoverage, type Coverage } from './font-coverage.js';

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

/** A font package that is not installed. */
export class MissingFontError extends Error {
  constructor(readonly packageName: string) {
    super(`the font package ${packageName} is not installed; run \`npm install\` in chitty-sim (it is a dependency)`);
    this.name = 'MissingFontError';
  }
}

/** A loaded family: its files' paths and the characters its regular face has. */
export interface LoadedFamily {
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

/** A shipped font file's bytes. */
export function readShippedFont(file: string): Buffer {
  return readFileSync(file);
}
