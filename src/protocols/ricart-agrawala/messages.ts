/**
 * Ricart-Agrawala's messages, region, palette and log texts: the one source of each. The nodes,
 * the scenarios and the tests read them from here.
 */
import type { Palette } from '../protocol.js';

/** The region a node's critical section marks (`{ enter: 'cs' }` ... `{ exit: 'cs' }`); declared exclusive. */
export const CRITICAL_SECTION = 'cs';

/** A node asks every other node for permission to enter. */
export const REQUEST = 'Request';
/** A node grants a request: now, or when it leaves its own critical section (a deferred reply). */
export const REPLY = 'Reply';

/** What a Request carries: the request's timestamp (the requester's Lamport time when it asked). */
export interface RequestPayload {
  timestamp: number;
}

/** What a Reply carries: the timestamp of the request it grants, so that a late reply to an older request is not counted. */
export interface ReplyPayload {
  timestamp: number;
}

export const PALETTE: Palette = {
  [REQUEST]: { color: '#1f77b4', label: 'Request' },
  [REPLY]: { label: 'Reply', family: REQUEST, reply: true },
};

/** The command a scenario step gives a node. */
export const REQUEST_COMMAND = 'request';

/** The lines the nodes log. */
export const LOG = {
  request: (timestamp: number) => `Request the critical section (timestamp ${timestamp})`,
  requestSent: (to: string, timestamp: number, attempt: number) => `Request to ${to} (timestamp ${timestamp})${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
  requestReceived: (from: string, timestamp: number, decision: 'reply' | 'defer') =>
    `Request from ${from} (timestamp ${timestamp}): ${decision === 'reply' ? 'reply now' : 'defer the reply'}`,
  replySent: (to: string, deferred: boolean) => `Reply to ${to}${deferred ? ' (deferred)' : ''}`,
  replyReceived: (from: string, count: number, needed: number) => `Reply from ${from} (${count} of ${needed})`,
  staleReply: (from: string) => `Reply from ${from} ignored: it answers an older request`,
  enter: 'Enter the critical section',
  exit: 'Exit the critical section',
  abandoned: (missing: readonly string[], attempts: number) => `Request abandoned: no reply from ${missing.join(', ')} after ${attempts} attempts`,
} as const;
