/**
 * Step 2 of drawing a diagram: where everything goes. A pure function from a trace to numbers and
 * strings; it knows nothing of SVG, so it is tested on its numbers. One concept per file:
 * `rows.ts` (down the page), `columns.ts` (across), `marks.ts` (dots, arrows, crosses),
 * `regions.ts`, `lines.ts` (process lines, bands), `header.ts` (title, legend), `event-labels.ts`
 * and `arrow-labels.ts` (what each label says and where it may go), `placement.ts` (which place it
 * takes), `footer.ts`, `tooltips.ts`. A label that finds no free place makes its row grow, and the
 * layout is made again, a few times at most.
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { placeArrowLabels } from './arrow-labels.js';
import { layoutColumns, type ColumnGrowth } from './columns.js';
import { placeEventLabels, textVersions } from './event-labels.js';
import { layoutFooter } from './footer.js';
import { indexViolations, type Frame } from './frame.js';
import { layoutHeader, type LegendEntry } from './header.js';
import { layoutLanes, layoutShades } from './lines.js';
import { clearCrashes, layoutMarks } from './marks.js';
import type { Layout } from './model.js';
import { Obstacles } from './obstacles.js';
import type { DiagramOptions } from './options.js';
import { pairMessages, processOrder } from './pairs.js';
import { MessageColors } from './palette.js';
import { LabelPlacer } from './placement.js';
import { layoutRegions } from './regions.js';
import { layoutRows } from './rows.js';
import { MARGIN_PX, fontsFor, makeLabel, settingsOf } from './settings.js';
import { formatDurationMs, labelText, lineHeightPx, xmlSafe } from './text.js';
import { describeWindow, isWholeTrace, windowFilter } from './window.js';

export type { Arrow, Dot, Label, LabelRole, Lane, LaneSegment, Layout, LegendItem, LostMark, Point, RegionBar, RpcFamily, Shade } from './model.js';
export { diagramTitle } from './header.js';

/** Room a label asked for: px more before the row of event `p`, and (if that was tried) its width beside its lane. */
interface Growth {
  p: number;
  px: number;
  lane?: number;
  side?: 'left' | 'right';
  widthPx?: number;
}

/** Layouts made at most: the first, and again after growing the rows (then the columns) where labels found no room. */
const MAX_TRIES = 4;

/**
 * Lays out a diagram of `events` (in trace order). Pure: the same input gives the same numbers.
 *
 * @param header - the trace's header (title: protocol and scenario, seed, clock mode).
 * @param events - the events to draw; those outside `options.window` are left out.
 * @param options - see {@link DiagramOptions}; every field has a default.
 */
export function layoutDiagram(header: TraceHeader, events: readonly TraceEvent[], options: DiagramOptions = {}): Layout {
  const drawn = isWholeTrace(options.window) ? events : events.filter(windowFilter(options.window));
  const rowGrowth = new Map<number, number>();
  const columnGrowth = new Map<number, { left: number; right: number }>();
  const prepared = prepare(drawn, options);
  for (let attempt = 0; ; attempt++) {
    const lastTry = attempt === MAX_TRIES - 1;
    const { layout, grow } = layoutOnce(header, drawn, options, prepared, rowGrowth, columnGrowth, lastTry);
    if (lastTry || grow.length === 0) return layout;
    for (const entry of grow) {
      // A row that grew once and still holds no room for the label: its column grows too.
      if (rowGrowth.has(entry.p) && entry.lane !== undefined && entry.side !== undefined) {
        const room = columnGrowth.get(entry.lane) ?? { left: 0, right: 0 };
        room[entry.side] += Math.ceil(entry.widthPx ?? 0) + 4;
        columnGrowth.set(entry.lane, room);
      }
      rowGrowth.set(entry.p, (rowGrowth.get(entry.p) ?? 0) + entry.px);
    }
  }
}

/** What every try of a layout shares: the lines, the messages, the violations, the texts' widths. */
interface Prepared {
  settings: ReturnType<typeof settingsOf>;
  fonts: ReturnType<typeof fontsFor>;
  nodes: string[];
  laneOf: Map<string, number>;
  traceRank: Map<string, number>;
  clockRank: Map<string, number>;
  pairing: ReturnType<typeof pairMessages>;
  colors: MessageColors;
  violationsOf: ReturnType<typeof indexViolations>['violationsOf'];
  notedAt: ReturnType<typeof indexViolations>['notedAt'];
  refusalOf: (event: TraceEvent) => string | undefined;
  nameText: string[];
  /** Width each event's side labels want beside it (printed text, notes), by drawn position. */
  sideLabelWidths: Float64Array;
  tooltips: WeakMap<object, string>;
}

