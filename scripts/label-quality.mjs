// Label quality of a diagram as a browser draws it: every text's box from Chromium (getBBox), every
// arrow from the SVG's own lines and curves. Counts labels that overlap another label, labels crossed
// by an arrow that is not their own, labels outside the picture, and labels shortened with "…".
// Used by the diagram tests (shipped scenarios, random traces) and by `npm run bench`.
//
// Which arrow is a label's own: a label on an arrow (a message's type, a lost message's reason) owns
// the arrow nearest its centre; a label beside an event owns the arrows that start or end within
// 8 px of it (its event's). Any other arrow through a label's box (shrunk by 1 px) crosses it.

/** Chromium's flags for a headless run that reaches nothing. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const CHROMIUM_PATH = process.env.CHITTY_CHROMIUM ?? '/usr/bin/chromium';

/** Measures in the page; runs inside Chromium, so it may use nothing from outside it. */
function measureInPage() {
  const svg = document.querySelector('svg');
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const CELL = 64;
  const segments = [];
  for (const element of svg.querySelectorAll('g.messages line, g.messages path')) {
    if (element.tagName === 'line') {
      const a = { x: +element.getAttribute('x1'), y: +element.getAttribute('y1') };
      const b = { x: +element.getAttribute('x2'), y: +element.getAttribute('y2') };
      segments.push({ a, b, arrow: segments.length ? segments[segments.length - 1].arrow + 1 : 0 });
    } else {
      const length = element.getTotalLength();
      const arrow = segments.length ? segments[segments.length - 1].arrow + 1 : 0;
      let previous = element.getPointAtLength(0);
      for (let k = 1; k <= 8; k++) {
        const point = element.getPointAtLength((length * k) / 8);
        segments.push({ a: { x: previous.x, y: previous.y }, b: { x: point.x, y: point.y }, arrow });
        previous = point;
      }
    }
  }
  const ends = new Map();
  for (const segment of segments) {
    const known = ends.get(segment.arrow);
    if (known) known.b = segment.b;
    else ends.set(segment.arrow, { a: segment.a, b: segment.b });
  }
  const grid = new Map();
  const cellKey = (column, row) => `${column},${row}`;
  for (const segment of segments) {
    const x0 = Math.floor(Math.min(segment.a.x, segment.b.x) / CELL);
    const x1 = Math.floor(Math.max(segment.a.x, segment.b.x) / CELL);
    const y0 = Math.floor(Math.min(segment.a.y, segment.b.y) / CELL);
    const y1 = Math.floor(Math.max(segment.a.y, segment.b.y) / CELL);
    for (let column = x0; column <= x1; column++) {
      for (let row = y0; row <= y1; row++) {
        const key = cellKey(column, row);
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(segment);
      }
    }
  }
  const near = (box) => {
    const found = new Set();
    for (let column = Math.floor(box.x / CELL); column <= Math.floor((box.x + box.width) / CELL); column++) {
      for (let row = Math.floor(box.y / CELL); row <= Math.floor((box.y + box.height) / CELL); row++) {
        for (const segment of grid.get(cellKey(column, row)) ?? []) found.add(segment);
      }
    }
    return [...found];
  };
  const hits = (a, b, box) => {
    let t0 = 0;
    let t1 = 1;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    for (const [p, q] of [
      [-dx, a.x - box.x],
      [dx, box.x + box.width - a.x],
      [-dy, a.y - box.y],
      [dy, box.y + box.height - a.y],
    ]) {
      if (p === 0) {
        if (q <= 0) return false;
        continue;
      }
      const r = q / p;
      if (p < 0) {
        if (r > t1) return false;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return false;
        if (r < t1) t1 = r;
      }
    }
    return t1 > t0;
  };
  const distance = (point, a, b) => {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = dx * dx + dy * dy;
    const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length));
    return Math.hypot(a.x + t * dx - point.x, a.y + t * dy - point.y);
  };
  const gap = (point, box) => Math.hypot(Math.max(box.x - point.x, 0, point.x - box.x - box.width), Math.max(box.y - point.y, 0, point.y - box.y - box.height));

  const labels = [];
  for (const text of svg.querySelectorAll('g.labels text')) {
    const role = text.parentNode.getAttribute('class');
    const box = text.getBBox();
    if (box.width === 0 || box.height === 0) continue;
    labels.push({ role, text: text.textContent, box: { x: box.x, y: box.y, width: box.width, height: box.height } });
  }
  const describe = (label) => `${label.role} ${JSON.stringify(label.text.slice(0, 60))} at ${Math.round(label.box.x)},${Math.round(label.box.y)}`;
  const overlaps = [];
  const sorted = labels.map((label, k) => ({ label, k })).sort((p, q) => p.label.box.x - q.label.box.x);
  for (let a = 0; a < sorted.length; a++) {
    const first = sorted[a].label.box;
    for (let b = a + 1; b < sorted.length && sorted[b].label.box.x < first.x + first.width - 0.5; b++) {
      const second = sorted[b].label.box;
      const dx = Math.min(first.x + first.width, second.x + second.width) - Math.max(first.x, second.x);
      const dy = Math.min(first.y + first.height, second.y + second.height) - Math.max(first.y, second.y);
      if (dx > 0.5 && dy > 0.5) overlaps.push(`${describe(sorted[a].label)} overlaps ${describe(sorted[b].label)}`);
    }
  }
  const crossed = [];
  const outside = [];
  const shortened = [];
  for (const label of labels) {
    const box = label.box;
    if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) outside.push(describe(label));
    if (label.text.includes('…') && !(label.role === 'footer' && /^… and \d+ more/.test(label.text))) shortened.push(describe(label));
    const inner = { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 };
    const candidates = near(inner);
    let own = new Set();
    if (label.role === 'message' || label.role === 'stub' || label.role === 'drop') {
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      let best = Infinity;
      for (const segment of near(box)) {
        const d = distance(centre, segment.a, segment.b);
        if (d < best) {
          best = d;
          own = new Set([segment.arrow]);
        }
      }
    } else {
      for (const segment of candidates) {
        const end = ends.get(segment.arrow);
        if (gap(end.a, box) <= 8 || gap(end.b, box) <= 8) own.add(segment.arrow);
      }
    }
    for (const segment of candidates) {
      if (own.has(segment.arrow)) continue;
      if (hits(segment.a, segment.b, inner)) {
        crossed.push(describe(label));
        break;
      }
    }
  }
  return { labels: labels.length, overlaps, crossed, outside, shortened };
}

/**
 * Opens an SVG document in a Chromium page and measures its labels.
 * @returns counts and, for each problem, a description of the label.
 */
export async function measureSvg(browser, svg) {
  const page = await browser.newPage();
  try {
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg.replace(/^<\?xml[^>]*\?>\s*/, '')}</body></html>`);
    return await page.evaluate(measureInPage);
  } finally {
    await page.close();
  }
}

/** Launches Debian's Chromium (or CHITTY_CHROMIUM) headless with playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
