/**
 * The files the page offers for download, made from the run as the command line makes them: the
 * trace `run --trace` writes, the SVG `render` draws, ShiViz, Mermaid and TikZ as `export` writes
 * them. Pure but for the PNG, which the browser draws from the SVG (png.ts).
 */
import { ExportError } from '../export/nodes.js';
import { exportMermaid } from '../export/mermaid.js';
import { exportShiviz } from '../export/shiviz.js';
import { exportTikz } from '../export/tikz.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';

export type FileFormat = 'trace' | 'svg' | 'png' | 'shiviz' | 'mermaid' | 'tikz' | 'schedule';

export interface FileKind {
  format: FileFormat;
  /** The menu's words. */
  label: string;
  /** What follows the scenario's base name. */
  suffix: string;
  type: string;
}

export const FILE_KINDS: readonly FileKind[] = [
  { format: 'trace', label: 'Trace (NDJSON)', suffix: '.ndjson', type: 'application/x-ndjson' },
  { format: 'svg', label: 'Diagram (SVG)', suffix: '.svg', type: 'image/svg+xml' },
  { format: 'png', label: 'Diagram (PNG)', suffix: '.png', type: 'image/png' },
  { format: 'shiviz', label: 'ShiViz log', suffix: '.shiviz.log', type: 'text/plain' },
  { format: 'mermaid', label: 'Mermaid sequence diagram', suffix: '.mmd', type: 'text/plain' },
  { format: 'tikz', label: 'TikZ picture (LaTeX)', suffix: '.tex', type: 'application/x-tex' },
  { format: 'schedule', label: 'Scenario with this schedule (YAML)', suffix: '.schedule.yaml', type: 'application/yaml' },
];

/** A text export of the trace; throws an Error whose message says why it cannot be made. */
export function exportText(format: 'shiviz' | 'mermaid' | 'tikz', header: TraceHeader, events: readonly TraceEvent[]): string {
  try {
    if (format === 'shiviz') return exportShiviz(events);
    if (format === 'mermaid') return exportMermaid(header, events);
    return exportTikz(header, events);
  } catch (error) {
    if (error instanceof ExportError) throw new Error(`${format}: ${error.message}`);
    throw error;
  }
}