function prepare(drawn: readonly TraceEvent[], options: DiagramOptions): Prepared {
  const settings = settingsOf(options);
  const fonts = fontsFor(settings.fontSizePx);
  const nodes = processOrder(drawn, options.window?.nodes, options.allNodes);
  const laneOf = new Map(nodes.map((node, index) => [node, index]));
  const traceOrder = options.allNodes ?? nodes;
  const traceRank = new Map(traceOrder.map((node, index) => [node, index]));
  // Tooltips list vector clocks in the order of the lines, then the nodes not drawn.
  const clockRank = new Map([...nodes, ...traceOrder.filter((node) => !laneOf.has(node))].map((node, index) => [node, index]));
  const { violationsOf, notedAt } = indexViolations(options.violations ?? []);
  const firstVersionPx = (role: 'shows' | 'note', text: string) => {
    const version = textVersions(text, settings.showsMaxWidthPx, role, fonts).next().value!;
    return makeLabel(role, version.lines, 0, 0, 'start', fonts).box.widthPx;
  };
  const sideLabelWidths = new Float64Array(drawn.length);
  drawn.forEach((event, p) => {
    let wanted = 0;
    if (event.shows) wanted = firstVersionPx('shows', labelText(event.shows));
    const rules = notedAt.get(event.i);
    if (rules) wanted = Math.max(wanted, Math.min(settings.showsMaxWidthPx, firstVersionPx('note', `✗ ${rules.join(', ')}`)));
    sideLabelWidths[p] = wanted;
  });
  return {
    settings,
    fonts,
    nodes,
    laneOf,
    traceRank,
    clockRank,
    pairing: pairMessages(drawn, nodes),
    colors: new MessageColors(options.palette),
    violationsOf,
    notedAt,
    refusalOf: options.refusalOf ?? (() => undefined),
    nameText: nodes.map((node) => labelText(node)),
    sideLabelWidths,
    tooltips: new WeakMap(),
  };
}

