/**
 * Exports of a trace to other tools: ShiViz logs, Mermaid sequence diagrams, TikZ pictures and
 * NDJSON traces. Every function is pure; `chitty-sim export` writes the files.
 */
export { ExportError, traceNodeOrder } from './nodes.js';
export { exportShiviz, formatShivizEventLine, parseShivizEventLine, SHIVIZ_DEFAULT_REGEX, type ShivizExportOptions } from './shiviz.js';
export { escapeMermaid, exportMermaid, MERMAID_MAX_TEXT_CHARS, type MermaidExportOptions } from './mermaid.js';
export { escapeLatex, exportTikz, LATEX_PLACEHOLDER, type TikzExportOptions } from './tikz.js';
export { traceToNdjson } from './ndjson.js';
