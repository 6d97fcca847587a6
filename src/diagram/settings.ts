/**
 * The fixed proportions of a diagram, its resolved options, and how each kind of text is set: the
 * sizes every other step of the layout shares.
 */
import { DEFAULT_OPTIONS, type Axis, type DiagramOptions } from './options.js';
import type { Label, LabelRole } from './model.js';
import { baselineOffsetPx, lineHeightPx, textWidthPx, type FontWeight } from './text.js';

// ---------------------------------------------------------------------------------------------
// Fixed proportions (in px, or relative to the font size)
// ---------------------------------------------------------------------------------------------

export const EVENT_RADIUS_PX = 4;
export const LOCAL_RADIUS_PX = 2.6;
export const CRASH_HALF_PX = 5;
export const LOST_HALF_PX = 4.5;
/** Gap between a dot's edge and its labels. */
export const LABEL_GAP_PX = 3;
/** Padding around the estimated text width. */
export const TEXT_PAD_PX = 1;
export const MARGIN_PX = 14;
export const MIN_WIDTH_PX = 380;
export const LEGEND_SYMBOL_PX = 24;
/** Violations listed under the diagram, at most. */
export const FOOTER_VIOLATIONS = 8;

export interface Fonts {
  title: number;
  subtitle: number;
  legend: number;
  name: number;
  lamport: number;
  shows: number;
  small: number;
}

export function fontsFor(fontSizePx: number): Fonts {
  return {
    title: fontSizePx + 4,
    subtitle: fontSizePx - 1,
    legend: fontSizePx - 1,
    name: fontSizePx + 1,
    lamport: fontSizePx - 1,
    shows: fontSizePx,
    small: fontSizePx - 1,
  };
}

/** How a role's text is set. */
export function styleOf(role: LabelRole, fonts: Fonts): { fontSizePx: number; weight: FontWeight; italic: boolean } {
  switch (role) {
    case 'title':
      return { fontSizePx: fonts.title, weight: 'bold', italic: false };
    case 'subtitle':
      return { fontSizePx: fonts.subtitle, weight: 'normal', italic: false };
    case 'name':
      return { fontSizePx: fonts.name, weight: 'bold', italic: false };
    case 'footer-heading':
      return { fontSizePx: fonts.shows, weight: 'bold', italic: false };
    case 'note':
    case 'refusal':
    case 'region':
      return { fontSizePx: fonts.small, weight: 'bold', italic: false };
    case 'shows':
      return { fontSizePx: fonts.shows, weight: 'normal', italic: true };
    case 'skip':
    case 'page':
    case 'empty':
      return { fontSizePx: fonts.small, weight: 'normal', italic: true };
    case 'lamport':
      return { fontSizePx: fonts.lamport, weight: 'normal', italic: false };
    default:
      return { fontSizePx: fonts.small, weight: 'normal', italic: false };
  }
}

/** Widths of texts measured before: the same Lamport times, names and message types recur thousands of times. */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 50_000;

function measuredWidthPx(text: string, fontSizePx: number, weight: FontWeight): number {
  const key = `${fontSizePx}${weight === 'bold' ? 'b' : 'n'}${text}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    width = textWidthPx(text, fontSizePx, weight);
    if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
    widthCache.set(key, width);
  }
  return width;
}

/** The style of each role for one set of fonts, made once (labels are made by the ten thousand). */
const styleTables = new WeakMap<Fonts, Map<LabelRole, { fontSizePx: number; weight: FontWeight; italic: boolean }>>();

function cachedStyle(role: LabelRole, fonts: Fonts): { fontSizePx: number; weight: FontWeight; italic: boolean } {
  let table = styleTables.get(fonts);
  if (table === undefined) styleTables.set(fonts, (table = new Map()));
  let style = table.get(role);
  if (style === undefined) table.set(role, (style = styleOf(role, fonts)));
  return style;
}

/**
 * Builds a label anchored at (x, centre y) and its box. `text` may be several lines (an array),
 * stacked around the centre.
 */
export function makeLabel(role: LabelRole, text: string | readonly string[], x: number, y: number, anchor: Label['anchor'], fonts: Fonts): Label {
  const { fontSizePx, weight, italic } = cachedStyle(role, fonts);
  const single = typeof text === 'string' || text.length === 1;
  const first = typeof text === 'string' ? text : text[0];
  const lineHeight = lineHeightPx(fontSizePx);
  let widthPx = 0;
  let count = 1;
  if (single) widthPx = measuredWidthPx(first, fontSizePx, weight);
  else {
    count = text.length;
    for (const line of text as readonly string[]) widthPx = Math.max(widthPx, measuredWidthPx(line, fontSizePx, weight));
  }
  widthPx += 2 * TEXT_PAD_PX;
  const heightPx = lineHeight * count;
  const left = anchor === 'start' ? x - TEXT_PAD_PX : anchor === 'end' ? x - widthPx + TEXT_PAD_PX : x - widthPx / 2;
  const label: Label = {
    role,
    text: single ? first : (text as readonly string[]).join(' '),
    lineHeightPx: lineHeight,
    x,
    y,
    baselineY: y - ((count - 1) * lineHeight) / 2 + baselineOffsetPx(fontSizePx),
    anchor,
    fontSizePx,
    weight,
    italic,
    box: { x: left, y: y - heightPx / 2, widthPx, heightPx },
  };
  if (!single) label.lines = [...(text as readonly string[])];
  return label;
}

export function labelWidthPx(role: LabelRole, text: string, fonts: Fonts): number {
  const style = styleOf(role, fonts);
  return textWidthPx(text, style.fontSizePx, style.weight) + 2 * TEXT_PAD_PX;
}

/** Chat text and announcements: up to two lines. */
export const SHOWS_LINES = 2;

/** The resolved settings of one layout. */
export interface Settings {
  axis: Axis;
  rowPx: number;
  laneGapPx: number;
  fontSizePx: number;
  showsMaxWidthPx: number;
  repeatNamesEveryPx: number;
  pxPerMs: number | undefined;
}

export function settingsOf(options: DiagramOptions): Settings {
  const positive = (value: number | undefined, fallback: number, least: number) =>
    value !== undefined && Number.isFinite(value) && value >= least ? value : fallback;
  const fontSizePx = positive(options.fontSizePx, DEFAULT_OPTIONS.fontSizePx, 6);
  return {
    axis: options.axis ?? DEFAULT_OPTIONS.axis,
    // A row must hold a line of Lamport-time text, and keep it clear of the biggest mark a row
    // above or below, so that a process's labels never touch.
    rowPx: Math.max(positive(options.rowPx, DEFAULT_OPTIONS.rowPx, 1), lineHeightPx(fontSizePx - 1) + 2, lineHeightPx(fontSizePx - 1) / 2 + CRASH_HALF_PX + 2),
    laneGapPx: positive(options.laneGapPx, DEFAULT_OPTIONS.laneGapPx, 20),
    fontSizePx,
    showsMaxWidthPx: positive(options.showsMaxWidthPx, DEFAULT_OPTIONS.showsMaxWidthPx, 20),
    repeatNamesEveryPx: positive(options.repeatNamesEveryPx, DEFAULT_OPTIONS.repeatNamesEveryPx, 100),
    pxPerMs: options.pxPerMs !== undefined && Number.isFinite(options.pxPerMs) && options.pxPerMs > 0 ? options.pxPerMs : undefined,
  };
}

