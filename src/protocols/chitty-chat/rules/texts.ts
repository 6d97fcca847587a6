/**
 * The texts the promise checker reads: which log lines mark a join, a leave, a round's start, a
 * retry and a removal (from messages.ts, their one source), and how a shown line is read.
 */
import type { TextView } from '../../../check/types.js';
import { LAMPORT_SUFFIX, LOG } from '../messages.js';

/** A log line's text without its Lamport suffix, and the start of the text with it. */
interface LoggedText {
  base: string;
  timed: string;
}

function logged(base: string): LoggedText {
  return { base, timed: base + LAMPORT_SUFFIX };
}

export const ROUND_STARTED = logged(LOG.roundStarted);
export const JOINED = logged(LOG.joined);
export const LEAVE_STARTED = logged(LOG.leaveSent);
export const PARTICIPANT = 'Participant ';
export const REMOVED_SUFFIX = LOG.removedSuffix;
export const RETRY = LOG.retry;
export const ANNOUNCEMENT = /^Participant (.+) (joined|left) Chitty-Chat at Lamport time (\d+)$/;
/** What follows `Participant X` in X's leave announcement, before the time. */
export const OWN_LEAVE = ' left Chitty-Chat at Lamport time ';
export const SAID = ' said: ';

/** Whether a logged text is `base`, with or without the `, lamport time: N` suffix. */
export function textIs(text: TextView, logged: LoggedText): boolean {
  if (text.startsWith(logged.timed)) return digitsOnly(text, logged.timed.length, text.length);
  return text.length === logged.base.length && text.startsWith(logged.base);
}

/** Whether a logged text holds ` (attempt N)`: a retried call (asked only of a member's pending requests, so rarely). */
export function isRetry(text: TextView): boolean {
  return text.includes(RETRY) && / \(attempt \d+\)/.test(text.slice());
}

/** Whether `text` ends at `end`, or goes on with nothing but `, lamport time: N`. */
export function endsLogLine(text: TextView, end: number): boolean {
  if (text.length === end) return true;
  return text.startsWith(LAMPORT_SUFFIX, end) && digitsOnly(text, end + LAMPORT_SUFFIX.length, text.length);
}

/**
 * Length of `shows` without a trailing `, lamport time: N` (a chat line's suffix), or -1 when it
 * has none. Read from the end: the digits, then the suffix right before them (the suffix holds no
 * digit, so this is its last occurrence), instead of searching the whole text.
 */
export function chatSuffixStart(shows: TextView): number {
  let digits = shows.length;
  while (digits > 0) {
    const code = shows.charCodeAt(digits - 1);
    if (code < 48 || code > 57) break;
    digits--;
  }
  if (digits === shows.length) return -1;
  const at = digits - LAMPORT_SUFFIX.length;
  return at >= 0 && shows.startsWith(LAMPORT_SUFFIX, at) ? at : -1;
}

/** Whether `text` holds one or more ASCII digits and nothing else from `start` to `end`. */
export function digitsOnly(text: TextView, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function quote(text: string): string {
  const shown = codePoints(text) > 60 ? Array.from(text).slice(0, 57).join('') + '…' : text;
  return JSON.stringify(shown);
}
