/**
 * The promises about a broadcast's text, judged once per broadcast (at its first show): a chat
 * message is at most 128 code points (`message-length`), and an announcement's Lamport time is
 * the one its participant had at its join response or its "Leave Request sent"
 * (`announcement-time`).
 */
import type { EventRef } from '../../../check/types.js';
import { MAX_MESSAGE_CODE_POINTS } from '../messages.js';
import type { Round } from './rounds.js';
import { ANNOUNCEMENT, codePoints, PARTICIPANT, quote, SAID } from './texts.js';
import type { PromiseView } from './view.js';

/** Judges the text of a broadcast: a chat message's length, an announcement's Lamport time. */
export function judgeContent(view: PromiseView, content: string, chat: boolean, ref: EventRef, round: Round | undefined): void {
  const where = round === undefined ? [ref] : [view.ref(round.startI, view.serverIndex(), round.startLamport), ref];
  // An announcement is one with or without a chat line's suffix; a chat line is a suffixed text that is none.
  const announcement = content.startsWith(PARTICIPANT) ? ANNOUNCEMENT.exec(content) : null;
  if (announcement === null) {
    if (!chat) return;
    const said = content.indexOf(SAID);
    if (said < 0) return;
    const message = content.slice(said + SAID.length);
    const length = codePoints(message);
    if (length > MAX_MESSAGE_CODE_POINTS) {
      view.log.report('message-length', () => where, () => `A chat message of ${length} characters (more than ${MAX_MESSAGE_CODE_POINTS}) was broadcast: ${quote(content)}.`);
    }
    return;
  }
  const [, name, verb, value] = announcement;
  const announced = Number(value);
  const node = view.names.indexOf(name);
  const state = node < 0 ? undefined : view.participants[node];
  if (verb === 'joined') {
    if (state === undefined || state.joinTimes.empty) {
      view.log.report('announcement-time', () => where, () => `${quote(content)} announces a join of ${name}, who never received a join response.`);
    } else if (!state.joinTimes.has(announced)) {
      const joined = view.ref(state.joinI, node, state.joinLamport);
      view.log.report('announcement-time', () => [...where, joined], () => `${quote(content)} gives Lamport time ${announced}, but ${name}'s join response was at ${state.joinLamport} (event ${state.joinI}).`);
    }
    return;
  }
  // A participant that never started a leave, or that the server ever removed (failure
  // detection), may be announced by the server itself, with the server's time: not judged.
  if (state !== undefined && !state.leaveTimes.empty && state.removedAtI < 0 && !state.leaveTimes.has(announced)) {
    const left = view.ref(state.leaveI, node, state.leaveLamport);
    view.log.report('announcement-time', () => [...where, left], () => `${quote(content)} gives Lamport time ${announced}, but ${name}'s "Leave Request sent" was at ${state.leaveLamport} (event ${state.leaveI}).`);
  }
}
