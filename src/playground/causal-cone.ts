/**
 * The causal past and future of an event, from the vector clocks (the engine's ground truth, not
 * the Lamport times the nodes logged): e happened before f when vc(e) <= vc(f) entry by entry and
 * e != f. A lost message is no event of any process and has no clock: its past is its send and
 * what happened before the send. The rule of `chitty-sim view` (docs/view.md). Pure.
 */
import type { ViewerEvent } from '../view/data.js';

export interface Cone {
  past: ViewerEvent[];
  future: ViewerEvent[];
  /** Events with a clock that are neither before nor after it (0 for a lost message). */
  concurrent: number;
}

/** a <= b entry by entry. */
function atMost(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] > b[k]) return false;
  return true;
}

export function causalCone(event: ViewerEvent, events: readonly ViewerEvent[]): Cone {
  const past: ViewerEvent[] = [];
  const future: ViewerEvent[] = [];
  if (event.vc === null) {
    const send = event.kind === 'drop' ? events.find((other) => other.kind === 'send' && other.msg === event.msg && other.vc !== null) : undefined;
    if (send === undefined) return { past, future, concurrent: 0 };
    past.push(send);
    for (const other of events) if (other !== send && other.vc !== null && atMost(other.vc, send.vc!)) past.push(other);
    return { past, future, concurrent: 0 };
  }
  let clocked = 0;
  for (const other of events) {
    if (other.vc === null) continue;
    clocked++;
    if (other === event) continue;
    if (atMost(other.vc, event.vc)) past.push(other);
    else if (atMost(event.vc, other.vc)) future.push(other);
  }
  return { past, future, concurrent: clocked - 1 - past.length - future.length };
}
