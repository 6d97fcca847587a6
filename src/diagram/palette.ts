/**
 * Colours and names of message types. A protocol may give a palette (its types' colours, legend
 * names, families, which types are replies); a type it does not name still gets a colour, the same
 * one on every run and machine, from a fixed list by a hash of its name.
 */

/**
 * How one message type is drawn. A string is its colour. `family` groups types under one colour and
 * one legend entry (a request and its reply); `label` is the family's (or the type's) name in the
 * legend and on arrows; `reply: true` draws it dashed and lighter.
 */
export type PaletteEntry = string | { color?: string; label?: string; family?: string; reply?: boolean };

/** A protocol's palette, keyed by message type. */
export type Palette = Record<string, PaletteEntry>;

/** A family of message types as the diagram draws it. */
export interface MessageFamily {
  /** Safe for a CSS class name and an id (letters, digits, `-`), unique within the diagram. */
  id: string;
  /** The legend's name of the family. */
  label: string;
  /** The colour of its requests, and the lighter one of its replies. */
  color: string;
  replyColor: string;
}

/** How one message is drawn: its family, whether it is a reply, and the text on its arrow. */
export interface MessageStyle {
  family: string;
  reply: boolean;
  /** What its arrow says, e.g. `Join reply`. */
  text: string;
}

/** Colours for types no palette names, picked by a hash of the name. Muted, none of them red (violations). */
export const DEFAULT_COLORS: readonly string[] = ['#3b6ea8', '#3d8c5a', '#c0712b', '#7a5ca6', '#00838f', '#8d6e63', '#5c6bc0', '#827717', '#6a1b9a', '#2e7d32'];

/** The family of messages that carry no type. */
export const UNTYPED_FAMILY: MessageFamily = { id: 'other', label: 'message', color: '#616161', replyColor: '#9e9e9e' };

/** Ids the SVG and the viewer use for other things (the violation arrowhead, class names of highlights). */
const RESERVED_IDS = [UNTYPED_FAMILY.id, 'violation', 'reply', 'match', 'focus', 'hl-past', 'hl-future', 'hl-selected', 'hl-message'];

const REPLY_SUFFIX = /(Reply|Response|Ack)$/;

/** FNV-1a over the UTF-16 code units: the same number for the same name everywhere. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** `color` mixed with white, for replies: `#3b6ea8` becomes a paler blue. Colours that are not `#rgb`/`#rrggbb` stay as they are. */
export function lighter(color: string, share = 0.4): string {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (hex === undefined) return color;
  if (hex.length === 3) hex = [...hex].map((digit) => digit + digit).join('');
  let out = '#';
  for (let k = 0; k < 6; k += 2) {
    const value = Number.parseInt(hex.slice(k, k + 2), 16);
    out += Math.round(value + (255 - value) * share)
      .toString(16)
      .padStart(2, '0');
  }
  return out;
}

/** A colour that can stand in an SVG attribute: CSS colour syntax, nothing that could end the attribute. */
function safeColor(color: string | undefined): string | undefined {
  return color !== undefined && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(rgb|hsl)a?\([0-9.,%\s]+\))$/.test(color.trim()) ? color.trim() : undefined;
}

/** A name as an id: lower-case letters, digits and `-`, starting with a letter. */
function idOf(name: string): string {
  const id = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(id) ? id : `t-${id}`.replace(/-+$/, '');
}

/**
 * The families and styles of the message types a diagram draws: resolves a palette once, then each
 * type as it is met. Families are listed in palette order, then in order of first use; ids stay
 * unique (a clash gets a numbered suffix).
 */
export class MessageColors {
  private readonly families = new Map<string, MessageFamily>();
  private readonly styles = new Map<string, MessageStyle>();
  private readonly ids = new Set<string>();
  /** The family id of each family name (palette family names and unnamed types' own names). */
  private readonly familyIds = new Map<string, string>();

  constructor(private readonly palette: Palette = {}) {
    for (const id of RESERVED_IDS) this.ids.add(id);
    // The palette's families first, so that their order (and their colours' order in the SVG) is the palette's.
    for (const [type, entry] of Object.entries(palette)) {
      const { family } = this.entryOf(type, entry);
      this.familyFor(family);
    }
    this.families.set(UNTYPED_FAMILY.id, UNTYPED_FAMILY);
  }

  private entryOf(type: string, entry: PaletteEntry): { family: string; color?: string; label?: string; reply: boolean; named: boolean } {
    if (typeof entry === 'string') return { family: type, color: safeColor(entry), reply: REPLY_SUFFIX.test(type), named: false };
    return {
      family: entry.family ?? type,
      color: safeColor(entry.color),
      label: entry.label,
      reply: entry.reply ?? (entry.family === undefined && REPLY_SUFFIX.test(type)),
      named: entry.family !== undefined,
    };
  }

  /** The family of a family name, made on first use from the palette entries that belong to it. */
  private familyFor(name: string): MessageFamily {
    const known = this.familyIds.get(name);
    if (known !== undefined) return this.families.get(known)!;
    let id = idOf(name);
    for (let k = 2; this.ids.has(id); k++) id = `${idOf(name)}-${k}`;
    this.ids.add(id);
    let color: string | undefined;
    let replyColor: string | undefined;
    let label: string | undefined;
    for (const [type, raw] of Object.entries(this.palette)) {
      const entry = this.entryOf(type, raw);
      if (entry.family !== name) continue;
      if (entry.reply) replyColor ??= entry.color;
      else color ??= entry.color;
      if (entry.label !== undefined && (label === undefined || !entry.reply)) label = entry.label;
    }
    color ??= replyColor ?? DEFAULT_COLORS[stableHash(name) % DEFAULT_COLORS.length];
    const family: MessageFamily = { id, label: label ?? name, color, replyColor: replyColor !== undefined && replyColor !== color ? replyColor : lighter(color) };
    this.familyIds.set(name, id);
    this.families.set(id, family);
    return family;
  }

  /** How a message of `type` is drawn; an untyped one is a plain `message`. */
  styleOf(type: string | undefined): MessageStyle {
    if (type === undefined) return { family: UNTYPED_FAMILY.id, reply: false, text: UNTYPED_FAMILY.label };
    const cached = this.styles.get(type);
    if (cached) return cached;
    const raw = Object.hasOwn(this.palette, type) ? this.palette[type] : undefined;
    const entry = raw === undefined ? { family: type, reply: REPLY_SUFFIX.test(type), named: false, label: undefined } : this.entryOf(type, raw);
    const family = this.familyFor(entry.family);
    // A family of several types says which one by `reply`; a type of its own says its name.
    const text = entry.named ? `${family.label}${entry.reply ? ' reply' : ''}` : (entry.label ?? type);
    const style: MessageStyle = { family: family.id, reply: entry.reply, text };
    this.styles.set(type, style);
    return style;
  }

  /** A family by id. */
  family(id: string): MessageFamily {
    return this.families.get(id) ?? UNTYPED_FAMILY;
  }

  /** Every family known so far (the palette's, then the untyped one, then those met), in that order. */
  all(): MessageFamily[] {
    return [...this.families.values()];
  }
}
