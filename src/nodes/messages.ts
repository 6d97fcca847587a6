/**
 * The payloads of Chitty-Chat's RPC messages. The message type itself is the envelope's `type`.
 */

/** What a publish is: a chat message, or a join or leave announcement. */
export type PublishKind = 'chat' | 'join' | 'leave';

/** PublishRequest and BroadcastRequest. */
export interface PublishPayload {
  author: string;
  text: string;
  kind: PublishKind;
  /** What members print, without the Lamport suffix a chat line gets: `1111 said: Hej`, or the announcement. */
  shown: string;
}

/** What a member prints for a publish (a chat line is followed by `, lamport time: N`). */
export function shownText(author: string, text: string, kind: PublishKind): string {
  return kind === 'chat' ? `${author} said: ${text}` : text;
}

/** JoinRequest and LeaveRequest. */
export interface MembershipPayload {
  participant: string;
}

/** Every reply: empty on success, an error text when refused. */
export interface ReplyPayload {
  error?: string;
  /** The server does not know the caller as a member (it restarted, or dropped the caller). */
  notMember?: boolean;
}

/** Timeouts and retries of every call; only in force when the scenario can lose messages. */
export interface CallPolicy {
  /** Whether calls time out and are retried at all. */
  enabled: boolean;
  /** How long a call waits for its reply, ms; default 1000. */
  rpcMs: number;
  /** How many times a call is sent again before it fails; default 3. */
  retries: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { enabled: false, rpcMs: 1000, retries: 3 };

/** The longest chat message the server accepts, in Unicode code points (R1). */
export const MAX_MESSAGE_CODE_POINTS = 128;

/** Counts Unicode code points (not UTF-16 units): an emoji is one. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The announcement texts of R6 and R8. */
export function joinAnnouncement(participant: string, lamport: number): string {
  return `Participant ${participant} joined Chitty-Chat at Lamport time ${lamport}`;
}
export function leaveAnnouncement(participant: string, lamport: number): string {
  return `Participant ${participant} left Chitty-Chat at Lamport time ${lamport}`;
}
