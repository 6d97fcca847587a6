/**
 * Causal broadcast's messages, palette and log texts: the one source of each. What a trace says
 * about publishes and deliveries (read by the checker) is in delivery-texts.ts.
 */
import type { Palette } from '../protocol.js';

/** A published chat message, to one peer. */
export const BROADCAST = 'Broadcast';
/** A peer has stored a message (only when messages or nodes can be lost). */
export const ACK = 'Ack';
/** A restarted node tells its peers what it has delivered, and they send again what it misses. */
export const SYNC = 'Sync';

/** The command a scenario step gives a node. */
export const PUBLISH_COMMAND = 'publish';

/** Per node name, a count of that node's messages (missing names count 0). */
export type Counts = Record<string, number>;

/** A chat message as it travels and as nodes keep it. */
export interface ChatMessage {
  origin: string;
  /** 1 for the origin's first message. */
  seq: number;
  text: string;
  /** Per other node, how many of its messages lie in this one's causal past: to be delivered before it. */
  deps: Counts;
}

/**
 * Every message carries `knows`: per node, how many of its messages lie in the sender's causal past
 * when it sends. A receiver merges it into its own, so its next message depends on them too.
 */
export interface BroadcastPayload {
  message: ChatMessage;
  knows: Counts;
}

export interface AckPayload {
  origin: string;
  seq: number;
  knows: Counts;
}

export interface SyncPayload {
  delivered: Counts;
  knows: Counts;
}

export const PALETTE: Palette = {
  [BROADCAST]: { color: '#1f77b4', label: 'Broadcast' },
  [ACK]: { label: 'Ack', family: BROADCAST, reply: true },
  [SYNC]: { color: '#ff7f0e', label: 'Sync' },
};

/** The lines the nodes log, but for publishes and deliveries (delivery-texts.ts). */
export const LOG = {
  deliver: (line: string) => `Deliver ${line}`,
  holdBack: (id: string, text: string, waitingFor: string) => `Hold back ${id}: ${text} (waiting for ${waitingFor})`,
  heldBackNote: (waitingFor: string) => `held back: waiting for ${waitingFor}`,
  duplicate: (id: string) => `Duplicate ${id} ignored`,
  send: (id: string, to: string, attempt: number) => `Send ${id} to ${to}${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
  ackSent: (id: string, to: string) => `Ack ${id} to ${to}`,
  ackReceived: (id: string, from: string) => `Ack of ${id} from ${from}`,
  gaveUp: (id: string, peers: readonly string[], attempts: number) => `Gave up sending ${id} to ${peers.join(', ')} after ${attempts} attempts`,
  syncSent: (to: string) => `Sync to ${to}: tell what was delivered before the crash`,
  syncReceived: (from: string, missing: number) => `Sync from ${from}: it misses ${missing} of mine`,
} as const;
