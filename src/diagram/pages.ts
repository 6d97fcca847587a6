/**
 * A diagram cut into pages for print (A4 or US Letter, portrait): each page holds a stretch of the
 * body at a legible size under the process names, the first also the title and legend, the last
 * also the list of violations. An arrow that crosses a page break ends there as a stub, and goes
 * on from the top of the next page; a small note says on which page it continues.
 */
import type { Arrow, Label, Layout, Point } from './model.js';
import { Obstacles } from './obstacles.js';
import { LabelPlacer } from './placement.js';
import { fontsFor, makeLabel, MARGIN_PX } from './settings.js';
import { lineHeightPx } from './text.js';

export type PageSize = 'a4' | 'letter';

export const PAGE_SIZES: readonly PageSize[] = ['a4', 'letter'];

/** Paper sizes, mm, portrait. */
const PAPER_MM: Record<PageSize, { widthMm: number; heightMm: number }> = {
  a4: { widthMm: 210, heightMm: 297 },
  letter: { widthMm: 215.9, heightMm: 279.4 },
};

/** CSS px per mm (96 px per inch): a page of this many px prints at the diagram's own size. */
const PX_PER_MM = 96 / 25.4;

/** Below this share of its size the diagram's smallest text (10 px) prints under 6 pt. */
export const MIN_PRINT_SCALE = 0.8;

/** The share of its own size a diagram is printed at on `size` paper (1 when it fits). */
export function printScale(layout: Layout, size: PageSize): number {
  return Math.min(1, (PAPER_MM[size].widthMm * PX_PER_MM) / layout.widthPx);
}

function shiftLabel(label: Label, dy: number): Label {
  return { ...label, y: label.y + dy, baselineY: label.baselineY + dy, box: { ...label.box, y: label.box.y + dy } };
}

function at(a: Point, b: Point, y: number): Point {
  const fraction = b.y === a.y ? 0 : (y - a.y) / (b.y - a.y);
  return { x: a.x + (b.x - a.x) * fraction, y };
}

/**
 * Where to cut the body: between two rows of events, where no label of the body straddles the cut,
 * as low as the page allows.
 */
