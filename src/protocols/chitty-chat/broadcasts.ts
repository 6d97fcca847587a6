/**
 * The server's work items and the Broadcast calls in flight. One broadcast is in flight at a time
 * unless broadcasts run concurrently, so the common case is a single slot rather than a map (this
 * runs once per broadcast).
 */
import type { Message } from '../../sim/node-api.js';
import type { Publish, RequestPayload } from './messages.js';

/** A request waiting for its turn, a publish being broadcast, or an announcement of the server's own. */
export interface Job {
  /** The participant's request; undefined for the server's own announcements. */
  request: Message<RequestPayload> | undefined;
  publish: Publish | undefined;
  /** Members to call, for a publish being broadcast. */
  recipients: string[];
  next: number;
  /** The Broadcast call in flight. */
  broadcastId: number;
  member: string;
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
