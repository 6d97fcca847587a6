/**
 * Chitty-Chat's messages, names, limits and log texts: the one source of each. The server, the
 * participants, the scenario syntax and the checker's promises all read them from here.
 */

/** The server's node name; no participant may use it. */
export const SERVER_NAME = 'server';

/** Every message type, request then reply: each call is a request and its reply. */
export const MESSAGE_TYPES = [
  'JoinRequest',
  'JoinReply',
  'PublishRequest',
  'PublishReply',
  'BroadcastRequest',
  'BroadcastReply',
  'LeaveRequest',
  'LeaveReply',
] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

/** What a publish is: a chat message, or a join or leave announcement. */
export type PublishKind = 'chat' | 'join' | 'leave';

/** A publish: what PublishRequest carries, and BroadcastRequest with it. */
export interface Publish {
  author: string;
  text: string;
  kind: PublishKind;
  /** What members print, without the Lamport suffix a chat line gets: `1111 said: Hej`, or the announcement. */
  shown: string;
}

/** JoinRequest, PublishRequest and LeaveRequest. Retries of one call share the request id. */
export interface RequestPayload {
  requestId: number;
  /** For a PublishRequest. */
  publish?: Publish;
}

/** BroadcastRequest: one call per member; retries share the id, and ids only grow. */
export interface BroadcastPayload {
  broadcastId: number;
  publish: Publish;
}

/** Every reply: the id of the call it answers; an error text when refused. */
export interface ReplyPayload {
  requestId: number;
  error?: string;
  /** The server does not know the caller as a member (it restarted, or dropped the caller). */
  notMember?: boolean;
}

/** What a member prints for a publish (a chat line is followed by `, lamport time: N`). */
export function shownText(author: string, text: string, kind: PublishKind): string {
  return kind === 'chat' ? `${author} said: ${text}` : text;
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

/** The suffix every numbered log line of the report ends in, before the number. */
export const LAMPORT_SUFFIX = ', lamport time: ';

/** A numbered log line, `TEXT, lamport time: L`; '' stays '' (the event logs nothing). */
export function numbered(text: string, lamport: number): string {
  return text === '' ? '' : text + LAMPORT_SUFFIX + lamport;
}

/**
 * A log text with its `, lamport time: ` already appended, for the lines logged on every message:
 * `stamped(timed, L)` is `numbered(text, L)` with one string fewer to build.
 */
export function timed(text: string): string {
  return text + LAMPORT_SUFFIX;
}

export function stamped(timedText: string, lamport: number): string {
  return timedText + lamport;
}

/** The announcement texts of R6 and R8. */
export function joinAnnouncement(participant: string, lamport: number): string {
  return `Participant ${participant} joined Chitty-Chat at Lamport time ${lamport}`;
}
export function leaveAnnouncement(participant: string, lamport: number): string {
  return `Participant ${participant} left Chitty-Chat at Lamport time ${lamport}`;
}

/** How a refused publish's reply begins, as both ends log it. */
export const REFUSAL_PREFIX = 'Publish refused: ';

/** The refusal of a chat message over the limit. */
export function tooLongRefusal(codePoints: number): string {
  return `${REFUSAL_PREFIX}the message has ${codePoints} characters, more than ${MAX_MESSAGE_CODE_POINTS}`;
}

export const NOT_A_MEMBER_REFUSAL = `${REFUSAL_PREFIX}not a member of the chat`;

/** The log texts the checker's promises read (see rules/). */
export const LOG = {
  joinSent: 'Join Request sent',
  publishSent: 'Publish Request sent',
  leaveSent: 'Leave Request sent',
  joined: 'Join response from the Server: You are now connected',
  roundStarted: 'BroadCast Request sent',
  /** The simulator's failure detection: `Participant X is not responding: removed`. */
  removedSuffix: ' is not responding: removed',
  /** Retried calls end in ` (attempt N)`. */
  retry: ' (attempt ',
} as const;
