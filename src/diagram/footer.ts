/**
 * The bottom of a diagram: the clock violations of the events drawn, listed with their rule and
 * message (the first few; `chitty-sim check` lists them all).
 */
import type { Violation } from '../check/types.js';
import type { LabelPlacer } from './placement.js';
import { FOOTER_VIOLATIONS, MARGIN_PX, makeLabel, type Fonts } from './settings.js';
import { labelText, lineHeightPx, wrapText } from './text.js';

/** Lays out the list from `topPx`; returns the picture's bottom. */
export function layoutFooter(listed: readonly Violation[], topPx: number, widthPx: number, fonts: Fonts, placer: LabelPlacer): number {
  if (listed.length === 0) return topPx + MARGIN_PX;
  let y = topPx + 10;
  const heading = lineHeightPx(fonts.shows);
  placer.add(makeLabel('footer-heading', `Rules broken (${listed.length})`, MARGIN_PX, y + heading / 2, 'start', fonts));
  y += heading + 2;
  const line = lineHeightPx(fonts.small);
  for (const violation of listed.slice(0, FOOTER_VIOLATIONS)) {
    const where = violation.events.map((ref) => `#${ref.i}`).join(', ');
    // Wrapped, not cut: the message is what a reader needs.
    const lines = wrapText(labelText(`✗ ${violation.rule} (${where}): ${violation.message}`), widthPx - 2 * MARGIN_PX, fonts.small, 3);
    const label = makeLabel('footer', lines, MARGIN_PX, y + (lines.length * line) / 2 + 1, 'start', fonts);
    label.violation = true;
    placer.add(label);
    y += lines.length * line + 2;
  }
  if (listed.length > FOOTER_VIOLATIONS) {
    placer.add(makeLabel('footer', `… and ${listed.length - FOOTER_VIOLATIONS} more (chitty-sim check lists them all)`, MARGIN_PX, y + line / 2 + 1, 'start', fonts));
    y += line + 2;
  }
  return y + MARGIN_PX;
}