function cutPoints(layout: Layout, capacityPx: number, lastPagePx: number): number[] {
  const rows = [...new Set(layout.dots.map((dot) => dot.y))].sort((a, b) => a - b);
  const body = layout.labels.filter((label) => label.box.y >= layout.bodyTopPx - 2 && label.box.y < layout.bodyBottomPx);
  const straddles = (y: number) => body.some((label) => label.box.y < y && label.box.y + label.box.heightPx > y);
  const cuts: number[] = [];
  let start = layout.bodyTopPx - 4;
  // Every page holds capacityPx of the body, the last only lastPagePx (the violations go under it).
  while (layout.bodyBottomPx - start > lastPagePx) {
    const limit = start + Math.min(capacityPx, Math.max(layout.bodyBottomPx - start - 1, lastPagePx));
    let cut: number | undefined;
    let fallback: number | undefined;
    for (let k = rows.length - 2; k >= 0; k--) {
      const y = (rows[k] + rows[k + 1]) / 2;
      if (y > limit || y <= start + capacityPx / 3) continue;
      fallback ??= y;
      if (!straddles(y)) {
        cut = y;
        break;
      }
    }
    cut ??= fallback ?? limit;
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

/**
 * Cuts a layout into pages of `size`, portrait.
 * @returns one layout per page, each with `print` set (its paper size); one page when it all fits.
 */
export function paginate(layout: Layout, size: PageSize): Layout[] {
  const paper = PAPER_MM[size];
  // The page's width in the diagram's px: the paper at the diagram's own size, or wider (the
  // diagram printed smaller) when the diagram is wider, down to MIN_PRINT_SCALE.
  const paperPx = paper.widthMm * PX_PER_MM;
  const pageWidthPx = Math.max(paperPx, layout.widthPx);
  const pageHeightPx = (pageWidthPx * paper.heightMm) / paper.widthMm;
  const fonts = fontsFor(layout.names[0]?.fontSizePx !== undefined ? layout.names[0].fontSizePx - 1 : 11);
  const small = lineHeightPx(fonts.small);
  const namesTop = layout.names.length > 0 ? Math.min(...layout.names.map((label) => label.box.y)) : layout.bodyTopPx;
  const namesBottom = layout.names.length > 0 ? Math.max(...layout.names.map((label) => label.box.y + label.box.heightPx)) : layout.bodyTopPx;
  const headerPx = namesTop; // title, subtitle, legend: page 1 only
  const footerPx = layout.heightPx - layout.bodyBottomPx; // violations: the last page
  const runningTitlePx = MARGIN_PX + small + 4; // pages after the first: title and page number
  const pageNumberPx = small + MARGIN_PX;
  const namesPx = layout.bodyTopPx - namesTop;
  const capacityPx = Math.max(pageHeightPx - Math.max(headerPx, runningTitlePx) - namesPx - pageNumberPx, 6 * (namesBottom - namesTop));
  const cuts = cutPoints(layout, capacityPx, Math.max(capacityPx - footerPx, 3 * (namesBottom - namesTop)));
  const bounds = [layout.bodyTopPx - 4, ...cuts, Infinity];
  const count = bounds.length - 1;
  const title = layout.labels.find((label) => label.role === 'title');
  const pages: Layout[] = [];
  const pageOf = (y: number) => {
    let k = 0;
    while (k + 1 < count && y >= bounds[k + 1]) k++;
    return k;
  };

  for (let k = 0; k < count; k++) {
    const first = k === 0;
    const last = k === count - 1;
    const y0 = bounds[k];
    const y1 = bounds[k + 1];
    const topPx = first ? headerPx : runningTitlePx;
    // The body from y0 goes just below the names, which go to topPx.
    const dy = first ? 0 : topPx + namesPx - y0;
    const inBody = (y: number) => y >= y0 && y < y1;
    const labels: Label[] = [];
    for (const label of layout.labels) {
      const centre = label.box.y + label.box.heightPx / 2;
      if (label.box.y < namesTop) {
        if (first) labels.push(label);
      } else if (layout.names.includes(label)) {
        labels.push(shiftLabel(label, first ? 0 : topPx - namesTop));
      } else if (centre >= layout.bodyBottomPx) {
        if (last) labels.push(shiftLabel(label, dy));
      } else if (inBody(centre)) labels.push(shiftLabel(label, dy));
    }
    if (!first && title) labels.push(makeLabel('page', `${title.text} · page ${k + 1} of ${count}`, MARGIN_PX, MARGIN_PX + small / 2, 'start', fonts));
    const arrows: Arrow[] = [];
    const continuations: { point: Point; text: string; arrow: number }[] = [];
    for (const arrow of layout.arrows) {
      const top = Math.min(arrow.from.y, arrow.to.y);
      const bottom = Math.max(arrow.from.y, arrow.to.y, arrow.control?.y ?? -Infinity);
      if (bottom < y0 || top >= y1) continue;
      if (arrow.control !== undefined || (top >= y0 && bottom < y1)) {
        if (inBody(arrow.from.y) || inBody(arrow.to.y)) arrows.push(shift(arrow, dy));
        continue;
      }
      // Crosses a page break: the part on this page, as a stub, with where it goes on or comes from.
      let from = arrow.from;
      let to = arrow.to;
      let ending = arrow.ending;
      if (from.y < y0) {
        from = at(arrow.from, arrow.to, y0);
        ending = 'stub-in';
        continuations.push({ point: from, text: `from p. ${pageOf(arrow.from.y) + 1}`, arrow: arrows.length });
      }
      if (to.y >= y1) {
        to = at(arrow.from, arrow.to, y1);
        ending = 'stub-out';
        continuations.push({ point: to, text: `on p. ${pageOf(arrow.to.y) + 1}`, arrow: arrows.length });
      }
      arrows.push(shift({ ...arrow, from, to, ending, head: ending === 'stub-out' ? false : arrow.head }, dy));
    }
    const pageHeight = first && last ? layout.heightPx : Math.ceil(topPx + namesPx + (Math.min(y1, layout.bodyBottomPx) - y0) + (last ? footerPx : 0) + pageNumberPx);
    const page: Layout = {
      ...layout,
      heightPx: Math.max(Math.ceil(pageHeightPx), pageHeight),
      widthPx: Math.ceil(pageWidthPx),
      bodyTopPx: layout.bodyTopPx + (first ? 0 : dy),
      bodyBottomPx: Math.min(y1, layout.bodyBottomPx) + dy,
      lanes: layout.lanes.map((lane) => ({
        ...lane,
        segments: lane.segments
          .filter((segment) => segment.y2 > (first ? -Infinity : y0) && segment.y1 < y1)
          .map((segment) => ({ ...segment, y1: Math.max(segment.y1, first ? segment.y1 : y0) + dy, y2: Math.min(segment.y2, y1) + dy })),
      })),
      dots: layout.dots.filter((dot) => inBody(dot.y)).map((dot) => ({ ...dot, y: dot.y + dy })),
      arrows,
      lost: layout.lost.filter((mark) => inBody(mark.y)).map((mark) => ({ ...mark, y: mark.y + dy })),
      shades: layout.shades.filter((shade) => shade.y2 > y0 && shade.y1 < y1).map((shade) => ({ ...shade, y1: Math.max(shade.y1, y0) + dy, y2: Math.min(shade.y2, y1) + dy })),
      regions: layout.regions.filter((region) => region.y2 > y0 && region.y1 < y1).map((region) => ({ ...region, y1: Math.max(region.y1, y0) + dy, y2: Math.min(region.y2, y1) + dy })),
      legend: first ? layout.legend : [],
      labels,
      print: { widthMm: paper.widthMm, heightMm: paper.heightMm, page: k + 1, pages: count },
    };
    // The continuation notes, where they are free: beside the stub's end at the break.
    const placer = new LabelPlacer(new Obstacles(), page.widthPx, 0);
    for (const label of labels) placer.obstacles.addBox(label.box);
    for (const dot of page.dots) placer.obstacles.addBox({ x: dot.x - 5, y: dot.y - 5, widthPx: 10, heightPx: 10 });
    arrows.forEach((arrow, a) => placer.obstacles.addSegment(arrow.from, arrow.to, a));
    for (const note of continuations) {
      const point = { x: note.point.x, y: note.point.y + dy };
      const inward = note.text.startsWith('from') ? 1 : -1;
      const candidates = [4, 8].flatMap((gap) =>
        (['start', 'end'] as const).map((anchor) => {
          const label = makeLabel('page', note.text, point.x + (anchor === 'start' ? gap : -gap), point.y + inward * (small / 2 + 1), anchor, fonts);
          label.arrow = note.arrow;
          return label;
        }),
      );
      placer.placeBest(candidates, new Set([note.arrow]));
    }
    page.labels = [...labels, ...placer.labels];
    if (count > 1) {
      page.labels.push(makeLabel('page', `${k + 1} / ${count}`, page.widthPx / 2, page.heightPx - MARGIN_PX / 2 - small / 2, 'middle', fonts));
    }
    pages.push(page);
  }
  return pages;
}

function shift(arrow: Arrow, dy: number): Arrow {
  const out: Arrow = { ...arrow, from: { x: arrow.from.x, y: arrow.from.y + dy }, to: { x: arrow.to.x, y: arrow.to.y + dy } };
  if (arrow.control) out.control = { x: arrow.control.x, y: arrow.control.y + dy };
  return out;
}
