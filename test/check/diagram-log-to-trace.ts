/**
 * Turns the report's Diagram.log into a trace, by hand-written rules that follow the report line
 * for line; no simulator involved. Each numbered log line is one event; a line without
 * "lamport time:" (or a chat line, `P said: TEXT, lamport time: N`) is what the event just before
 * on the same node shows; the leave path adds the events the report says log nothing.
 *
 * `clock: 'report'` keeps the logged Lamport times (the bug included); `clock: 'lamport'`
 * recomputes them with correct Lamport clocks on the same events (tick on send and local,
 * max(own, received) + 1 on receive) and rewrites every number in texts and announcements.
 *
 * Regenerate the fixtures with `UPDATE_FIXTURES=1 npx vitest run test/check/fixtures.test.ts`.
 */
import type { EventKind, TraceEvent } from '../../src/trace/format.js';

type MessageType = string;

const SERVER = 'server';
const SUFFIX = /, lamport time: (\d+)$/;
const CHAT = /^\S+ said: /;

interface Draft {
  node: string;
  kind: EventKind;
  lamport: number;
  tMs: number;
  type?: MessageType;
  /** Sender and receiver, to match a receive with its send. */
  from?: string;
  to?: string;
  /** Logged text without the Lamport suffix; '' for a silent event. */
  base: string;
  shows?: string;
}

/** Whose clock a participant line uses in the report: `c` for its calls, `b` for broadcasts it serves. */
type ClockName = 'c' | 'b';

/** Parses `2021/11/03 08:51:02 TEXT` into seconds of the day and the text. */
function parseLine(line: string): { seconds: number; text: string } {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) (.*)$/.exec(line);
  if (!match) throw new Error(`not a Go log line: ${JSON.stringify(line)}`);
  return { seconds: Number(match[4]) * 3600 + Number(match[5]) * 60 + Number(match[6]), text: match[7] };
}

