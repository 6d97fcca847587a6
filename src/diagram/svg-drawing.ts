/**
 * Step 3 of drawing a diagram: the layout as an SVG document, built with d3 in the document it is
 * given: jsdom's on the command line (svg.ts, through d3-node), the page's own in a browser (the
 * playground). Both serialise the same elements the same way, so the text is the same.
 *
 * d3 builds the document: its arrowheads, background, layer groups and legend. The elements that
 * come one to four per event (dots, arrows, labels, line pieces) are written straight into their
 * layer groups as escaped markup, because jsdom spends ~30 µs on each element it creates: for
 * 10,000 events that alone would be about 1.5 s of a 4 s budget. Each layer group carries the
 * attributes its elements share, so the file stays small.
 */
import { select, type Selection } from 'd3-selection';
import type { Arrow, Dot, Label, LabelRole, LaneSegment, Layout, LostMark, RegionBar, Shade } from './model.js';
import { drawLegendSymbol } from './svg-legend.js';
import { crossPath, escapeText, familyColours, INK, LABEL_ROLES, LANE, LOCAL_INK, LOST, markerId, num, REFUSAL, REGION, ROLE_STYLE, titleElement, VIOLATION, type FamilyColours } from './svg-style.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Fonts the width estimates of text.ts hold for; the first one installed is used. */
const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** How the SVG is written (not where things go: that is the layout's). */
export interface SvgOptions {
  /**
   * Give the elements that belong to an event or a process line data attributes, for the
   * interactive viewer: `data-i` (the event's trace index) on dots, lost-message crosses and event
   * labels; `data-lanes` (space-separated lane numbers) on everything that belongs to a line;
   * `data-from` and `data-to` (trace indices of its ends) on arrows. Default false: plain SVG.
   */
  dataAttributes?: boolean;
}

/** Data attributes of an element, or '' when they are not wanted. */
type DataOf = (owner: { i?: number; lanes?: readonly number[]; fromI?: number; toI?: number }) => string;

const NO_DATA: DataOf = () => '';

/** Numbers only, so nothing needs escaping: node names stay in the viewer's JSON. */
const WITH_DATA: DataOf = (owner) => {
  let out = '';
  if (owner.i !== undefined) out += ` data-i="${owner.i}"`;
  if (owner.fromI !== undefined) out += ` data-from="${owner.fromI}"`;
  if (owner.toI !== undefined) out += ` data-to="${owner.toI}"`;
  if (owner.lanes !== undefined && owner.lanes.length > 0) out += ` data-lanes="${owner.lanes.join(' ')}"`;
  return out;
};

function shadeMarkup(shades: readonly Shade[]): string {
  let out = '';
  for (const shade of shades) {
    const fill = shade.kind === 'partition' ? '#fbe9e7' : '#f1f3f4';
    out += `<rect x="${num(shade.x1)}" y="${num(shade.y1)}" width="${num(shade.x2 - shade.x1)}" height="${num(shade.y2 - shade.y1)}" fill="${fill}">${titleElement(shade.tooltip)}</rect>`;
  }
  return out;
}

/** Regions: a thick bar along the process line, red where it overlaps one of another node. */
function regionMarkup(regions: readonly RegionBar[], data: DataOf): string {
  let out = '';
  for (const region of regions) {
    const fill = region.overlap ? ` fill="${VIOLATION}"` : '';
    out += `<rect x="${num(region.x - 3.5)}" y="${num(region.y1)}" width="7" height="${num(Math.max(region.y2 - region.y1, 2))}" rx="2"${fill}${data({ i: region.enterI, lanes: [region.lane] })}>${titleElement(region.tooltip)}</rect>`;
  }
  return out;
}

function laneMarkup(layout: Layout, data: DataOf): string {
  let out = '';
  const styles: Record<LaneSegment['style'], string> = {
    up: '',
    down: ` stroke="#c5ccd0" stroke-dasharray="5 4"`,
    skip: ` stroke-dasharray="1 4"`,
  };
  layout.lanes.forEach((lane, k) => {
    const attributes = data({ lanes: [k] });
    for (const segment of lane.segments) {
      out += `<line x1="${num(lane.x)}" y1="${num(segment.y1)}" x2="${num(lane.x)}" y2="${num(segment.y2)}"${styles[segment.style]}${attributes}/>`;
    }
  });
  return out;
}

function arrowMarkup(arrows: readonly Arrow[], data: DataOf): Map<string, string> {
  // One group per RPC and direction, so colour, dashes and arrowhead are said once.
  const groups = new Map<string, string>();
  for (const arrow of arrows) {
    const key = `${arrow.family}${arrow.reply ? '-reply' : ''}`;
    let attributes = data(arrow);
    if (arrow.violation) attributes += ` stroke="${VIOLATION}" marker-end="url(#${markerId('violation', false)})"`;
    if (!arrow.head) attributes += ' marker-end="none"';
    if (arrow.duplicate) attributes += ' stroke-dasharray="8 2 2 2"';
    else if (arrow.ending === 'stub-in' || arrow.ending === 'stub-out') attributes += ' stroke-dasharray="2 2"';
    const shape = arrow.control
      ? `<path d="M${num(arrow.from.x)} ${num(arrow.from.y)}Q${num(arrow.control.x)} ${num(arrow.control.y)} ${num(arrow.to.x)} ${num(arrow.to.y)}"${attributes}>`
      : `<line x1="${num(arrow.from.x)}" y1="${num(arrow.from.y)}" x2="${num(arrow.to.x)}" y2="${num(arrow.to.y)}"${attributes}>`;
    groups.set(key, (groups.get(key) ?? '') + shape + titleElement(arrow.tooltip) + (arrow.control ? '</path>' : '</line>'));
  }
  return groups;
}

function lostMarkup(lost: readonly LostMark[], data: DataOf): string {
  let out = '';
  for (const mark of lost) out += `<path d="${crossPath(mark.x, mark.y, mark.halfPx)}"${data(mark)}>${titleElement(mark.tooltip)}</path>`;
  return out;
}

function dotMarkup(dots: readonly Dot[], data: DataOf): string {
  let out = '';
  for (const dot of dots) {
    const title = titleElement(dot.tooltip);
    const own = data({ i: dot.i, lanes: [dot.lane] });
    if (dot.violation) out += `<circle cx="${num(dot.x)}" cy="${num(dot.y)}" r="${num(dot.radiusPx + 3)}" fill="none" stroke="${VIOLATION}" stroke-width="1.2"${own}/>`;
    const fill = (dot.violation ? ` fill="${VIOLATION}"` : '') + own;
    switch (dot.shape) {
      case 'event':
        out += `<circle cx="${num(dot.x)}" cy="${num(dot.y)}" r="${num(dot.radiusPx)}"${fill}>${title}</circle>`;
        break;
      case 'local':
        out += `<circle cx="${num(dot.x)}" cy="${num(dot.y)}" r="${num(dot.radiusPx)}"${dot.violation ? fill : ` fill="${LOCAL_INK}"${own}`}>${title}</circle>`;
        break;
      case 'restart':
        out += `<circle cx="${num(dot.x)}" cy="${num(dot.y)}" r="${num(dot.radiusPx)}" fill="#fff" stroke="${dot.violation ? VIOLATION : INK}" stroke-width="1.5"${own}>${title}</circle>`;
        break;
      case 'crash':
        out += `<path d="${crossPath(dot.x, dot.y, dot.radiusPx)}" stroke="${dot.violation ? VIOLATION : INK}" stroke-width="2.2"${own}>${title}</path>`;
        break;
    }
  }
  return out;
}

/** Labels that sit on their arrow get a white ground, which cuts the line also between words. */
const GROUNDED: ReadonlySet<LabelRole> = new Set(['message', 'stub']);

function labelMarkup(labels: readonly Label[], role: LabelRole, defaultSizePx: number, data: DataOf, colours: FamilyColours): string {
  let out = '';
  for (const label of labels) {
    if (label.role !== role) continue;
    const own = data(label);
    if (GROUNDED.has(role)) {
      // The box is an upper bound of the text's width; a slightly narrower ground fits it better.
      const box = label.box;
      const widthPx = box.widthPx * 0.9;
      out += `<rect x="${num(box.x + (box.widthPx - widthPx) / 2)}" y="${num(box.y + 1)}" width="${num(widthPx)}" height="${num(box.heightPx - 2)}" fill="#fff" stroke="none"${own}/>`;
    }
    let attributes = `x="${num(label.x)}" y="${num(label.baselineY)}"${own}`;
    if (label.anchor !== 'start') attributes += ` text-anchor="${label.anchor}"`;
    if (label.fontSizePx !== defaultSizePx) attributes += ` font-size="${num(label.fontSizePx)}"`;
    if (label.violation && role !== 'note' && role !== 'footer') attributes += ` fill="${VIOLATION}"`;
    else if (label.refused && role !== 'refusal') attributes += ` fill="${REFUSAL}"`;
    else if (label.family && (role === 'message' || role === 'stub')) attributes += ` fill="${colours(label.family).color}"`;
    if (label.lines === undefined) {
      out += `<text ${attributes}>${escapeText(label.text)}</text>`;
      continue;
    }
    // Several lines: one tspan each, placed absolutely so no renderer's line-height matters.
    let lines = '';
    label.lines.forEach((line, k) => {
      lines += `<tspan x="${num(label.x)}" y="${num(label.baselineY + k * label.lineHeightPx)}">${escapeText(line)}</tspan>`;
    });
    out += `<text ${attributes}>${lines}</text>`;
  }
  return out;
}

// --- the document, with d3 ---------------------------------------------------------------------------

/**
 * The layout as an SVG document (UTF-8 text with an XML declaration), drawn in `document` (the
 * element is made there and left detached). Byte-identical for equal layouts: no ids but fixed
 * ones, no dates, no randomness.
 */
export function drawSvg(layout: Layout, document: Document, options: SvgOptions = {}): string {
  const data = options.dataAttributes ? WITH_DATA : NO_DATA;
  const root = document.createElementNS(SVG_NAMESPACE, 'svg');
  // The attributes in d3-node's order (it made the element before): the same text as ever.
  const svg = select(root)
    .attr('xmlns', SVG_NAMESPACE)
    .attr('width', layout.widthPx)
    .attr('height', layout.heightPx)
    .attr('viewBox', `0 0 ${layout.widthPx} ${layout.heightPx}`)
    .attr('role', 'img')
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', 10)
    .attr('direction', 'ltr');
  if (layout.print) {
    // Printed on paper: the width is the paper's, the height in proportion.
    svg.attr('width', `${num(layout.print.widthMm)}mm`).attr('height', `${num((layout.print.widthMm * layout.heightPx) / layout.widthPx)}mm`);
  }
  svg.append('title').text(layout.print ? `${layout.description}; page ${layout.print.page} of ${layout.print.pages}` : layout.description);

  const bulk: string[] = [];
  /** Leaves a placeholder in `group` for markup spliced in after serialisation. */
  const fill = (group: Selection, markup: string) => {
    group.node()!.appendChild(document.createComment(`chitty-bulk-${bulk.length}`));
    bulk.push(markup);
  };

  const defs = svg.append('defs');
  const heads: { id: string; colour: string }[] = [];
  for (const family of layout.families) {
    heads.push({ id: markerId(family.id, false), colour: family.color });
    heads.push({ id: markerId(family.id, true), colour: family.replyColor });
  }
  heads.push({ id: markerId('violation', false), colour: VIOLATION });
  for (const head of heads) {
    defs
      .append('marker')
      .attr('id', head.id)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 10)
      .attr('refY', 5)
      .attr('markerWidth', 8)
      .attr('markerHeight', 8)
      .attr('markerUnits', 'userSpaceOnUse')
      .attr('orient', 'auto')
      .append('path')
      .attr('d', 'M0 1L10 5L0 9z')
      .attr('fill', head.colour);
  }

  svg.append('rect').attr('width', layout.widthPx).attr('height', layout.heightPx).attr('fill', '#fff');
  fill(svg.append('g').attr('class', 'shades'), shadeMarkup(layout.shades));
  if (layout.regions.length > 0) fill(svg.append('g').attr('class', 'regions').attr('fill', REGION).attr('fill-opacity', 0.55), regionMarkup(layout.regions, data));
  fill(svg.append('g').attr('class', 'lanes').attr('stroke', LANE).attr('stroke-width', 1.5), laneMarkup(layout, data));

  const arrowGroups = arrowMarkup(layout.arrows, data);
  const arrowLayer = svg.append('g').attr('class', 'messages').attr('fill', 'none').attr('stroke-width', 1.4);
  for (const { id: family, color, replyColor } of layout.families) {
    for (const reply of [false, true]) {
      const markup = arrowGroups.get(`${family}${reply ? '-reply' : ''}`);
      if (markup === undefined) continue;
      const group = arrowLayer
        .append('g')
        .attr('class', `${family}${reply ? ' reply' : ''}`)
        .attr('stroke', reply ? replyColor : color)
        .attr('marker-end', `url(#${markerId(family, reply)})`);
      if (reply) group.attr('stroke-dasharray', '5 3');
      fill(group, markup);
    }
  }
  fill(svg.append('g').attr('class', 'lost').attr('stroke', LOST).attr('stroke-width', 2).attr('fill', 'none'), lostMarkup(layout.lost, data));
  fill(svg.append('g').attr('class', 'events').attr('fill', INK), dotMarkup(layout.dots, data));

  const legend = svg.append('g').attr('class', 'legend');
  const colours = familyColours(layout);
  for (const item of layout.legend) drawLegendSymbol(legend, item, colours);

  const labelLayer = svg.append('g').attr('class', 'labels');
  for (const role of LABEL_ROLES) {
    const first = layout.labels.find((label) => label.role === role);
    if (first === undefined) continue;
    const style = ROLE_STYLE[role];
    const group = labelLayer.append('g').attr('class', role).attr('fill', style.fill).attr('font-size', num(first.fontSizePx));
    if (first.weight === 'bold') group.attr('font-weight', 'bold');
    if (first.italic) group.attr('font-style', 'italic');
    if (style.halo) {
      // A white outline behind the glyphs keeps text readable where it crosses a line.
      group.attr('stroke', '#fff').attr('stroke-width', 3).attr('stroke-linejoin', 'round').attr('paint-order', 'stroke');
    }
    fill(group, labelMarkup(layout.labels, role, first.fontSizePx, data, colours));
  }

  // The element is serialised as HTML: `&nbsp;` is no XML entity, so it becomes a character reference.
  let text = root.outerHTML.replace(/&nbsp;/g, '&#160;');
  text = text.replace(/<!--chitty-bulk-(\d+)-->/g, (_, k: string) => bulk[Number(k)]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
}
