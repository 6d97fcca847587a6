/** Message colours from a protocol's palette, or stable defaults for types it does not name. */
import { describe, expect, test } from 'vitest';
import { renderSvg } from '../../src/diagram/index.js';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { DEFAULT_COLORS, lighter, MessageColors } from '../../src/diagram/palette.js';
import { palette as chittyPalette, title as chittyTitle } from '../../src/protocols/chitty-chat/palette.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { parseSvg } from './helpers.js';

const header: TraceHeader = { format: 'chitty-sim-trace', version: 1, scenario: 'mutex', seed: 1, clock: 'lamport', protocol: 'ricart-agrawala' };

function exchange(types: string[]): TraceEvent[] {
  const events: TraceEvent[] = [];
  types.forEach((type, k) => {
    events.push({ i: events.length, t: k, node: 'a', kind: 'send', lamport: 2 * k + 1, msg: k, peer: 'b', type, text: '' });
    events.push({ i: events.length, t: k + 0.5, node: 'b', kind: 'receive', lamport: 2 * k + 2, msg: k, peer: 'a', type, text: '' });
  });
  return events;
}

describe('message colours', () => {
  test('group a family under one colour and name, its replies lighter and dashed', () => {
    const colors = new MessageColors(chittyPalette);
    expect(colors.styleOf('JoinRequest')).toEqual({ family: 'join', reply: false, text: 'Join' });
    expect(colors.styleOf('JoinReply')).toEqual({ family: 'join', reply: true, text: 'Join reply' });
    expect(colors.family('join')).toEqual({ id: 'join', label: 'Join', color: '#3b6ea8', replyColor: '#7fa3cc' });
    expect(colors.all().map((family) => family.id)).toEqual(['join', 'publish', 'broadcast', 'leave', 'other']);
  });

  test('give a type no palette names its own family, a stable colour and a reply by its name', () => {
    const first = new MessageColors();
    const second = new MessageColors({ Unrelated: '#000000' });
    for (const type of ['RequestCS', 'Grant', 'ReleaseAck', 'VoteResponse', 'JoinReply']) {
      const style = first.styleOf(type);
      expect(style.text).toBe(type);
      expect(style.reply).toBe(/(Reply|Response|Ack)$/.test(type));
      // Same type, same colour, whatever else the palette holds or was met before.
      expect(first.family(style.family).color).toBe(second.family(second.styleOf(type).family).color);
      expect(DEFAULT_COLORS).toContain(first.family(style.family).color);
    }
    const fresh = new MessageColors();
    expect(fresh.family(fresh.styleOf('RequestCS').family).color).toBe(first.family(first.styleOf('RequestCS').family).color);
  });

  test('take a colour string, a label, and compute a lighter reply colour', () => {
    const colors = new MessageColors({ Ping: '#102030', Pong: { family: 'Ping', reply: true }, Token: { color: '#aa0000', label: 'the token' } });
    expect(colors.family(colors.styleOf('Ping').family)).toMatchObject({ color: '#102030', replyColor: lighter('#102030') });
    expect(colors.styleOf('Pong')).toMatchObject({ reply: true, text: 'Ping reply' });
    expect(colors.styleOf('Token').text).toBe('the token');
    expect(lighter('#000000')).toBe('#666666');
  });

  test('make family names safe, unique ids: no markup, no clash with the diagram’s own ids', () => {
    const colors = new MessageColors({ a: { family: '"><script>' }, b: { family: 'violation' }, c: { family: 'Violation!' }, d: { family: '9 lives' } });
    const ids = ['a', 'b', 'c', 'd'].map((type) => colors.styleOf(type).family);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain('violation');
    // A colour that is not a colour is not written into the SVG.
    const hostile = new MessageColors({ x: '"/><script>' });
    expect(hostile.family(hostile.styleOf('x').family).color).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('a diagram of another protocol', () => {
  test('names the protocol in the title, lists the types present in the legend, colours them from the palette', async () => {
    const events = exchange(['RequestCS', 'Grant', 'RequestCS', 'My type/"odd"']);
    const layout = layoutDiagram(header, events, { palette: { Grant: { color: '#123456', label: 'Permission' } } });
    expect(layout.labels.find((label) => label.role === 'title')?.text).toBe('ricart-agrawala · mutex');
    const legend = layout.labels.filter((label) => label.role === 'legend').map((label) => label.text);
    expect(legend).toEqual(expect.arrayContaining(['RequestCS', 'Permission', 'My type/"odd"']));
    expect(legend).not.toContain('Join');
    const svg = await renderSvg(header, events, { palette: { Grant: { color: '#123456', label: 'Permission' } }, title: 'Ricart–Agrawala' });
    const root = parseSvg(svg);
    const groups = [...root.querySelectorAll('g.messages > g')];
    expect(groups.map((group) => group.getAttribute('class'))).toEqual(['grant', 'requestcs', 'my-type-odd']);
    expect(groups[0].getAttribute('stroke')).toBe('#123456');
    expect(root.querySelector('title')?.textContent).toContain('mutex');
    expect(root.querySelector('g.title text')?.textContent).toBe('Ricart–Agrawala · mutex');
  });

  test('keeps Chitty-Chat’s title with its palette', () => {
    const { protocol: _, ...chitty } = header;
    const layout = layoutDiagram(chitty, exchange(['JoinRequest']), { palette: chittyPalette, title: chittyTitle });
    expect(layout.labels.find((label) => label.role === 'title')?.text).toBe('Chitty-Chat · mutex');
  });
});