/** Reconstructs the events of Diagram.log, with the Lamport times it logs. */
function draftEvents(log: string): Draft[] {
  const lines = log.split('\n').filter((line) => line.trim() !== '').map(parseLine);
  const start = lines[0].seconds;
  const drafts: Draft[] = [];
  const members: string[] = [];
  const clocks = new Map<string, Record<ClockName, number>>();
  const clockOf = (node: string) => {
    let clock = clocks.get(node);
    if (!clock) clocks.set(node, (clock = { c: 0, b: 0 }));
    return clock;
  };
  /** The participant whose call the server is serving, and the member a broadcast goes to. */
  let caller = '';
  let callKind: 'join' | 'publish' | 'leave' = 'join';
  let broadcastTo = '';
  const lookahead = (from: number, pattern: RegExp, stop?: RegExp): string | undefined => {
    for (let k = from; k < lines.length; k++) {
      if (stop && stop.test(lines[k].text)) return undefined;
      const match = pattern.exec(lines[k].text);
      if (match) return match[1];
    }
    return undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const { seconds, text } = lines[index];
    const tMs = (seconds - start) * 1000;
    // A chat line (`P said: TEXT, lamport time: N`) is printed, not logged as an event.
    const numbered = CHAT.test(text) ? null : SUFFIX.exec(text);
    if (!numbered) {
      // A printed line: it belongs to the event just before on the same node (the broadcast's member).
      const owner = [...drafts].reverse().find((draft) => draft.node === broadcastTo)!;
      owner.shows = text;
      continue;
    }
    const lamport = Number(numbered[1]);
    const base = text.slice(0, numbered.index);
    const add = (draft: Omit<Draft, 'tMs'>) => drafts.push({ ...draft, tMs });
    const participant = (node: string, clock: ClockName, draft: Omit<Draft, 'tMs' | 'node'>) => {
      clockOf(node)[clock] = draft.lamport;
      add({ ...draft, node });
    };

    if (base === 'Join Request sent') {
      caller = lookahead(index, /^Participant (\S+) joined/)!;
      callKind = 'join';
      participant(caller, 'c', { kind: 'send', lamport, type: 'JoinRequest', from: caller, to: SERVER, base });
    } else if (base === 'Publish Request sent') {
      if (callKind !== 'join') caller = lookahead(index, /^(\S+) said: /)!;
      callKind = 'publish';
      participant(caller, 'c', { kind: 'send', lamport, type: 'PublishRequest', from: caller, to: SERVER, base });
    } else if (base === 'Leave Request sent') {
      const remaining = members.length === 1 ? members[0] : undefined;
      caller = lookahead(index, /^Participant (\S+) left/, /^.*Leave response/) ?? remaining!;
      callKind = 'leave';
      participant(caller, 'c', { kind: 'local', lamport, base });
      // the report Leave step 2: a silent tick, and the announcement is published carrying it.
      const carried = lamport + 1;
      participant(caller, 'c', { kind: 'send', lamport: carried, type: 'PublishRequest', from: caller, to: SERVER, base: '' });
    } else if (base === 'Received join request') {
      add({ node: SERVER, kind: 'receive', lamport, type: 'JoinRequest', from: caller, to: SERVER, base });
    } else if (base === 'Received publish request') {
      add({ node: SERVER, kind: 'receive', lamport, type: 'PublishRequest', from: caller, to: SERVER, base });
    } else if (base === 'Received leave request') {
      add({ node: SERVER, kind: 'receive', lamport, type: 'LeaveRequest', from: caller, to: SERVER, base });
    } else if (base === 'Attempt join' || base === 'Attempt publish' || base === 'Attempt leave' || base === 'BroadCast Request sent') {
      add({ node: SERVER, kind: 'local', lamport, base });
      if (base === 'Attempt join') members.push(caller);
      if (base === 'Attempt leave') members.splice(members.indexOf(caller), 1);
    } else if (base === 'Join reply') {
      add({ node: SERVER, kind: 'send', lamport, type: 'JoinReply', from: SERVER, to: caller, base });
    } else if (base === 'Publish reply') {
      add({ node: SERVER, kind: 'send', lamport, type: 'PublishReply', from: SERVER, to: caller, base });
      if (callKind === 'leave') {
        // the report Leave steps 2-3: the reply is received without a log line or merge; the Leave call carries the same c.
        const c = clockOf(caller).c;
        participant(caller, 'c', { kind: 'receive', lamport: c, type: 'PublishReply', from: SERVER, to: caller, base: '' });
        participant(caller, 'c', { kind: 'send', lamport: c, type: 'LeaveRequest', from: caller, to: SERVER, base: '' });
      }
    } else if (base === 'Leave reply') {
      add({ node: SERVER, kind: 'send', lamport, type: 'LeaveReply', from: SERVER, to: caller, base });
    } else if (base.startsWith('BroadCast Request sent to ')) {
      broadcastTo = base.slice('BroadCast Request sent to '.length);
      add({ node: SERVER, kind: 'send', lamport, type: 'BroadcastRequest', from: SERVER, to: broadcastTo, base });
      if (callKind === 'leave') {
        // the report Leave step 2: the member's handler leaves its clock alone, logs nothing, and replies with b.
        const b = clockOf(broadcastTo).b;
        participant(broadcastTo, 'b', { kind: 'receive', lamport: b, type: 'BroadcastRequest', from: SERVER, to: broadcastTo, base: '' });
        const next = lines[index + 1];
        if (next && (CHAT.test(next.text) || !SUFFIX.test(next.text))) {
          drafts[drafts.length - 1].shows = next.text;
          index++;
        }
        participant(broadcastTo, 'b', { kind: 'send', lamport: b, type: 'BroadcastReply', from: broadcastTo, to: SERVER, base: '' });
      }
    } else if (base === 'Received broadcast request') {
      participant(broadcastTo, 'b', { kind: 'receive', lamport, type: 'BroadcastRequest', from: SERVER, to: broadcastTo, base });
    } else if (base === 'Attempt BroadCast') {
      participant(broadcastTo, 'b', { kind: 'local', lamport, base });
    } else if (base === 'BroadCast reply') {
      participant(broadcastTo, 'b', { kind: 'send', lamport, type: 'BroadcastReply', from: broadcastTo, to: SERVER, base });
    } else if (base.startsWith('Response from ') && base.endsWith(': BroadCast message reply') && !base.startsWith('Response from the Server')) {
      const member = base.slice('Response from '.length, -': BroadCast message reply'.length);
      add({ node: SERVER, kind: 'receive', lamport, type: 'BroadcastReply', from: member, to: SERVER, base });
    } else if (base.startsWith('Join response from the Server')) {
      participant(caller, 'c', { kind: 'receive', lamport, type: 'JoinReply', from: SERVER, to: caller, base });
    } else if (base === 'Response from the Server: Publish message reply') {
      participant(caller, 'c', { kind: 'receive', lamport, type: 'PublishReply', from: SERVER, to: caller, base });
    } else if (base.startsWith('Leave response from the Server')) {
      participant(caller, 'c', { kind: 'receive', lamport, type: 'LeaveReply', from: SERVER, to: caller, base });
    } else {
      throw new Error(`unknown log line: ${JSON.stringify(text)}`);
    }
  }
  return drafts;
}

