/**
 * SVG to PNG without a browser, with resvg. Fonts come from npm packages, never from the machine,
 * so the same SVG gives the same PNG bytes everywhere and text of any supported script is drawn with
 * real glyphs even where no fonts are installed (a bare container, CI).
 */
import { withShippedFonts } from './fonts.js';
import { shippedFontFiles } from './shipped-fonts.js';

export { PNG_FONT_FAMILY } from './fonts.js';
export { MissingFontError } from './shipped-fonts.js';

/** Default zoom: twice the SVG's size, sharp on high-density screens and in print. */
export const DEFAULT_PNG_SCALE = 2;

/**
 * Default largest PNG, in pixels (width × height): 64 million, about 256 MB of pixels while it
 * is drawn. A larger one is refused with a message suggesting a window or a smaller scale.
 */
export const DEFAULT_MAX_PNG_PIXELS = 64_000_000;

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Zoom factor: the PNG is the SVG's width and height times this. Default {@link DEFAULT_PNG_SCALE} (2). */
  scale?: number;
  /** Refuse a PNG of more pixels than this. Default {@link DEFAULT_MAX_PNG_PIXELS} (64 million). */
  maxPixels?: number;
  /** Background colour (CSS). Default white: transparent pixels would show text halos as white blobs on dark pages. */
  background?: string;
}

/** A PNG larger than {@link PngOptions.maxPixels}. */
export class PngTooLargeError extends Error {
  constructor(
    readonly widthPx: number,
    readonly heightPx: number,
    readonly maxPixels: number,
  ) {
    super(
      `the PNG would be ${widthPx} × ${heightPx} px (${Math.round((widthPx * heightPx) / 1e6)} million pixels), more than ${Math.round(maxPixels / 1e6)} million; ` +
        'draw a window (--from/--to, --nodes), a smaller --scale, or write SVG',
    );
    this.name = 'PngTooLargeError';
  }
}

/**
 * Draws an SVG document as PNG with resvg, with the shipped fonts only (no system fonts), so the
 * bytes are the same on every machine.
 *
 * @param svg - the SVG text. Its font-family choices are replaced by the shipped fonts: Noto Sans,
 *   and for each text that needs them Noto Emoji, Noto Sans Arabic or DejaVu Sans.
 * @param options - scale (default 2), largest size (default 64 million pixels), background (white).
 * @returns the PNG file's bytes.
 * @throws PngTooLargeError when the PNG would have more than `maxPixels` pixels.
 * @throws MissingFontError when a font package is not installed.
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`scale must be a positive number, not ${scale}`);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PNG_PIXELS;
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(withShippedFonts(svg), {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? '#fff',
    font: {
      fontFiles: shippedFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: 'Noto Sans',
      sansSerifFamily: 'Noto Sans',
    },
    logLevel: 'off',
  });
  // resvg rounds the zoomed size up; check before it allocates the pixels.
  const widthPx = Math.ceil(resvg.width * scale);
  const heightPx = Math.ceil(resvg.height * scale);
  if (widthPx * heightPx > maxPixels) throw new PngTooLargeError(widthPx, heightPx, maxPixels);
  return resvg.render().asPng();
}
