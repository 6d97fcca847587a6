/**
 * Export to a Mermaid sequence diagram (https://mermaid.js.org/syntax/sequenceDiagram.html), which
 * GitHub renders in Markdown inside a ```mermaid fence:
 *
 * ```
 * sequenceDiagram
 *     participant server
 *     participant 1111
 *     1111->>server: JoinRequest (L1 → L2)
 *     server-->>1111: JoinReply (L4 → L5)
 *     Note over 1111: 2222 said: Hej, lamport time: 40
 *     server-x2222: BroadcastRequest (L57 → lost: crashed)
 * ```
 *
 * A sequence diagram is one column of statements, so each message is drawn where it arrives (or is
 * lost), with the Lamport times of its send and its receive. Pure: no I/O.
 */
import { labelSides } from '../diagram/label-sides.js';
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { messageEnds } from '../trace/message-ends.js';
import { isReplyType, traceMessages, traceNodeOrder } from './nodes.js';

/** Mermaid's default `maxTextSize`: GitHub shows an error instead of a longer diagram. */
export const MERMAID_MAX_TEXT_CHARS = 50_000;

/** Options of {@link exportMermaid}. */
export interface MermaidExportOptions {
  /** Wrap the diagram in a ```mermaid fence, for pasting into Markdown. Default false. */
  markdown?: boolean;
}

/** Words of Mermaid's sequence diagram syntax: a participant so named gets a neutral id and an alias. */
const KEYWORDS = new Set(
  [
    'participant', 'actor', 'as', 'autonumber', 'activate', 'deactivate', 'note', 'left', 'right', 'over', 'of', 'loop', 'alt', 'else',
    'opt', 'par', 'and', 'rect', 'critical', 'option', 'break', 'end', 'title', 'acctitle', 'accdescr', 'box', 'create', 'destroy',
    'link', 'links', 'properties', 'details', 'sequencediagram', 'off', 'x',
  ],
);

/** Characters Mermaid reads as syntax or HTML, as its entity codes (`#59;` is `;`). */
const ENTITIES: Record<string, string> = {
  '#': '#35;',
  ';': '#59;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '%': '#37;',
};

/**
 * Text made safe for a Mermaid message, note or alias: `#`, `;` (which end a statement), quotes,
 * `<`, `>`, `&` and `%` become entity codes, line breaks become `<br>`, other control characters
 * the replacement character. Everything else (emoji included) stays as it is.
 */
export function escapeMermaid(text: string): string {
  let out = '';
  const normalized = text.replace(/\r\n?|[\n\u0085\u2028\u2029]/g, '\n');
  for (const char of normalized) {
    const code = char.codePointAt(0)!;
    if (char === '\n') out += '<br>';
    else if (char === '\t') out += ' ';
    else if (ENTITIES[char] !== undefined) out += ENTITIES[char];
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += '#65533;';
    else out += char;
  }
  // "wrap:" or "nowrap:" at the start of a text is an instruction to Mermaid, not text.
  if (/^\s*(?:no)?wrap:/i.test(out)) out = out.replace(/[A-Za-z]/, (letter) => `#${letter.codePointAt(0)};`);
  return out.trim() === '' ? '#160;' : out;
}

/** Participant ids: the name itself when Mermaid reads it as a plain id, otherwise `p<k>` with the name as alias. */
function participantIds(nodes: readonly string[]): { ids: Map<string, string>; declarations: string[] } {
  const ids = new Map<string, string>();
  const declarations: string[] = [];
  const taken = new Set(nodes.filter((name) => /^[A-Za-z0-9_]+$/.test(name)));
  nodes.forEach((name, k) => {
    if (/^[A-Za-z0-9_]+$/.test(name) && !KEYWORDS.has(name.toLowerCase())) {
      ids.set(name, name);
      declarations.push(`    participant ${name}`);
      return;
    }
    let id = `p${k}`;
    while (taken.has(id)) id = `_${id}`;
    taken.add(id);
    ids.set(name, id);
    declarations.push(`    participant ${id} as ${escapeMermaid(name)}`);
  });
  return { ids, declarations };
}