/** Correct Lamport clocks on the same events; texts and announcements follow the new numbers. */
function relabelLamport(drafts: Draft[], sendOf: (index: number) => number | undefined): void {
  const clocks = new Map<string, number>();
  const joinedAt = new Map<string, number>();
  const leftAt = new Map<string, number>();
  drafts.forEach((draft, index) => {
    const own = clocks.get(draft.node) ?? 0;
    const send = sendOf(index);
    draft.lamport = draft.kind === 'receive' ? Math.max(own, drafts[send!].lamport) + 1 : own + 1;
    clocks.set(draft.node, draft.lamport);
    if (draft.type === 'JoinReply' && draft.kind === 'receive') joinedAt.set(draft.node, draft.lamport);
    if (draft.base === 'Leave Request sent') leftAt.set(draft.node, draft.lamport);
    if (draft.shows !== undefined) {
      draft.shows = draft.shows
        .replace(/^(Participant (\S+) joined Chitty-Chat at Lamport time )\d+$/, (_, prefix: string, who: string) => `${prefix}${joinedAt.get(who)}`)
        .replace(/^(Participant (\S+) left Chitty-Chat at Lamport time )\d+$/, (_, prefix: string, who: string) => `${prefix}${leftAt.get(who)}`)
        .replace(SUFFIX, `, lamport time: ${draft.lamport}`);
    }
  });
}

/**
 * The trace of Diagram.log as NDJSON (header line first).
 * @param clock - `report` keeps the logged times; `lamport` recomputes correct ones. Default `report`.
 */
export function diagramLogToTrace(log: string, clock: 'report' | 'lamport' = 'report'): string {
  const drafts = draftEvents(log);
  // Match each receive with the earliest unmatched send of the same type between the same nodes.
  const unmatched = new Map<string, number[]>();
  const sendIndex: (number | undefined)[] = [];
  const msgOf: (number | undefined)[] = [];
  let nextMsg = 0;
  drafts.forEach((draft, index) => {
    if (draft.type === undefined) return;
    const key = `${draft.type}:${draft.from}->${draft.to}`;
    if (draft.kind === 'send') {
      msgOf[index] = nextMsg++;
      unmatched.set(key, [...(unmatched.get(key) ?? []), index]);
    } else {
      const queue = unmatched.get(key);
      if (!queue || queue.length === 0) throw new Error(`receive without send at draft ${index}: ${key}`);
      const send = queue.shift()!;
      sendIndex[index] = send;
      msgOf[index] = msgOf[send];
    }
  });
  if (clock === 'lamport') relabelLamport(drafts, (index) => sendIndex[index]);

  // Vector clocks: the standard rule on the reconstructed events (the engine's ground truth).
  const names = [SERVER, ...new Set(drafts.map((draft) => draft.node).filter((node) => node !== SERVER))];
  const vectors = new Map(names.map((name) => [name, new Map(names.map((other) => [other, 0]))]));
  const recorded: Record<string, number>[] = [];
  const events: TraceEvent[] = drafts.map((draft, index) => {
    const vector = vectors.get(draft.node)!;
    if (draft.kind === 'receive') {
      const carried = recorded[sendIndex[index]!];
      for (const name of names) vector.set(name, Math.max(vector.get(name)!, carried[name] ?? 0));
    }
    vector.set(draft.node, vector.get(draft.node)! + 1);
    const vc: Record<string, number> = {};
    for (const name of names) if (vector.get(name)! > 0) vc[name] = vector.get(name)!;
    recorded[index] = vc;
    const event: TraceEvent = { i: index, t: draft.tMs, node: draft.node, kind: draft.kind, lamport: draft.lamport, vc, text: '' };
    if (draft.type !== undefined) {
      event.msg = msgOf[index];
      event.peer = draft.kind === 'send' ? draft.to : draft.from;
      event.type = draft.type;
    }
    event.text = draft.base === '' ? '' : `${draft.base}, lamport time: ${draft.lamport}`;
    if (draft.shows !== undefined) event.shows = draft.shows;
    return event;
  });
  const header = { format: 'chitty-sim-trace', version: 1, scenario: 'Diagram.log from the report', seed: 1, clock };
  return [header, ...events].map((line) => JSON.stringify(line)).join('\n') + '\n';
}
