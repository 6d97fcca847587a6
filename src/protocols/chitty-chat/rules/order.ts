/** The promise that members see broadcasts in one order (`broadcast-order`). */
import type { ParticipantState, Round } from './rounds.js';
import { quote } from './texts.js';
import type { PromiseView } from './view.js';

/**
 * Members must agree on the order of any two broadcasts both show. While every member shows
 * rounds in the order they started, they agree; after the first show out of that order, each
 * show is compared with the other members' shows of the open rounds.
 */
export function judgeOrder(view: PromiseView, node: number, state: ParticipantState, round: Round): void {
  if (round.id > state.lastShownRoundId && !view.disorder) {
    state.lastShownRoundId = round.id;
    return;
  }
  if (round.id < state.lastShownRoundId) view.disorder = true;
  else state.lastShownRoundId = round.id;
  for (const other of view.open) {
    if (other === round) continue;
    const mine = other.showSeq[node];
    // Only two members' shows are compared: this one's of `other` too.
    if (!(mine > 0) || !other.asMember[node]) continue;
    // This member showed `other` before `round`; did another show `round` before `other`?
    for (const peer of round.shownBy) {
      if (peer === node) continue;
      const theirs = other.showSeq[peer];
      if (theirs > round.showSeq[peer] && round.asMember[peer] && other.asMember[peer]) {
        const names = view.names;
        view.log.report(
          'broadcast-order',
          () => [view.ref(other.showI[node], node, other.showLamport[node]), view.ref(round.showI[node], node, round.showLamport[node]), view.ref(round.showI[peer], peer, round.showLamport[peer]), view.ref(other.showI[peer], peer, other.showLamport[peer])],
          () => `${names[node]} showed ${quote(other.content ?? '?')} before ${quote(round.content ?? '?')}, but ${names[peer]} showed them in the opposite order.`,
        );
        return;
      }
    }
  }
}
