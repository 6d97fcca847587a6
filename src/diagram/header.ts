/**
 * The top of a diagram: the title (protocol and scenario), a subtitle (seed, clock mode, axis,
 * events, window) and the legend of what the picture holds.
 */
import { NO_PROTOCOL, type TraceHeader } from '../trace/format.js';
import type { Label, LegendItem, RpcFamily } from './model.js';
import type { Axis } from './options.js';
import type { LabelPlacer } from './placement.js';
import { LEGEND_SYMBOL_PX, MARGIN_PX, labelWidthPx, makeLabel, type Fonts } from './settings.js';
import { labelText, lineHeightPx, wrapText } from './text.js';

export interface LegendEntry {
  symbol: LegendItem['symbol'];
  family?: RpcFamily;
  text: string;
}

/** The diagram's title: the protocol's name (when known) and the scenario's. */
export function diagramTitle(header: TraceHeader, title: string | undefined): string {
  const protocol = title ?? header.protocol;
  return protocol === undefined || protocol === '' || protocol === NO_PROTOCOL ? header.scenario : `${protocol} · ${header.scenario}`;
}

export interface HeaderInputs {
  header: TraceHeader;
  title: string | undefined;
  axis: Axis;
  events: number;
  windowText: string;
  interrupted: boolean;
  entries: readonly LegendEntry[];
  widthPx: number;
  fonts: Fonts;
}

/** Lays out title, subtitle and legend from the top; returns where the process names may start. */
export function layoutHeader(inputs: HeaderInputs, placer: LabelPlacer): { bottomPx: number; legend: LegendItem[]; labels: Label[] } {
  const { fonts, widthPx } = inputs;
  const labels: Label[] = [];
  const put = (label: Label) => labels.push(placer.add(label));
  const textWidth = widthPx - 2 * MARGIN_PX;
  let cursorY = MARGIN_PX;
  // Wrapped, never cut: a long scenario name takes more lines.
  const titleLines = wrapText(labelText(diagramTitle(inputs.header, inputs.title)), textWidth, fonts.title, 8, 'bold');
  const title = makeLabel('title', titleLines, MARGIN_PX, 0, 'start', fonts);
  put(makeLabel('title', titleLines, MARGIN_PX, cursorY + title.box.heightPx / 2, 'start', fonts));
  cursorY += title.box.heightPx + 2;
  const axisName = inputs.axis === 'order' ? 'causal order' : inputs.axis === 'lamport' ? 'Lamport time' : 'virtual time';
  const parts = [
    `seed ${labelText(String(inputs.header.seed))}`,
    `clock ${labelText(inputs.header.clock)}`,
    `time flows down (${axisName})`,
    `${inputs.events} event${inputs.events === 1 ? '' : 's'}`,
  ];
  if (inputs.windowText) parts.push(labelText(inputs.windowText));
  if (inputs.interrupted) parts.push('run stopped before its end');
  const subtitleLines = wrapText(parts.join(' · '), textWidth, fonts.subtitle, 3);
  const subtitle = makeLabel('subtitle', subtitleLines, MARGIN_PX, 0, 'start', fonts);
  put(makeLabel('subtitle', subtitleLines, MARGIN_PX, cursorY + subtitle.box.heightPx / 2, 'start', fonts));
  cursorY += subtitle.box.heightPx + 8;

  const legend: LegendItem[] = [];
  const legendLine = lineHeightPx(fonts.legend) + 4;
  let legendX = MARGIN_PX;
  let legendRowY = cursorY + legendLine / 2;
  for (const entry of inputs.entries) {
    const lines = wrapText(labelText(entry.text), textWidth - LEGEND_SYMBOL_PX - 6, fonts.legend, 1);
    const text = lines[0] ?? '';
    const symbolPx = entry.symbol === 'event' || entry.symbol === 'local' || entry.symbol === 'violation' ? 14 : LEGEND_SYMBOL_PX;
    const itemWidth = symbolPx + 5 + labelWidthPx('legend', text, fonts) + 14;
    if (legendX > MARGIN_PX && legendX + itemWidth - 14 > widthPx - MARGIN_PX) {
      legendX = MARGIN_PX;
      legendRowY += legendLine;
    }
    legend.push({ symbol: entry.symbol, family: entry.family, x: legendX, y: legendRowY, widthPx: symbolPx });
    put(makeLabel('legend', text, legendX + symbolPx + 5, legendRowY, 'start', fonts));
    legendX += itemWidth;
  }
  if (inputs.entries.length > 0) cursorY = legendRowY + legendLine / 2;
  return { bottomPx: cursorY + 10, legend, labels };
}
