/** The details panel of a selected event, as `chitty-sim view` shows them; text only through `textContent`. */
import type { ViewerData, ViewerEvent } from '../view/data.js';
import type { Cone } from './causal-cone.js';

function element(tag: string, text?: string, className?: string): HTMLElement {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className !== undefined) made.className = className;
  return made;
}

function clockText(event: ViewerEvent, data: ViewerData): string {
  if (event.vc === null) return 'none (a lost message is no event of any process)';
  const parts = event.vc.flatMap((count, k) => (count === 0 ? [] : [`${data.clockNodes[k]} ${count}`]));
  return parts.length > 0 ? parts.join(', ') : 'all zero';
}

function kindText(event: ViewerEvent): string {
  const type = event.type ?? 'message';
  switch (event.kind) {
    case 'send':
      return `send ${type} to ${event.peer}`;
    case 'receive':
      return `receive ${type} from ${event.peer}`;
    case 'drop':
      return `lost ${type} (${event.reason ?? 'unknown reason'})`;
    case 'local':
      return 'local event';
    default:
      return event.kind;
  }
}

export function showNoEvent(panel: HTMLElement): void {
  panel.replaceChildren(element('p', 'Click an event to see its details and what happened before and after it.', 'hint'));
}

export function showEventDetails(panel: HTMLElement, event: ViewerEvent, cone: Cone, data: ViewerData): void {
  const list = element('dl');
  const row = (name: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    list.append(element('dt', name), element('dd', String(value)));
  };
  row('Node', event.node);
  row('Kind', kindText(event));
  row('Lamport', event.lamport);
  row('Virtual time', `${event.t} ms`);
  row('Vector clock', clockText(event, data));
  if (event.type !== undefined) row('Message', `${event.type}${event.msg !== undefined ? ` (msg ${event.msg})` : ''}`);
  else row('Message id', event.msg);
  row('Peer', event.peer);
  row('Reason', event.reason);
  row('Logged', event.text);
  row('Prints', event.shows);
  const summary = element('p', undefined, 'cone');
  summary.append(element('span', `${cone.past.length} before`, 'key past'), ' · ', element('span', `${cone.future.length} after`, 'key future'));
  if (event.vc !== null) summary.append(` · ${cone.concurrent} concurrent`);
  panel.replaceChildren(element('h2', `Event #${event.i}`), list, summary);
}
