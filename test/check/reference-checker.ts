/**
 * A second checker of the rules docs/checker.md defines (the clock rules and Chitty-Chat's
 * promises), written from that page to be plainly right rather than fast: the whole trace in
 * memory, no windows, names instead of numbers, and Chitty-Chat's rules judged after the last
 * event from what the pass over the trace collected. The differential test runs it against
 * `check`; where the two disagree, one of them (or the page) is wrong.
 *
 * The texts it reads are written out here as the page gives them, not taken from the source.
 */
import type { TraceEvent } from '../../src/trace/format.js';

/** One broken rule, with the indices of the events it names (the last is where it shows). */
export interface ReferenceViolation {
  rule: string;
  events: number[];
}

const SERVER = 'server';
const SUFFIX = /^([\s\S]*), lamport time: (\d+)$/;
const ANNOUNCEMENT = /^Participant (.+) (joined|left) Chitty-Chat at Lamport time (\d+)$/;
const REMOVAL = /^Participant (.+?) is not responding: removed(, lamport time: \d+)?$/;
const RETRY = / \(attempt \d+\)/;

/** A log text is `base`, with or without `, lamport time: N`. */
function logs(text: string, base: string): boolean {
  return text === base || (text.startsWith(base + ', lamport time: ') && /^\d+$/.test(text.slice(base.length + 16)));
}

/** What is shown, without a trailing `, lamport time: N`, and whether it had one. */
function readShown(shows: string): { content: string; suffixed: boolean } {
  const match = SUFFIX.exec(shows);
  return match === null ? { content: shows, suffixed: false } : { content: match[1], suffixed: true };
}

/** Checks a whole trace against every rule of docs/checker.md. */
export function referenceCheck(events: readonly TraceEvent[], options: { interrupted?: boolean } = {}): ReferenceViolation[] {
  const violations: ReferenceViolation[] = [];
  const report = (rule: string, ...at: number[]) => violations.push({ rule, events: at });
  clockRules(events, report);
  chittyChatRules(events, options.interrupted ?? false, report);
  return violations;
}

type Report = (rule: string, ...at: number[]) => void;

// --- the clock rules -------------------------------------------------------------------------------

function clockRules(events: readonly TraceEvent[], report: Report): void {
  /** Each node's last send, receive or local event. */
  const lastOrdered = new Map<string, TraceEvent>();
  /** The latest send of each message id. */
  const sends = new Map<number, TraceEvent>();
  /** Each node's last process event's vector as recorded ('unknown' when it had none); absent: no event yet. */
  const recorded = new Map<string, Record<string, number> | 'unknown'>();
  for (const event of events) {
    const { node, kind } = event;
    if (kind === 'send' || kind === 'receive' || kind === 'local') {
      const before = lastOrdered.get(node);
      if (before !== undefined && !(event.lamport > before.lamport)) report('process-order', before.i, event.i);
      lastOrdered.set(node, event);
    }
    const send = kind === 'receive' || kind === 'drop' ? sends.get(event.msg!) : undefined;
    if (kind === 'receive' || kind === 'drop') {
      if (send === undefined) report('message-match', event.i);
      else if (node !== send.peer || event.peer !== send.node || event.type !== send.type) report('message-match', send.i, event.i);
      if (kind === 'receive' && send !== undefined && !(event.lamport > send.lamport)) report('receive-after-send', send.i, event.i);
    }
    if (kind === 'send') {
      if (sends.has(event.msg!)) report('message-match', event.i);
      sends.set(event.msg!, event);
    }
    if (kind === 'drop') continue;
    // vector-clock
    const before = recorded.get(node);
    if (event.vc === undefined) {
      recorded.set(node, 'unknown');
      continue;
    }
    const merged = kind === 'receive' ? send?.vc : undefined;
    if (before !== 'unknown' && (kind !== 'receive' || merged !== undefined)) {
      const expected: Record<string, number> = { ...(before ?? {}) };
      for (const [name, count] of Object.entries(merged ?? {})) expected[name] = Math.max(expected[name] ?? 0, count);
      expected[node] = (expected[node] ?? 0) + 1;
      const names = new Set([...Object.keys(expected), ...Object.keys(event.vc)]);
      if ([...names].some((name) => (expected[name] ?? 0) !== (event.vc![name] ?? 0))) {
        if (merged !== undefined) report('vector-clock', send!.i, event.i);
        else report('vector-clock', event.i);
      }
    }
    recorded.set(node, event.vc);
  }
}

// --- Chitty-Chat's promises -------------------------------------------------------------------------

interface Round {
  /** Start order, from 0. */
  order: number;
  startI: number;
  /** The text its first show fixed (without the chat suffix). */
  content: string | undefined;
  /** Members when it started, with the membership each had then. */
  members: Map<string, Membership>;
}

interface Membership {
  /** Event at which it ended; Infinity while it lasts. */
  endI: number;
}

