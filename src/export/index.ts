/**
 * Exports of a trace to other tools: ShiViz logs, Mermaid sequence diagrams, TikZ pictures and
 * NDJSON traces. Every function is pure; `chitty-sim export` writes the files.
 */
export { ExportError, traceNodeOrder } from './nodes.js';
export { exportShiviz, type ShivizExportOptions } from './shiviz.js';
export { formatShivizEventLine, parseShivizEventLine } from '../shiviz/event-note.js';
export { SHIVIZ_DEFAULT_REGEX } from '../shiviz/log-format.js';
export { escapeMermaid, exportMermaid, MERMAID_MAX_TEXT_CHARS, type MermaidExportOptions } from './mermaid.js';
export { escapeLatex, exportTikz, LATEX_PLACEHOLDER, type TikzExportOptions } from './tikz.js';
export { traceToNdjson } from './ndjson.js';