function layoutOnce(
  header: TraceHeader,
  drawn: readonly TraceEvent[],
  options: DiagramOptions,
  prepared: Prepared,
  rowGrowth: ReadonlyMap<number, number>,
  columnGrowth: ColumnGrowth,
  lastTry: boolean,
): { layout: Layout; grow: Growth[] } {
  const { settings, fonts, nodes, laneOf, traceRank, clockRank, pairing, colors, violationsOf, notedAt, refusalOf, nameText, tooltips } = prepared;
  const { rowPx, axis } = settings;
  const window = options.window;
  const n = drawn.length;

  // --- across: lanes wide enough for the names and the labels beside them -------------------------
  const sideLabelPx = (p: number) => prepared.sideLabelWidths[p];
  const columns = layoutColumns({ drawn, nodes, laneOf, traceRank, messages: pairing.messages, colors, settings, fonts, sideLabelPx, nameText, growth: columnGrowth });
  const { widthPx } = columns;

  // --- down: rows, then the marks on them ------------------------------------------------------------
  const rows = layoutRows(drawn, laneOf, pairing, settings, fonts, rowGrowth);
  const obstacles = new Obstacles();
  const placer = new LabelPlacer(obstacles, widthPx);
  const entries = legendEntries(drawn, laneOf, pairing, colors, refusalOf, violationsOf, options, axis === 'time' && rows.skips.length > 0);
  const top = layoutHeader(
    { header, title: options.title, axis, events: n, windowText: describeWindow(window), interrupted: options.interrupted ?? false, entries, widthPx, fonts },
    placer,
  );
  const nameLinePx = lineHeightPx(fonts.name);
  const namesY = top.bottomPx + nameLinePx / 2;
  const bodyTopPx = namesY + nameLinePx / 2 + rowPx;
  const names = nodes.map((_, lane) => {
    const label = makeLabel('name', nameText[lane], columns.laneX(lane), namesY, 'middle', fonts);
    label.lanes = [lane];
    return placer.add(label);
  });
  const yOf = (p: number) => bodyTopPx + rows.shift(rows.rawY[p]);
  const frame: Frame = { drawn, nodes, laneOf, pairing, colors, settings, fonts, columns, yOf, bodyTopPx, wholeTrace: isWholeTrace(window), clockRank, violationsOf, notedAt, tooltips, refusalOf };
  const marks = layoutMarks(frame);
  const blockedCrashes = clearCrashes(marks, rowPx);
  let bodyBottomPx = Math.max(bodyTopPx, marks.bottomPx) + rowPx;
  const regions = layoutRegions(drawn, laneOf, columns.laneX, yOf, bodyBottomPx);

  // --- what labels keep clear of -----------------------------------------------------------------------
  for (const dot of marks.dots) obstacles.addBox({ x: dot.x - dot.radiusPx - 1, y: dot.y - dot.radiusPx - 1, widthPx: 2 * dot.radiusPx + 2, heightPx: 2 * dot.radiusPx + 2 });
  for (const mark of marks.lost) obstacles.addBox({ x: mark.x - mark.halfPx - 1, y: mark.y - mark.halfPx - 1, widthPx: 2 * mark.halfPx + 2, heightPx: 2 * mark.halfPx + 2 });
  marks.arrows.forEach((arrow, a) => {
    if (arrow.control) {
      obstacles.addSegment(arrow.from, arrow.control, a);
      obstacles.addSegment(arrow.control, arrow.to, a);
    } else obstacles.addSegment(arrow.from, arrow.to, a);
  });
  obstacles.setLanes(nodes.map((_, lane) => columns.laneX(lane)));

  // --- labels, most important first ----------------------------------------------------------------------
  const events = placeEventLabels(frame, marks, regions, placer, lastTry);
  let omitted = events.omitted;
  // Process names again, in the bands on tall diagrams: on their line, or beside it where an arrow passes.
  for (const after of rows.bandsAfter) {
    const y = bodyTopPx + rows.shift(after) + rowPx / 2 + rows.bandPx / 2;
    nodes.forEach((_, lane) => {
      const x = columns.laneX(lane);
      const candidates = [0, -3, 3].flatMap((dy) =>
        (['middle', 'start', 'end'] as const).map((anchor) => {
          const label = makeLabel('name', nameText[lane], anchor === 'start' ? x + 3 : anchor === 'end' ? x - 3 : x, y + dy, anchor, fonts);
          label.lanes = [lane];
          return label;
        }),
      );
      if (!placer.placeBest(candidates)) omitted++;
    });
  }
  // How much time a cut-short stretch skips.
  const skipBands = rows.skips.map((skip) => ({ y1: bodyTopPx + rows.shift(skip.y1), y2: bodyTopPx + rows.shift(skip.y2), skippedMs: skip.skippedMs }));
  for (const band of skipBands) {
    const xs = [...columns.gapMids, columns.laneX(0) + settings.laneGapPx * 0.3, widthPx / 2];
    const text = `⋯ ${formatDurationMs(band.skippedMs)} later ⋯`;
    if (!placer.placeBest(xs.map((x) => makeLabel('skip', text, x, (band.y1 + band.y2) / 2, 'middle', fonts)))) omitted++;
  }
  omitted += placeArrowLabels(frame, marks, placer);
  const shades = layoutShades(skipBands, options.partitions ?? [], marks.dots, drawn, widthPx, rowPx);
  for (const shade of shades) {
    if (shade.kind !== 'partition') continue;
    const text = labelText(shade.tooltip.split(' from ')[0]);
    const line = lineHeightPx(fonts.small);
    const candidates = [shade.y1 + line / 2 + 1, shade.y2 - line / 2 - 1].map((y) => makeLabel('partition', text, MARGIN_PX / 2, y, 'start', fonts));
    if (!placer.placeBest(candidates)) omitted++;
  }
  if (n === 0) {
    placer.add(makeLabel('empty', 'No events to draw in this window.', widthPx / 2, bodyTopPx + rowPx, 'middle', fonts));
    bodyBottomPx = Math.max(bodyBottomPx, bodyTopPx + 2 * rowPx);
  }
  const lanes = layoutLanes(nodes, columns.laneX, marks.dots, bodyTopPx - rowPx * 0.5, bodyBottomPx, skipBands);

  // --- footer: the violations, listed ----------------------------------------------------------------------
  const drawnIndices = new Set(drawn.map((event) => event.i));
  const listed = (options.violations ?? []).filter((violation) => violation.events.some((ref) => drawnIndices.has(ref.i)));
  let heightPx = layoutFooter(listed, bodyBottomPx, widthPx, fonts, placer);
  for (const label of placer.labels) heightPx = Math.max(heightPx, label.box.y + label.box.heightPx + 4);

  const grow: Growth[] = events.unplaced.map((entry) => ({ p: entry.p, px: Math.ceil(entry.heightPx) + 2, lane: entry.lane, side: entry.side, widthPx: entry.widthPx }));
  for (const p of blockedCrashes) grow.push({ p, px: rowPx });
  const layout: Layout = {
    widthPx,
    heightPx: Math.ceil(heightPx),
    axis,
    bodyTopPx,
    bodyBottomPx,
    lanes,
    dots: marks.dots,
    arrows: marks.arrows,
    lost: marks.lost,
    shades,
    regions,
    legend: top.legend,
    labels: placer.labels,
    families: colors.all(),
    names,
    description: xmlSafe(`Lamport diagram of ${header.scenario} (seed ${header.seed}, clock ${header.clock}): ${nodes.length} processes, ${n} events`),
    omittedLabels: omitted,
  };
  return { layout, grow };
}

