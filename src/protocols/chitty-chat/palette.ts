/**
 * How Chitty-Chat's messages look in a diagram: each RPC (Join, Publish, Broadcast, Leave) one
 * muted colour, its request solid and its reply dashed in a lighter shade.
 */
import type { Palette } from '../../diagram/palette.js';
import type { TraceEvent } from '../../trace/format.js';
import { LAMPORT_SUFFIX, REFUSAL_PREFIX } from './messages.js';

/** The protocol's name in diagram titles. */
export const title = 'Chitty-Chat';

export const palette: Palette = {
  JoinRequest: { family: 'join', label: 'Join', color: '#3b6ea8' },
  JoinReply: { family: 'join', reply: true, color: '#7fa3cc' },
  PublishRequest: { family: 'publish', label: 'Publish', color: '#3d8c5a' },
  PublishReply: { family: 'publish', reply: true, color: '#82b896' },
  BroadcastRequest: { family: 'broadcast', label: 'Broadcast', color: '#c0712b' },
  BroadcastReply: { family: 'broadcast', reply: true, color: '#dba577' },
  LeaveRequest: { family: 'leave', label: 'Leave', color: '#7a5ca6' },
  LeaveReply: { family: 'leave', reply: true, color: '#ab97ca' },
};

const REFUSED = new RegExp(`${REFUSAL_PREFIX}(.*?)(?:${LAMPORT_SUFFIX}-?\\d+)?$`, 's');

/**
 * Why a publish was refused, from the reply that says so (sent by the server, received by the
 * participant): e.g. `the message has 148 characters, more than 128`. Undefined for any other event.
 */
export function refusalOf(event: TraceEvent): string | undefined {
  if (event.type !== 'PublishReply' || (event.kind !== 'send' && event.kind !== 'receive')) return undefined;
  return REFUSED.exec(event.text)?.[1];
}
