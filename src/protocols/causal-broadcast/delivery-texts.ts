/**
 * The texts by which a trace says what a causal-broadcast node published and delivered: the one
 * format the nodes write and the `causal-delivery` rule reads.
 *
 * - A message's id is `ORIGIN#SEQ`: its publisher's name and how many that node had published, from 1
 *   (`a#3` is the third message of node a).
 * - The publish is the event whose logged text is `Publish ID: TEXT` (maybe followed by a note).
 * - A delivery is an event that shows `ID: TEXT`: what the chat prints.
 *
 * The rule reads the id up to the first `: ` (node names have no spaces, so an id has none) and
 * treats it as a name; it never parses the text after it.
 */
import type { TextView } from '../../check/types.js';

export const PUBLISH_PREFIX = 'Publish ';
const SEPARATOR = ': ';

export function messageId(origin: string, seq: number): string {
  return `${origin}#${seq}`;
}

/** What a node shows when it delivers a message. */
export function deliveryLine(id: string, text: string): string {
  return id + SEPARATOR + text;
}

/** The logged text of a publish; `note` (e.g. why it is held back) follows in parentheses. */
export function publishText(id: string, text: string, note?: string): string {
  return PUBLISH_PREFIX + id + SEPARATOR + text + (note === undefined ? '' : ` (${note})`);
}

/** The id at `start` of `line`, up to the first `: `; undefined when there is none. */
function idAt(line: TextView, start: number): string | undefined {
  for (let k = start; k + 1 < line.length; k++) {
    if (line.charCodeAt(k) === 58 && line.charCodeAt(k + 1) === 32) return k > start ? line.slice(start, k) : undefined;
  }
  return undefined;
}

/** The id a logged text says is published, or undefined. */
export function publishedId(text: TextView): string | undefined {
  return text.startsWith(PUBLISH_PREFIX) ? idAt(text, PUBLISH_PREFIX.length) : undefined;
}

/** The id a shown line delivers, or undefined. */
export function deliveredId(shows: TextView): string | undefined {
  return idAt(shows, 0);
}

/** The chat text of a shown line or publish text (after the id), for violations. */
export function chatText(line: string): string {
  const at = line.indexOf(SEPARATOR);
  return at < 0 ? '' : line.slice(at + SEPARATOR.length);
}
