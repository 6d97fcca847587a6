/**
 * The colours and small pieces of markup the SVG step shares: ink per role, numbers and text as
 * attributes and content, arrowhead ids, the cross.
 */
import type { LabelRole, Layout, RpcFamily } from './model.js';
import { UNTYPED_FAMILY, type MessageFamily } from './palette.js';

/** The colours of the families of a layout, by family id (palette.ts makes the ids safe for ids and classes). */
export type FamilyColours = (family: RpcFamily) => MessageFamily;

export function familyColours(layout: Layout): FamilyColours {
  const byId = new Map(layout.families.map((family) => [family.id, family]));
  return (family) => byId.get(family) ?? UNTYPED_FAMILY;
}
export const VIOLATION = '#d32f2f';
/** Refused messages: orange, apart from a violation's red. */
export const REFUSAL = '#e65100';
export const REGION = '#7986cb';
export const INK = '#37474f';
export const LOCAL_INK = '#78909c';
export const LANE = '#90a4ae';
export const LOST = '#5f6368';

/** A number for an attribute: at most one decimal, no `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Escapes text content; a carriage return is written as a reference, which XML keeps as it is. */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => ENTITIES[char]);
}

export function titleElement(tooltip: string): string {
  return tooltip === '' ? '' : `<title>${escapeText(tooltip)}</title>`;
}

export function markerId(family: RpcFamily | 'violation', reply: boolean): string {
  return family === 'violation' ? 'chitty-head-violation' : `chitty-head-${family}${reply ? '-reply' : ''}`;
}

export function crossPath(x: number, y: number, halfPx: number): string {
  return `M${num(x - halfPx)} ${num(y - halfPx)}L${num(x + halfPx)} ${num(y + halfPx)}M${num(x + halfPx)} ${num(y - halfPx)}L${num(x - halfPx)} ${num(y + halfPx)}`;
}

// --- the per-event layers, as markup ---------------------------------------------------------------

export const ROLE_STYLE: Record<LabelRole, { fill: string; halo: boolean }> = {
  title: { fill: '#212121', halo: false },
  subtitle: { fill: '#616161', halo: false },
  legend: { fill: '#424242', halo: false },
  name: { fill: '#263238', halo: true },
  lamport: { fill: '#455a64', halo: true },
  shows: { fill: '#283593', halo: true },
  message: { fill: '#616161', halo: true },
  note: { fill: VIOLATION, halo: true },
  fault: { fill: '#5d4037', halo: true },
  drop: { fill: LOST, halo: true },
  stub: { fill: '#616161', halo: true },
  skip: { fill: '#757575', halo: true },
  partition: { fill: '#8d6e63', halo: true },
  'footer-heading': { fill: '#b71c1c', halo: false },
  footer: { fill: '#424242', halo: false },
  empty: { fill: '#757575', halo: false },
  refusal: { fill: REFUSAL, halo: true },
  region: { fill: '#3949ab', halo: true },
  page: { fill: '#616161', halo: true },
};

/** Layers, bottom to top. Labels go last so that their white halo cuts lines, never the reverse. */
export const LABEL_ROLES: readonly LabelRole[] = [
  'title',
  'subtitle',
  'legend',
  'name',
  'skip',
  'partition',
  'message',
  'stub',
  'drop',
  'lamport',
  'shows',
  'fault',
  'region',
  'refusal',
  'note',
  'page',
  'footer-heading',
  'footer',
  'empty',
];
