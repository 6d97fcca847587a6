/**
 * `causal-delivery`: when one broadcast's publish happened before another's, no node delivers the
 * second before the first. Happens-before is the trace's: its vector clocks (computed from the
 * events when it has none). Which events publish and deliver which message is read from their
 * texts (delivery-texts.ts).
 *
 * At each publish it counts, per publishing node, how many of that node's publishes lie in the new
 * one's causal past (a node's publishes are ordered along its line, so they form a prefix of its
 * publishes, found by the node's own vector entry). At each delivery it checks that the delivering
 * node has delivered each such prefix in full.
 */
import type { CheckedEvent, RuleChecker, RuleContext, RuleSet } from '../../../check/rule-set.js';
import type { EventRef } from '../../../check/types.js';
import { chatText, deliveredId, publishedId } from '../delivery-texts.js';

export const CAUSAL_DELIVERY_RULES = {
  'causal-delivery': "If one broadcast's publish happened before another's, no node delivers the second before the first.",
} as const;

/** A published message, as the rule keeps it. */
interface Published {
  id: string;
  /** The publishing node's index, and its place among that node's publishes. */
  node: number;
  order: number;
  publish: EventRef;
  text: string;
  /** Per publishing node index: how many of its publishes lie in this one's causal past. */
  past: Int32Array;
}

/** Per node: its publishes in order, and its own vector entry at each. */
interface PublishLine {
  ids: string[];
  counts: number[];
}

/** What one node has delivered. */
interface Deliveries {
  ids: Set<string>;
  /** Per publishing node index: how many of its publishes, from its first, this node has delivered. */
  prefix: number[];
}

class CausalDeliveryChecker implements RuleChecker {
  private readonly messages = new Map<string, Published>();
  private readonly lines: (PublishLine | undefined)[] = [];
  private readonly deliveries: (Deliveries | undefined)[] = [];
  private published = 0;
  private delivered = 0;
  private unknown = 0;

  constructor(private readonly context: RuleContext) {}

  event(event: CheckedEvent): void {
    if (event.kind === 'drop' || event.kind === 'crash' || event.kind === 'restart') return;
    const published = publishedId(event.text);
    if (published !== undefined && event.vc !== undefined) this.publish(event, published, event.vc);
    const shows = event.shows;
    if (shows === undefined || shows.length === 0) return;
    const id = deliveredId(shows);
    if (id !== undefined) this.deliver(event, id);
  }

  private publish(event: CheckedEvent, id: string, vc: ArrayLike<number>): void {
    if (this.messages.has(id)) return;
    this.published++;
    const node = event.node;
    const past = new Int32Array(this.context.names.length);
    for (let other = 0; other < this.lines.length; other++) {
      const line = this.lines[other];
      if (line === undefined) continue;
      past[other] = other === node ? line.ids.length : countAtMost(line.counts, other < vc.length ? vc[other] : 0);
    }
    const line = (this.lines[node] ??= { ids: [], counts: [] });
    this.messages.set(id, { id, node, order: line.ids.length, publish: this.ref(event), text: chatText(event.text.slice()), past });
    line.ids.push(id);
    line.counts.push(vc[node]);
  }

  private deliver(event: CheckedEvent, id: string): void {
    const message = this.messages.get(id);
    if (message === undefined) {
      this.unknown++;
      return;
    }
    this.delivered++;
    const deliveries = (this.deliveries[event.node] ??= { ids: new Set(), prefix: [] });
    deliveries.ids.add(id);
    const past = message.past;
    for (let origin = 0; origin < past.length; origin++) {
      if (past[origin] === 0) continue;
      const prefix = this.advance(deliveries, origin);
      if (prefix >= past[origin]) continue;
      const missing = this.messages.get(this.lines[origin]!.ids[prefix])!;
      this.report(event, message, missing);
      return;
    }
  }

  /** How many of `origin`'s publishes, from its first, `deliveries` holds now. */
  private advance(deliveries: Deliveries, origin: number): number {
    const ids = this.lines[origin]!.ids;
    let prefix = deliveries.prefix[origin] ?? 0;
    while (prefix < ids.length && deliveries.ids.has(ids[prefix])) deliveries.ids.delete(ids[prefix++]);
    deliveries.prefix[origin] = prefix;
    return prefix;
  }

  private report(event: CheckedEvent, message: Published, missing: Published): void {
    const log = this.context.log;
    if (!log.wants('causal-delivery')) return;
    const names = this.context.names;
    const node = names[event.node];
    log.add(
      'causal-delivery',
      [missing.publish, message.publish, this.ref(event)],
      `${node} delivers ${message.id} (${quote(message.text)}) before ${missing.id} (${quote(missing.text)}), but ${missing.id}'s publish at event ${missing.publish.i} happened before ${message.id}'s at event ${message.publish.i}: ` +
        `a causal broadcast delivers a message only after everything published in its causal past.`,
    );
  }

  private ref(event: CheckedEvent): EventRef {
    return { i: event.i, node: this.context.names[event.node], lamport: event.lamport };
  }

  finish(): void {}

  stats(): Record<string, number> {
    return { published: this.published, delivered: this.delivered };
  }

  notes(): string[] {
    const count = this.unknown;
    return count > 0 ? [`${count} ${count === 1 ? 'delivery names a message' : 'deliveries name messages'} with no publish before ${count === 1 ? 'it' : 'them'}, not judged`] : [];
  }

  size(): Record<string, number> {
    return { publishedMessages: this.messages.size };
  }
}

/** How many of the ascending `counts` are at most `limit`. */
function countAtMost(counts: readonly number[], limit: number): number {
  let low = 0;
  let high = counts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (counts[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

function quote(text: string): string {
  const characters = Array.from(text);
  return JSON.stringify(characters.length > 40 ? characters.slice(0, 37).join('') + '…' : text);
}

/** The `causal-delivery` rule as a rule set. */
export function causalDeliveryRules(): RuleSet {
  return { rules: CAUSAL_DELIVERY_RULES, needsVectorClocks: true, create: (context) => new CausalDeliveryChecker(context) };
}
