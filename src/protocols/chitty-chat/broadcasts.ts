/**
 * The server's work items and the Broadcast calls in flight. One broadcast is in flight at a time
 * unless broadcasts run concurrently, so the common case is a single slot rather than a map (this
 * runs once per broadcast).
 */
import type { Message } from '../../sim/node-api.js';
import type { Publish, ReplyPayload, RequestPayload } from './messages.js';

/** A reply the server sent, kept to answer a retry of the same request again. */
export interface StoredReply {
  type: 'JoinReply' | 'PublishReply' | 'LeaveReply';
  text: string;
  payload: ReplyPayload;
}

/** What the server knows of one participant: looked up once per message, not once per question. */
export interface Participant {
  name: string;
  member: boolean;
  /** The newest request id seen and, once handled, its reply. */
  lastRequestId: number | undefined;
  lastReply: StoredReply | undefined;
  /** Its log lines, with their Lamport suffix but not the time: built once. */
  sentToTimed: string;
  responseFromTimed: string;
}

/** A request waiting for its turn, a publish being broadcast, or an announcement of the server's own. */
export interface Job {
  /** The participant's request; undefined for the server's own announcements. */
  request: Message<RequestPayload> | undefined;
  publish: Publish | undefined;
  /** Members to call, for a publish being broadcast. */
  recipients: Participant[];
  next: number;
  /** The Broadcast call in flight. */
  broadcastId: number;
  member: Participant | undefined;
  attempt: number;
}

export class BroadcastsInFlight {
  private id = -1;
  private job: Job | undefined;
  private more: Map<number, Job> | undefined;

  add(id: number, job: Job): void {
    if (this.job === undefined) {
      this.id = id;
      this.job = job;
    } else {
      (this.more ??= new Map()).set(id, job);
    }
  }

  get(id: number): Job | undefined {
    if (this.job !== undefined && this.id === id) return this.job;
    return this.more?.get(id);
  }

  delete(id: number): void {
    if (this.job !== undefined && this.id === id) {
      this.job = undefined;
      this.id = -1;
    } else {
      this.more?.delete(id);
    }
  }
}
