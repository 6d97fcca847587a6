/**
 * Text from a scenario reaches every output escaped for that output: a chat message and a
 * participant name full of markup, quotes, LaTeX and Mermaid specials, emoji and right-to-left
 * script are shown as typed and break nothing.
 */
import { CHITTY_STYLE } from './diagram/chitty-style.js';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/diagram/index.js';
import { exportMermaid } from '../src/export/mermaid.js';
import { exportTikz } from '../src/export/tikz.js';
import { readTrace } from '../src/trace/read.js';
import { parseSvg } from './diagram/helpers.js';
import { runToText, scenarioFromText } from './helpers.js';

const HOSTILE = `</script><script>alert(1)</script> <b>&amp; "q" 'a' \\\\ % $ # _ { } ~ ^ ; --> 😀 مرحبا`;
const scenario = scenarioFromText(`steps:
  - { at: 0, join: "<b>x&y</b>" }
  - { at: 10, join: "a\\"b" }
  - { at: 20, publish: "<b>x&y</b>", message: ${JSON.stringify(HOSTILE)} }
`);
const run = runToText(scenario, { logFormat: 'pretty' });
const { header, events } = readTrace(run.trace);

describe('hostile text', () => {
  it('round-trips through the trace exactly', () => {
    expect(events.some((event) => event.shows === `<b>x&y</b> said: ${HOSTILE}, lamport time: ${event.lamport}`)).toBe(true);
  });

  it('is printed as typed in the log', () => {
    expect(run.log).toContain(`<b>x&y</b> said: ${HOSTILE}`);
  });

  it('keeps the SVG valid XML and shows the text as typed', async () => {
    const svg = await renderSvg(header, events, CHITTY_STYLE);
    const root = parseSvg(svg);
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<b>x&y</b>');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
  });

  it('is escaped in Mermaid: no raw markup, semicolons or quotes inside statements', () => {
    const mermaid = exportMermaid(header, events);
    expect(mermaid).not.toContain('<script>');
    expect(mermaid).not.toContain('<b>');
    // Semicolons end Mermaid statements: only entity codes (#lt; #59;) may contain one.
    for (const line of mermaid.split('\n').slice(1)) expect(line.replace(/#(\w+|\d+);/g, '')).not.toMatch(/[;"<]/);
  });

  it('is escaped in TikZ: no LaTeX special character is left raw inside text', () => {
    const body = exportTikz(header, events)
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('%'))
      .join('\n');
    expect(body).not.toContain('<script>');
    expect(body).not.toMatch(/[^\\]%/);
    expect(body).not.toMatch(/[^\\]\$/);
    expect(body).not.toMatch(/[^\\]&/);
  });
});