/** What the legend lists: the message families drawn, then each kind of mark present. */
function legendEntries(
  drawn: readonly TraceEvent[],
  laneOf: ReadonlyMap<string, number>,
  pairing: ReturnType<typeof pairMessages>,
  colors: MessageColors,
  refusalOf: (event: TraceEvent) => string | undefined,
  violationsOf: ReadonlyMap<number, unknown>,
  options: DiagramOptions,
  skipped: boolean,
): LegendEntry[] {
  const present = { families: new Set<string>(), reply: false, event: false, local: false, lost: false, crash: false, duplicate: false, stub: false, refusal: false };
  const regionNames = new Set<string>();
  for (const event of drawn) {
    if (event.kind === 'local') present.local = true;
    else if (event.kind === 'crash' || event.kind === 'restart') present.crash = true;
    else if (event.kind !== 'drop') present.event = true;
    if (event.mark?.enter !== undefined && laneOf.has(event.node)) regionNames.add(event.mark.enter);
    if ((event.kind === 'send' || event.kind === 'receive') && refusalOf(event) !== undefined) present.refusal = true;
  }
  for (const pair of pairing.messages) {
    const { family, reply } = colors.styleOf(pair.type);
    // A family is listed by its colour even when only its replies are drawn.
    present.families.add(family);
    if (reply) present.reply = true;
    if (pair.drop >= 0 && pair.receive < 0) present.lost = true;
    if (pair.duplicates.length > 0) present.duplicate = true;
    if (pair.send < 0 || (pair.receive < 0 && pair.drop < 0) || !laneOf.has(pair.from) || !laneOf.has(pair.to)) present.stub = true;
  }
  const entries: LegendEntry[] = [];
  for (const family of colors.all()) if (present.families.has(family.id)) entries.push({ symbol: 'request', family: family.id, text: family.label });
  if (present.reply) entries.push({ symbol: 'reply', text: 'reply (dashed)' });
  if (present.event) entries.push({ symbol: 'event', text: 'send / receive' });
  if (present.local) entries.push({ symbol: 'local', text: 'local event' });
  if (present.lost) entries.push({ symbol: 'lost', text: 'lost message' });
  if (present.refusal) entries.push({ symbol: 'refusal', text: 'refused' });
  if (present.duplicate) entries.push({ symbol: 'duplicate', text: 'duplicate delivery' });
  if (present.crash) entries.push({ symbol: 'crash', text: 'crash, down until restart' });
  if (present.stub) entries.push({ symbol: 'stub', text: 'other end not drawn' });
  if (regionNames.size > 0) entries.push({ symbol: 'region', text: `region (${[...regionNames].sort().join(', ')})` });
  if (regionNames.size > 0 && layoutRegions(drawn, laneOf, () => 0, () => 0, 0).some((region) => region.overlap)) entries.push({ symbol: 'region-overlap', text: 'regions overlap' });
  if (violationsOf.size > 0 && drawn.some((event) => violationsOf.has(event.i))) entries.push({ symbol: 'violation', text: 'rule broken (check)' });
  if ((options.partitions ?? []).length > 0) entries.push({ symbol: 'partition', text: 'partition' });
  if (skipped) entries.push({ symbol: 'skip', text: 'time skipped' });
  return entries;
}
