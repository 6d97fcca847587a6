/**
 * Which broadcast round a show belongs to (docs/checker.md, "What a participant shows for a
 * round"): the round of the BroadcastRequest the participant received last, whose first show fixes
 * its text. A show of another text belongs to another open round only once the server's
 * broadcasts overlap; otherwise, or when no round takes it, it breaks `broadcast-once` and is
 * still the participant's show of its round.
 */
import type { TextView } from '../../../check/types.js';
import { judgeContent } from './content.js';
import type { Round } from './rounds.js';
import { quote } from './texts.js';
import type { PromiseView } from './view.js';

/**
 * The round a show of participant `node` belongs to; `round` is the round of its last
 * BroadcastRequest, sent at event `sendI`. `length` is the length of `shows` without a chat line's
 * suffix; `chat` says whether it had one.
 */
export function attributeShow(view: PromiseView, node: number, round: Round, shows: TextView, length: number, chat: boolean, i: number, lamport: number, sendI: number): Round {
  if (round.content === undefined) {
    bind(view, round, shows.slice(0, length), chat, node, i, lamport);
    return round;
  }
  if (round.content.length === length && shows.startsWith(round.content)) return round;
  if (view.overlapping) {
    const other = otherRound(view, node, round, shows, length, chat, i, lamport, sendI);
    if (other !== undefined) return other;
  }
  const name = view.names[node];
  const first = round.contentRef!;
  const text = shows.slice(0, length);
  view.log.report(
    'broadcast-once',
    () => [first, view.ref(i, node, lamport)],
    () => `${name} showed ${quote(text)} for broadcast #${round.id}, which ${first.node} showed as ${quote(round.content!)}.`,
  );
  return round;
}

/** With overlapping broadcasts: the open round, started before `sendI`, with the show's text (or, failing that, one nobody showed yet). */
function otherRound(view: PromiseView, node: number, round: Round, shows: TextView, length: number, chat: boolean, i: number, lamport: number, sendI: number): Round | undefined {
  for (const other of view.open) {
    if (other === round || other.closed || other.startI > sendI || other.content === undefined) continue;
    if (other.content.length === length && shows.startsWith(other.content) && !(other.showSeq[node] > 0)) return other;
  }
  for (const other of view.open) {
    if (other === round || other.closed || other.startI > sendI || other.content !== undefined) continue;
    bind(view, other, shows.slice(0, length), chat, node, i, lamport);
    return other;
  }
  return undefined;
}

/** The first show of a round fixes its text; the text's own promises are judged once, here. */
function bind(view: PromiseView, round: Round, content: string, chat: boolean, node: number, i: number, lamport: number): void {
  const ref = view.ref(i, node, lamport);
  round.content = content;
  round.contentRef = ref;
  judgeContent(view, content, chat, ref, round);
}
