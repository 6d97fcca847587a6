/** The Mermaid export: a sequenceDiagram whose every line is a statement, whatever the chat says. */
import { describe, expect, it } from 'vitest';
import { escapeMermaid, exportMermaid } from '../../src/export/mermaid.js';
import { hostileTrace, SCENARIOS, scenarioTrace } from './helpers.js';

const ARROW = String.raw`(?:->>|-->>|-x|--x|-\)|--\))`;
/** Message text as Mermaid's lexer reads it: anything up to `#`, `;` or a newline, plus entity codes. */
const TEXT = String.raw`(?:[^#;\n]|#\w+;)+`;
const STATEMENT = new RegExp(String.raw`^    (?:participant [A-Za-z0-9_]+(?: as ${TEXT})?|%% [^\n{}]*|[A-Za-z0-9_]+${ARROW}[A-Za-z0-9_]+: ${TEXT}|Note (?:over|left of|right of) [A-Za-z0-9_]+: ${TEXT})$`);

/** What a Mermaid renderer shows for escaped text. */
function decode(text: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return text.replace(/<br>/g, '\n').replace(/#(\w+);/g, (_, code: string) => (/^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : named[code]));
}

describe('Mermaid export', () => {
  it.each(SCENARIOS)('of %s is a sequenceDiagram of statements, one arrow per delivery or loss', (name) => {
    const { header, events } = scenarioTrace(name);
    const diagram = exportMermaid(header, events);
    const lines = diagram.trimEnd().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    for (const line of lines.slice(1)) expect(line).toMatch(STATEMENT);
    const participants = lines.filter((line) => line.startsWith('    participant '));
    if (events.some((e) => e.node === 'server')) expect(participants[0]).toBe('    participant server');
    expect(participants).toHaveLength(new Set(events.map((e) => e.node)).size);
    const arrows = lines.filter((line) => new RegExp(`^    \\w+${ARROW}\\w+: `).test(line));
    const inFlight = events.filter((e) => e.kind === 'send' && !events.some((o) => o.msg === e.msg && o.kind !== 'send')).length;
    expect(arrows).toHaveLength(events.filter((e) => e.kind === 'receive' || e.kind === 'drop').length + inFlight);
    expect(lines.filter((line) => /^ {4}Note (over|left of|right of) /.test(line))).toHaveLength(events.filter((e) => e.shows || e.kind === 'crash' || e.kind === 'restart').length);
  });

  it('draws requests, dashed replies and lost messages with Lamport times', () => {
    const three = exportMermaid(scenarioTrace('three-participants.yaml').header, scenarioTrace('three-participants.yaml').events);
    expect(three).toContain('    alice->>server: JoinRequest (L1 → L2)\n    server-->>alice: JoinReply (L4 → L5)\n');
    // Beside bob, on the side where the SVG diagram put the text.
    expect(three).toMatch(/^ {4}Note (left|right) of bob: alice said: Hej Bob! Hvordan går det\?, lamport time: /m);
    const crash = exportMermaid(scenarioTrace('faults-crash.yaml').header, scenarioTrace('faults-crash.yaml').events);
    expect(crash).toMatch(/^ {4}server-x2222: BroadcastRequest \(L\d+ → lost: crashed\)$/m);
    expect(crash).toMatch(/^ {4}Note over 2222: crash \(L\d+\)$/m);
    const loss = exportMermaid(scenarioTrace('faults-loss.yaml').header, scenarioTrace('faults-loss.yaml').events);
    expect(loss).toMatch(/, duplicate\)$/m);
    expect(loss).toMatch(/^ {4}\w+--?x\w+: \w+ \(L\d+ → lost: loss\)$/m);
  });

  it('escapes hostile chat text and names so that nothing breaks the diagram', () => {
    const { header, events } = hostileTrace();
    const diagram = exportMermaid(header, events);
    const lines = diagram.trimEnd().split('\n');
    for (const line of lines.slice(1)) expect(line).toMatch(STATEMENT);
    // "end" is a keyword and "a-b>c" no plain id: both get an id and their name as alias.
    expect(lines).toContain('    participant p1 as end');
    expect(lines).toContain('    participant p2 as a-b#gt;c');
    const notes = lines.filter((line) => /^ {4}Note (over|left of|right of) /.test(line)).map((line) => decode(line.slice(line.indexOf(': ') + 2)));
    const shown = events.filter((e) => e.shows).map((e) => e.shows!.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f]/g, '\ufffd'));
    expect(notes).toEqual(shown);
  });

  it('escapes ; # quotes < > & % and line breaks as entity codes', () => {
    expect(escapeMermaid('a;b#c"d<e>f&g%h\ni\r\nj\u2028k\u0007')).toBe('a#59;b#35;c#quot;d#lt;e#gt;f#amp;g#37;h<br>i<br>j<br>k#65533;');
    expect(escapeMermaid('wrap: x')).toBe('#119;rap: x');
    expect(escapeMermaid('Nowrap: x')).toBe('#78;owrap: x');
    expect(escapeMermaid('🍓 é')).toBe('🍓 é');
    expect(escapeMermaid('')).toBe('#160;');
    for (const text of ['#59;', '%%{init}%%', 'end', '<br>', '-->>x: y']) {
      const escaped = escapeMermaid(text);
      expect(escaped.replace(/#\w+;|<br>/g, '')).not.toMatch(/[;#"<>&%\n]/);
      expect(decode(escaped)).toBe(text);
    }
  });

  it('can wrap the diagram in a Markdown fence', () => {
    const { header, events } = scenarioTrace('diagram-log.yaml');
    const fenced = exportMermaid(header, events, { markdown: true });
    expect(fenced).toBe('```mermaid\n' + exportMermaid(header, events) + '```\n');
  });
});