/**
 * Exports a trace as a Mermaid `sequenceDiagram`: participants in trace node order (server first);
 * one arrow per delivery, drawn where it arrives, `->>` for requests and `-->>` for replies, with
 * the message type and the Lamport times of send and receive; `-x`/`--x` for a lost message (drawn
 * where it was lost); `-)` for a message still in flight when the trace ends; a note for what a
 * participant shows its user, and for crashes and restarts. Local events are left out.
 *
 * @param header - the trace header (named in a comment).
 * @param events - the events, in trace order.
 * @param options - see {@link MermaidExportOptions}; default: the bare diagram.
 * @returns the diagram, ending in a newline.
 */
export function exportMermaid(header: TraceHeader, events: readonly TraceEvent[], options: MermaidExportOptions = {}): string {
  const nodes = traceNodeOrder(events);
  const { ids, declarations } = participantIds(nodes);
  const lines = ['sequenceDiagram', `    %% chitty-sim trace: ${oneLine(header.scenario)} (seed ${header.seed}, clock ${oneLine(header.clock)})`, ...declarations];
  const messages = traceMessages(events);
  // A note goes on the side of its participant where the SVG diagram's placement put the text.
  const sides = labelSides(header, events);
  // What arrives at each event: an event with several message ends receives several messages.
  const arrivalsAt = new Map<number, { send: number; msg: number; kind: 'receive' | 'duplicate' | 'drop' }[]>();
  const arrive = (position: number, arrival: { send: number; msg: number; kind: 'receive' | 'duplicate' | 'drop' }) => {
    const list = arrivalsAt.get(position);
    if (list === undefined) arrivalsAt.set(position, [arrival]);
    else list.push(arrival);
  };
  /** Messages sent and never delivered nor lost, by id, with their send. */
  const inFlight = new Map<number, number>();
  for (const message of messages) {
    // A second delivery at the same node is a duplicate; deliveries at the other receivers of a message sent to several are not.
    const reached = new Set<string>();
    for (const position of message.receives) {
      const node = events[position].node;
      arrive(position, { send: message.send, msg: message.msg, kind: reached.has(node) ? 'duplicate' : 'receive' });
      reached.add(node);
    }
    for (const position of message.drops) arrive(position, { send: message.send, msg: message.msg, kind: 'drop' });
    if (message.send >= 0 && message.receives.length === 0 && message.drops.length === 0) inFlight.set(message.msg, message.send);
  }
  events.forEach((event, position) => {
    const id = ids.get(event.node)!;
    for (const arrival of arrivalsAt.get(position) ?? []) {
      const send = arrival.send >= 0 ? events[arrival.send] : undefined;
      const sender = send?.node ?? messageEnds(event).find((end) => end.msg === arrival.msg)?.peer ?? event.peer!;
      const from = ids.get(sender)!;
      const type = (send?.msg === arrival.msg ? send.type : undefined) ?? (event.msg === arrival.msg ? event.type : undefined) ?? 'message';
      const reply = isReplyType(type);
      const sent = send === undefined ? '?' : `L${send.lamport}`;
      let arrow: string;
      let what: string;
      if (arrival.kind === 'drop') {
        arrow = reply ? '--x' : '-x';
        what = `${sent} → lost: ${event.reason ?? 'loss'}`;
      } else {
        arrow = reply ? '-->>' : '->>';
        what = `${sent} → L${event.lamport}${arrival.kind === 'duplicate' ? ', duplicate' : ''}`;
      }
      lines.push(`    ${from}${arrow}${id}: ${escapeMermaid(`${type} (${what})`)}`);
    }
    for (const end of messageEnds(event)) {
      if (end.kind === 'send' && inFlight.get(end.msg) === position) {
        const type = end.msg === event.msg ? event.type : undefined;
        lines.push(`    ${id}${isReplyType(type) ? '--)' : '-)'}${ids.get(end.peer)!}: ${escapeMermaid(`${type ?? 'message'} (L${event.lamport} → never arrived)`)}`);
      }
    }
    if (event.kind === 'crash' || event.kind === 'restart') lines.push(`    Note over ${id}: ${escapeMermaid(`${event.kind} (L${event.lamport})`)}`);
    if (event.shows !== undefined && event.shows !== '') {
      const side = sides.shows.get(event.i);
      lines.push(`    Note ${side === undefined ? 'over' : `${side} of`} ${id}: ${escapeMermaid(event.shows)}`);
    }
  });
  const diagram = lines.join('\n') + '\n';
  return options.markdown ? '```mermaid\n' + diagram + '```\n' : diagram;
}

/** Text for a `%%` comment: one line, nothing Mermaid could read as a directive. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/%%|[{}]/g, ' ');
}