interface Show {
  participant: string;
  round: Round;
  i: number;
  asMember: boolean;
  life: number;
}

interface Participant {
  name: string;
  membership: Membership | undefined;
  /** Lives between crashes, from 0; `lifeEnds[k]` is the crash that ended life k. */
  life: number;
  lifeEnds: number[];
  joinTimes: number[];
  leaveTimes: number[];
  /** The latest removal by the server, or -1. */
  removedAtI: number;
  /** The round of the last BroadcastRequest received in this life, and that request's send. */
  lastRound: Round | undefined;
  lastRequestSendI: number;
  /** Rounds whose BroadcastRequest to it is not yet answered, oldest first. */
  outstanding: Round[];
}

function chittyChatRules(events: readonly TraceEvent[], interrupted: boolean, report: Report): void {
  const participants = new Map<string, Participant>();
  const participant = (name: string): Participant => {
    let found = participants.get(name);
    if (found === undefined) {
      found = { name, membership: undefined, life: 0, lifeEnds: [], joinTimes: [], leaveTimes: [], removedAtI: -1, lastRound: undefined, lastRequestSendI: -1, outstanding: [] };
      participants.set(name, found);
    }
    return found;
  };
  const endMembership = (who: Participant, i: number) => {
    if (who.membership !== undefined) who.membership.endI = i;
    who.membership = undefined;
  };
  const rounds: Round[] = [];
  const shows: Show[] = [];
  const serverCrashes: number[] = [];
  /** The latest send of each message id, and the round it belongs to (BroadcastRequest and BroadcastReply). */
  const sends = new Map<number, { event: TraceEvent; round: Round | undefined }>();
  /** The latest round since the server's last crash. */
  let latest: Round | undefined;
  /** The round the server's next event continues: set by the server's event before it. */
  let cause: Round | undefined;
  let overlapping = false;

  const startRound = (i: number): Round => {
    const members = new Map<string, Membership>();
    for (const who of participants.values()) if (who.membership !== undefined) members.set(who.name, who.membership);
    const round: Round = { order: rounds.length, startI: i, content: undefined, members };
    rounds.push(round);
    latest = round;
    return round;
  };

  const judgeContent = (content: string, suffixed: boolean, i: number) => {
    const announcement = ANNOUNCEMENT.exec(content);
    if (announcement !== null) {
      const [, name, verb, time] = announcement;
      const who = participants.get(name);
      const recent = (times: number[]) => times.slice(-8).includes(Number(time));
      if (verb === 'joined') {
        if (who === undefined || who.joinTimes.length === 0 || !recent(who.joinTimes)) report('announcement-time', i);
      } else if (who !== undefined && who.leaveTimes.length > 0 && who.removedAtI < 0 && !recent(who.leaveTimes)) {
        report('announcement-time', i);
      }
      return;
    }
    const said = content.indexOf(' said: ');
    if (suffixed && said >= 0 && [...content.slice(said + 7)].length > 128) report('message-length', i);
  };

  const shownInLife = (who: Participant, round: Round) => shows.find((show) => show.participant === who.name && show.round === round && show.life === who.life);

  const shown = (who: Participant, event: TraceEvent) => {
    const { content, suffixed } = readShown(event.shows!);
    const announcement = ANNOUNCEMENT.exec(content);
    if (announcement !== null && announcement[1] === who.name && announcement[2] === 'left') report('own-announcement', event.i);
    const requested = who.lastRound;
    if (requested === undefined) {
      judgeContent(content, suffixed, event.i);
      return;
    }
    let round: Round | undefined;
    if (requested.content === undefined) {
      requested.content = content;
      judgeContent(content, suffixed, event.i);
      round = requested;
    } else if (requested.content === content) {
      round = requested;
    } else if (overlapping) {
      const candidates = rounds.filter((other) => other !== requested && other.startI <= who.lastRequestSendI);
      round = candidates.find((other) => other.content === content && shownInLife(who, other) === undefined);
      if (round === undefined) {
        round = candidates.find((other) => other.content === undefined);
        if (round !== undefined) {
          round.content = content;
          judgeContent(content, suffixed, event.i);
        }
      }
    }
    if (round === undefined) {
      // A text other than the round's, and no other round it can be: still this member's show of the round.
      report('broadcast-once', event.i);
      round = requested;
    }
    const earlier = shownInLife(who, round);
    if (earlier !== undefined) {
      // Shown twice: the second show is only the violation.
      report('broadcast-once', earlier.i, event.i);
      return;
    }
    shows.push({ participant: who.name, round, i: event.i, asMember: who.membership !== undefined, life: who.life });
  };

  for (const event of events) {
    const { node, kind, i } = event;
    const send = event.msg === undefined ? undefined : sends.get(event.msg);
    if (kind === 'send') sends.set(event.msg!, { event, round: undefined });
    if (node === SERVER) {
      if (kind === 'drop') continue;
      const because = cause;
      cause = undefined;
      if (kind === 'local') {
        const removal = REMOVAL.exec(event.text);
        if (logs(event.text, 'BroadCast Request sent')) {
          cause = startRound(i);
        } else if (removal !== null && removal[1] !== SERVER) {
          const who = participant(removal[1]);
          who.removedAtI = i;
          endMembership(who, i);
          cause = who.outstanding.shift();
        }
      } else if (kind === 'send' && event.type === 'BroadcastRequest') {
        const who = participant(event.peer!);
        let round: Round;
        if (RETRY.test(event.text) && who.outstanding.length > 0) {
          round = who.outstanding.shift()!;
          who.outstanding.push(round);
        } else {
          round = because ?? latest ?? startRound(i);
          if (!who.outstanding.includes(round)) who.outstanding.push(round);
        }
        if (round !== latest) overlapping = true;
        sends.get(event.msg!)!.round = round;
      } else if (kind === 'receive' && event.type === 'BroadcastReply' && send?.round !== undefined) {
        const who = participant(send.event.node);
        const at = who.outstanding.indexOf(send.round);
        if (at >= 0) {
          who.outstanding.splice(at, 1);
          cause = send.round;
        }
      } else if (kind === 'crash') {
        serverCrashes.push(i);
        for (const who of participants.values()) {
          endMembership(who, i);
          who.outstanding = [];
        }
        latest = undefined;
      }
      continue;
    }
    const who = participant(node);
    if (kind === 'send' && event.type === 'BroadcastReply') {
      sends.get(event.msg!)!.round = who.lastRound;
    } else if (kind === 'receive' && event.type === 'BroadcastRequest') {
      who.lastRound = send?.round;
      who.lastRequestSendI = send?.event.i ?? -1;
    } else if (kind === 'receive' && event.type === 'JoinReply' && logs(event.text, 'Join response from the Server: You are now connected')) {
      who.joinTimes.push(event.lamport);
      const lastServerCrash = serverCrashes.at(-1) ?? -1;
      const stale = send !== undefined && (send.event.i < who.removedAtI || send.event.i < lastServerCrash);
      if (!stale && who.membership === undefined) who.membership = { endI: Infinity };
    } else if (kind === 'local' && logs(event.text, 'Leave Request sent')) {
      who.leaveTimes.push(event.lamport);
      endMembership(who, i);
    } else if (kind === 'crash') {
      endMembership(who, i);
      who.lastRound = undefined;
      who.lifeEnds[who.life] = i;
      who.life++;
    }
    if (event.shows !== undefined && event.shows !== '') shown(who, event);
  }

  // broadcast-once and own-announcement: every member of a round, unless excused, shows it.
  // Past the last event: a membership that never ended ends after it.
  const traceEnd = events.length;
  for (const round of rounds) {
    const crash = serverCrashes.find((at) => at > round.startI) ?? traceEnd;
    const next = rounds[round.order + 1]?.startI ?? traceEnd;
    const end = overlapping ? crash : Math.min(crash, next);
    if (interrupted && end === traceEnd) continue;
    const announcement = round.content === undefined ? null : ANNOUNCEMENT.exec(round.content);
    for (const [name, membership] of round.members) {
      if (shows.some((show) => show.participant === name && show.round === round)) continue;
      if (membership.endI <= end) continue;
      const own = announcement !== null && announcement[1] === name;
      if (own && announcement[2] === 'left') continue;
      report(own ? 'own-announcement' : 'broadcast-once', round.startI);
    }
  }

  // broadcast-order: two members' shows of two rounds, each participant's pair in one life that
  // still lasts when the fourth show is made.
  const byLife = new Map<string, { participant: string; end: number; shows: Map<Round, Show> }>();
  for (const show of shows) {
    if (!show.asMember) continue;
    const id = `${show.participant}/${show.life}`;
    let life = byLife.get(id);
    if (life === undefined) {
      life = { participant: show.participant, end: participants.get(show.participant)!.lifeEnds[show.life] ?? Infinity, shows: new Map() };
      byLife.set(id, life);
    }
    life.shows.set(show.round, show);
  }
  const lives = [...byLife.values()];
  for (const a of lives) {
    for (const b of lives) {
      if (a.participant >= b.participant) continue;
      const common = [...a.shows.keys()].filter((round) => b.shows.has(round));
      for (const first of common) {
        for (const second of common) {
          const [a1, a2, b1, b2] = [a.shows.get(first)!, a.shows.get(second)!, b.shows.get(first)!, b.shows.get(second)!];
          if (!(a1.i < a2.i && b2.i < b1.i)) continue;
          const last = Math.max(a2.i, b1.i);
          if (last < a.end && last < b.end) report('broadcast-order', a1.i, a2.i, b2.i, b1.i);
        }
      }
    }
  }
}
