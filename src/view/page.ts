/**
 * The viewer's HTML page: one self-contained file, the diagram inline as SVG, the data as JSON in a
 * `<script type="application/json">`, the style and the script inline. A Content-Security-Policy
 * allows only that one style and that one script (by hash) and no network at all, so even markup
 * that somehow got into the page could neither run nor fetch anything.
 */
import { createHash } from 'node:crypto';
import { CLIENT_SCRIPT } from './client.js';

const BASE_STYLE = `
:root { color-scheme: light; --past: #1565c0; --future: #c62828; --selected: #111; --match: #f9a825; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.4 'Chitty Emoji', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif; color: #212121; background: #fafafa; }
#stage svg { font-family: 'Chitty Emoji', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; }
input, button { font-family: inherit; }
header { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #ddd; background: #fff; }
header h1 { font-size: 16px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 40vw; }
.group { display: flex; gap: 4px; align-items: center; }
button { font: inherit; padding: 2px 9px; border: 1px solid #bbb; border-radius: 4px; background: #f5f5f5; cursor: pointer; }
button:hover { background: #eee; }
input[type=search] { font: inherit; padding: 2px 6px; width: 16em; }
#zoom-level, #search-count { color: #616161; min-width: 4em; font-variant-numeric: tabular-nums; }
#nodes-box summary { cursor: pointer; color: #424242; }
#nodes { display: flex; flex-wrap: wrap; gap: 2px 10px; max-height: 30vh; overflow: auto; }
#nodes label { white-space: nowrap; cursor: pointer; }
main { flex: 1; display: flex; min-height: 0; }
#viewport { flex: 1; position: relative; overflow: hidden; cursor: grab; background: #eceff1; touch-action: none; user-select: none; }
#viewport.dragging { cursor: grabbing; }
#stage { position: absolute; left: 0; top: 0; transform-origin: 0 0; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); background: #fff; }
#stage svg { display: block; }
#details { width: 22em; max-width: 40vw; overflow: auto; padding: 8px 12px; border-left: 1px solid #ddd; background: #fff; }
#details h2 { font-size: 15px; margin: 4px 0 8px; }
#details dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 3px 10px; }
#details dt { color: #616161; }
#details dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
#details .hint { color: #757575; }
.key { font-weight: 600; }
.key.past { color: var(--past); }
.key.future { color: var(--future); }
#status { padding: 2px 12px; font-size: 12px; color: #616161; border-top: 1px solid #ddd; background: #fff; min-height: 1.6em; }
svg [data-i] { cursor: pointer; }
svg circle.match, svg path.match { stroke: var(--match); stroke-width: 5px; }
svg text.match { fill: #e65100; text-decoration: underline; }
svg.focus [data-i], svg.focus [data-from], svg.focus [data-to] { opacity: 0.18; }
svg.focus .hl-past, svg.focus .hl-future, svg.focus .hl-selected, svg.focus .hl-message { opacity: 1; }
svg circle.hl-past, svg path.hl-past { stroke: var(--past); stroke-width: 3px; }
svg circle.hl-future, svg path.hl-future { stroke: var(--future); stroke-width: 3px; }
svg circle.hl-selected, svg path.hl-selected { stroke: var(--selected); stroke-width: 4px; }
svg text.hl-past { fill: var(--past); }
svg text.hl-future { fill: var(--future); }
svg text.hl-selected { fill: var(--selected); font-weight: bold; }
svg .hl-message { stroke-width: 2.6px; }
`;

/** Up to this many process lines, their checkboxes are shown from the start; more are folded away. */
const OPEN_LANES = 12;

/** Hides a process line's elements when the page adds `hide-lane-K` to the SVG. */
function laneRules(lanes: number): string {
  let rules = '';
  for (let lane = 0; lane < lanes; lane++) rules += `svg.hide-lane-${lane} [data-lanes~="${lane}"] { display: none; }\n`;
  return rules;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** What the page shows. */
export interface PageParts {
  /** The document's title (plain text). */
  title: string;
  /** The diagram: an SVG element with data attributes (no XML declaration). */
  svg: string;
  /** The data as script-safe JSON (see `scriptSafeJson`). */
  json: string;
  /** How many process lines the diagram has. */
  lanes: number;
  /** `@font-face` rules of fonts embedded in the page (the emoji it shows), or ''. */
  fontCss?: string;
}

/** The page, as HTML text. The same parts give the same bytes. */
export function pageHtml(parts: PageParts): string {
  const style = (parts.fontCss ?? '') + BASE_STYLE + laneRules(parts.lanes);
  const script = CLIENT_SCRIPT;
  const policy = [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chitty-sim view">
<title>${escapeHtml(parts.title)}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<header>
<h1>${escapeHtml(parts.title)}</h1>
<div class="group" role="search">
<input id="search" type="search" placeholder="Search the texts" aria-label="Search the logged and printed texts">
<button id="search-previous" type="button" title="Previous match (Shift+Enter)">◀</button>
<button id="search-next" type="button" title="Next match (Enter)">▶</button>
<span id="search-count" aria-live="polite"></span>
</div>
<div class="group">
<button id="zoom-out" type="button" title="Zoom out (−)">−</button>
<button id="zoom-in" type="button" title="Zoom in (+)">+</button>
<button id="zoom-fit" type="button" title="Fit the width (0)">Fit</button>
<button id="zoom-one" type="button" title="Actual size">1:1</button>
<span id="zoom-level"></span>
</div>
<details id="nodes-box"${parts.lanes <= OPEN_LANES ? ' open' : ''}><summary>Process lines (${parts.lanes})</summary>
<div id="nodes" role="group" aria-label="Process lines shown"></div>
</details>
</header>
<main>
<div id="viewport"><div id="stage">${parts.svg}</div></div>
<aside id="details" aria-live="polite"></aside>
</main>
<div id="status"></div>
<script type="application/json" id="chitty-data">${parts.json}</script>
<script>${script}</script>
</body>
</html>
`;
}
