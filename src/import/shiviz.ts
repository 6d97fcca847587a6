/**
 * Reads a ShiViz log (from `chitty-sim export --format shiviz`, or from a program instrumented with
 * GoVector and the like) into a trace: a header and events in a causally consistent order, so that
 * the diagram and the checker read it as they read a simulator's trace. Pure: the caller reads the
 * file.
 *
 * Layouts: ShiViz's default, an event line then `host {clock}`; GoVector's, `host {clock}` then
 * the event line. A first line holding a regular expression (as an uploaded ShiViz file and
 * GoVector's merged log have) names the layout, and an empty second line (the delimiter of
 * multiple executions) is skipped; without one, the layout is told from the first line. Blank lines
 * between entries are skipped. Any other regular expression is applied as ShiViz applies it.
 *
 * Messages are found as ShiViz finds them: an event whose entry for another host jumps (is higher
 * than on the host's previous event) received a message from that host's event with that count,
 * unless another such event already knew it. Logs that chitty-sim exported carry every field of
 * their events on the event line; they are restored exactly (lost messages included) when those
 * fields agree with the vector clocks.
 */
import type { TraceEvent, TraceHeader } from '../trace/format.js';
import { TraceFormatError } from '../trace/read.js';
import { compareVectorClocks, type VectorClock } from '../trace/vector-clocks.js';
import { parseShivizEventLine, SHIVIZ_DEFAULT_REGEX, type ShivizEventNote } from '../export/shiviz.js';

/** GoVector's layout: the clock line first. */
export const GOVECTOR_REGEX = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

/** What {@link readShivizLog} returns: what `readTrace` returns, and how the events were made. */
export interface ShivizTrace {
  header: TraceHeader;
  events: TraceEvent[];
  /** A ShiViz log is never an interrupted run. */
  interrupted: false;
  /** The hosts, in order of first appearance in the log. */
  hosts: string[];
  /**
   * True when the log is a chitty-sim export whose event lines were restored exactly (kinds,
   * message ids, Lamport and virtual times, lost messages); false when the events come from the
   * vector clocks alone.
   */
  restored: boolean;
}

/** One entry of the log. */
interface Entry {
  host: string;
  vc: Map<string, number>;
  event: string;
  /** Line of the clock (where ShiViz reports clock errors). */
  line: number;
  /** Own entry of the clock. */
  own: number;
  /** Parents on other hosts (the events it received from), as entry positions. */
  parents: number[];
  children: number[];
  /** Position of the previous event of the same host, or -1. */
  previous: number;
  /** Lamport time computed from the causal graph. */
  lamport: number;
  note: ShivizEventNote | undefined;
}

const REGEX_LINE = /\(\?<(?:event|host|clock)>/;
const CLOCK_LINE = /^(\S*) (\{.*\})\s*$/;
/** Clocks from 2^53 up cannot be counted exactly. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

function sameRegex(line: string, regex: string): boolean {
  return line.trim() === regex;
}

/**
 * Reads a ShiViz log.
 *
 * Lamport times: the event line's `L<n>` for chitty-sim exports; otherwise computed from the
 * causal graph (1 + the largest of the host's previous event and the events it received from),
 * the clocks a correct Lamport implementation would have logged. Virtual times: the event line's
 * `@<t>ms` for chitty-sim exports, otherwise 0 (a ShiViz log has no physical time).
 *
 * @param text - the whole log.
 * @param name - the trace header's `scenario` (default "ShiViz log").
 * @returns a header (seed 0, clock "unknown") and the events, ordered by virtual time and then
 *   by Lamport time, which respects happens-before.
 * @throws TraceFormatError naming the line of the first problem: a clock line that is not
 *   `host {json}`, a clock without its host's entry, own entries that do not count 1, 2, 3, ...,
 *   an entry for an unknown host or beyond its events, entries that go down, clocks that do not
 *   follow from the events they name, or a cycle.
 */
export function readShivizLog(text: string, name = 'ShiViz log'): ShivizTrace {
  const entries = parseEntries(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (entries.length === 0) throw new TraceFormatError(Math.max(1, text.split('\n').length), '', 'no events: expected an event line and a `host {vector clock}` line');
  const hosts = checkHosts(entries);
  findParents(entries, hosts);
  const topological = causalOrder(entries);
  checkClocks(entries, topological);
  const restored = restorable(entries);
  const events = restored ? restoredEvents(entries, hosts) : matchedEvents(entries, hosts);
  return {
    header: { format: 'chitty-sim-trace', version: 1, scenario: name, seed: 0, clock: 'unknown' },
    events,
    interrupted: false,
    hosts: [...hosts.keys()],
    restored,
  };
}

// --- reading entries -----------------------------------------------------------------------------

function parseEntries(text: string): Entry[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  let start = 0;
  let layout: 'event-first' | 'host-first' | undefined;
  // A first line with a named group is the parsing regex, unless it is an event or clock line itself.
  if (lines.length > 0 && REGEX_LINE.test(lines[0]) && !CLOCK_LINE.test(lines[0]) && parseShivizEventLine(lines[0]) === undefined) {
    if (sameRegex(lines[0], SHIVIZ_DEFAULT_REGEX)) layout = 'event-first';
    else if (sameRegex(lines[0], GOVECTOR_REGEX)) layout = 'host-first';
    else return parseWithRegex(lines);
    start = 1;
    if (lines.length > 1 && lines[1].trim() === '') start = 2;
  }
  if (layout === undefined) {
    const first = lines.findIndex((line) => line.trim() !== '');
    layout = first >= 0 && CLOCK_LINE.test(lines[first]) ? 'host-first' : 'event-first';
  }
  const entries: Entry[] = [];
  let pendingEvent: { text: string; line: number } | undefined;
  let pendingClock: { host: string; vc: Map<string, number>; own: number; line: number } | undefined;
  for (let k = start; k < lines.length; k++) {
    const line = lines[k];
    const n = k + 1;
    if (layout === 'event-first') {
      if (pendingEvent === undefined) {
        if (line.trim() === '') continue;
        // A clock line where an event was due is an entry with an empty event, as for ShiViz.
        if (CLOCK_LINE.test(line)) entries.push(entry('', parseClockLine(line, n)));
        else pendingEvent = { text: line, line: n };
      } else {
        if (!CLOCK_LINE.test(line)) {
          throw new TraceFormatError(n, 'clock', `expected \`host {vector clock}\` after the event on line ${pendingEvent.line}, found ${preview(line)}`);
        }
        entries.push(entry(pendingEvent.text, parseClockLine(line, n)));
        pendingEvent = undefined;
      }
    } else if (pendingClock === undefined) {
      if (line.trim() === '') continue;
      if (!CLOCK_LINE.test(line)) throw new TraceFormatError(n, 'clock', `expected \`host {vector clock}\` (the layout of this log puts the clock line first), found ${preview(line)}`);
      pendingClock = parseClockLine(line, n);
    } else {
      entries.push(entry(line, pendingClock));
      pendingClock = undefined;
    }
  }
  if (pendingEvent !== undefined) throw new TraceFormatError(pendingEvent.line + 1, 'clock', `the log ends after the event on line ${pendingEvent.line}; expected \`host {vector clock}\``);
  // GoVector's clock line may end the file with the event line missing: an empty event.
  if (pendingClock !== undefined) entries.push(entry('', pendingClock));
  return entries;
}

/** A log with its own regular expression: applied as ShiViz applies it (text it does not match is skipped). */
function parseWithRegex(lines: string[]): Entry[] {
  let regex: RegExp;
  try {
    regex = new RegExp(lines[0], 'gm');
  } catch (error) {
    throw new TraceFormatError(1, 'regex', `the first line is not a valid regular expression (${(error as Error).message})`);
  }
  for (const group of ['event', 'host', 'clock']) {
    if (!new RegExp(String.raw`\(\?<${group}>`).test(lines[0])) throw new TraceFormatError(1, 'regex', `the regular expression has no (?<${group}>...) group; ShiViz needs event, host and clock`);
  }
  const start = lines.length > 1 && lines[1].trim() === '' ? 2 : 1;
  const body = lines.slice(start).join('\n');
  const entries: Entry[] = [];
  let match: RegExpExecArray | null;
  let newlinesBefore = 0;
  let counted = 0;
  while ((match = regex.exec(body)) !== null) {
    if (match[0] === '') {
      regex.lastIndex++;
      continue;
    }
    for (; counted < match.index; counted++) if (body.charCodeAt(counted) === 10) newlinesBefore++;
    const groups = match.groups ?? {};
    const clockOffset = match[0].indexOf(groups.clock ?? '');
    let clockLine = start + newlinesBefore + 1;
    for (let j = 0; j < clockOffset; j++) if (match[0].charCodeAt(j) === 10) clockLine++;
    const host = groups.host ?? '';
    entries.push(entry(groups.event ?? '', parseClock(host, groups.clock ?? '', clockLine)));
  }
  if (entries.length === 0) throw new TraceFormatError(1, 'regex', 'the regular expression on the first line matches no event in the log');
  return entries;
}

function preview(line: string): string {
  return line.trim() === '' ? 'an empty line' : JSON.stringify(line.length > 60 ? line.slice(0, 60) + '…' : line);
}

function parseClockLine(line: string, n: number): { host: string; vc: Map<string, number>; own: number; line: number } {
  const [, host, clock] = CLOCK_LINE.exec(line)!;
  return parseClock(host, clock, n);
}

function parseClock(host: string, clock: string, n: number): { host: string; vc: Map<string, number>; own: number; line: number } {
  if (host === '') throw new TraceFormatError(n, 'host', 'missing: a clock line is `host {vector clock}`');
  let value: unknown;
  try {
    value = JSON.parse(clock);
  } catch (error) {
    throw new TraceFormatError(n, 'clock', `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(n, 'clock', 'must be a JSON object of host to count');
  const vc = new Map<string, number>();
  for (const [key, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
      throw new TraceFormatError(n, `clock.${key}`, `must be a whole number from 0, found ${JSON.stringify(count)}`);
    }
    // Zero entries say nothing; ShiViz drops them too.
    if (count > 0) vc.set(key, count);
  }
  const own = vc.get(host);
  if (own === undefined) throw new TraceFormatError(n, 'clock', `has no entry for its own host ${JSON.stringify(host)} (ShiViz: the local host is missing from the timestamp)`);
  return { host, vc, own, line: n };
}

function entry(event: string, clock: { host: string; vc: Map<string, number>; own: number; line: number }): Entry {
  return { ...clock, event, parents: [], children: [], previous: -1, lamport: 0, note: undefined };
}

// --- ShiViz's rules -----------------------------------------------------------------------------

/** Each host's entries by own count, checked to be 1, 2, 3, ... as ShiViz demands. */
function checkHosts(entries: Entry[]): Map<string, number[]> {
  const hosts = new Map<string, number[]>();
  entries.forEach((item, position) => {
    let list = hosts.get(item.host);
    if (list === undefined) hosts.set(item.host, (list = []));
    list.push(position);
  });
  for (const [host, list] of hosts) {
    list.sort((a, b) => entries[a].own - entries[b].own || entries[a].line - entries[b].line);
    list.forEach((position, k) => {
      const item = entries[position];
      if (item.own === k + 1) {
        if (k > 0) item.previous = list[k - 1];
        return;
      }
      if (k === 0) throw new TraceFormatError(item.line, `clock.${host}`, `the first event of ${host} has its own entry ${item.own}; ShiViz needs each host to count from 1`);
      const before = entries[list[k - 1]];
      if (before.own === item.own) {
        const [first, second] = before.line < item.line ? [before, item] : [item, before];
        throw new TraceFormatError(second.line, `clock.${host}`, `${host} has two events with its own entry ${item.own} (lines ${first.line} and ${second.line})`);
      }
      throw new TraceFormatError(item.line, `clock.${host}`, `${host}'s own entry goes from ${before.own} (line ${before.line}) to ${item.own}; ShiViz needs it to rise by exactly 1`);
    });
  }
  return hosts;
}

/** ShiViz's parents: entries that jump, less those another jumping entry's event already knew. */
function findParents(entries: Entry[], hosts: Map<string, number[]>): void {
  for (const [host, list] of hosts) {
    let known = new Map<string, number>();
    for (const position of list) {
      const item = entries[position];
      const candidates: number[] = [];
      for (const [other, count] of known) {
        if (other !== host && (item.vc.get(other) ?? 0) < count) {
          throw new TraceFormatError(item.line, `clock.${other}`, `the entry for ${other} goes down from ${count} (line ${entries[item.previous].line}) to ${item.vc.get(other) ?? 0}`);
        }
      }
      for (const [other, count] of item.vc) {
        if (other === host) continue;
        const theirs = hosts.get(other);
        if (theirs === undefined) throw new TraceFormatError(item.line, `clock.${other}`, `${other} is not a host of this log (no event of it has a clock line)`);
        if (count > theirs.length) throw new TraceFormatError(item.line, `clock.${other}`, `${other} has ${theirs.length} event${theirs.length === 1 ? '' : 's'}, so its entry cannot be ${count}`);
        if (count > (known.get(other) ?? 0)) candidates.push(theirs[count - 1]);
      }
      const covered = new Set<number>();
      for (const candidate of candidates) {
        for (const [other, count] of entries[candidate].vc) {
          if (other !== entries[candidate].host) covered.add(hosts.get(other)?.[count - 1] ?? -1);
        }
      }
      for (const candidate of candidates) {
        if (covered.has(candidate)) continue;
        item.parents.push(candidate);
        entries[candidate].children.push(position);
      }
      known = item.vc;
    }
  }
}

/** A topological order of the entries (Kahn), with Lamport times; a cycle is an error. */
function causalOrder(entries: Entry[]): number[] {
  const waiting = entries.map((item) => item.parents.length + (item.previous >= 0 ? 1 : 0));
  const next = new Map<number, number>();
  entries.forEach((item, position) => {
    if (item.previous >= 0) next.set(item.previous, position);
  });
  const ready = entries.map((_, position) => position).filter((position) => waiting[position] === 0);
  const order: number[] = [];
  while (ready.length > 0) {
    const position = ready.pop()!;
    order.push(position);
    const item = entries[position];
    let lamport = item.previous >= 0 ? entries[item.previous].lamport : 0;
    for (const parent of item.parents) lamport = Math.max(lamport, entries[parent].lamport);
    item.lamport = lamport + 1;
    const successors = [...item.children];
    const following = next.get(position);
    if (following !== undefined) successors.push(following);
    for (const successor of successors) if (--waiting[successor] === 0) ready.push(successor);
  }
  if (order.length < entries.length) {
    const stuck = entries.filter((_, position) => waiting[position] > 0).reduce((a, b) => (a.line <= b.line ? a : b));
    throw new TraceFormatError(stuck.line, 'clock', 'the vector clocks make a cycle: this event would happen before itself (ShiViz: the log is intransitive)');
  }
  return order;
}

/** Every clock must be what its host's previous event and its parents give (ShiViz's verification). */
function checkClocks(entries: Entry[], order: number[]): void {
  for (const position of order) {
    const item = entries[position];
    const expected = new Map<string, number>(item.previous >= 0 ? entries[item.previous].vc : []);
    for (const parent of item.parents) {
      for (const [host, count] of entries[parent].vc) if (count > (expected.get(host) ?? 0)) expected.set(host, count);
    }
    expected.set(item.host, item.own);
    const same = expected.size === item.vc.size && [...expected].every(([host, count]) => item.vc.get(host) === count);
    if (!same) {
      throw new TraceFormatError(item.line, 'clock', `does not follow from the events it names: the host's previous event and the events it received from give ${mapJson(expected)}`);
    }
  }
}

function mapJson(vc: Map<string, number>): string {
  return `{${[...vc].map(([host, count]) => `${JSON.stringify(host)}:${count}`).join(',')}}`;
}

function vectorClock(vc: Map<string, number>): VectorClock {
  return Object.fromEntries(vc);
}

// --- events -------------------------------------------------------------------------------------

/** Host index, for a stable order of concurrent events. */
function hostRank(hosts: Map<string, number[]>): Map<string, number> {
  return new Map([...hosts.keys()].map((host, k) => [host, k]));
}

/** Events from the vector clocks alone (a log from another tool). */
function matchedEvents(entries: Entry[], hosts: Map<string, number[]>): TraceEvent[] {
  const rank = hostRank(hosts);
  const order = entries
    .map((_, position) => position)
    .sort((a, b) => entries[a].lamport - entries[b].lamport || rank.get(entries[a].host)! - rank.get(entries[b].host)! || entries[a].own - entries[b].own);
  // Message ids in order of their sends; one id per event that others received from.
  const msgOf = new Map<number, number>();
  const rankOf = new Map<number, number>();
  order.forEach((position, k) => {
    rankOf.set(position, k);
    if (entries[position].children.length > 0) msgOf.set(position, msgOf.size);
  });
  return order.map((position, i) => {
    const item = entries[position];
    const event: TraceEvent = { i, t: 0, node: item.host, kind: 'local', lamport: item.lamport, vc: vectorClock(item.vc), text: item.event };
    if (item.parents.length > 0) {
      // An event with several parents (not a message exchange) keeps the others in its clock only.
      const parent = item.parents[0];
      event.kind = 'receive';
      event.msg = msgOf.get(parent)!;
      event.peer = entries[parent].host;
    } else if (item.children.length > 0) {
      event.kind = 'send';
      event.msg = msgOf.get(position)!;
      // A message received by several hosts is sent to the first (its id is shared by all).
      event.peer = entries[item.children.reduce((a, b) => (rankOf.get(a)! <= rankOf.get(b)! ? a : b))].host;
    }
    return event;
  });
}

/**
 * Whether the log is a chitty-sim export whose notes agree with its clocks: every event line reads
 * back, every ShiViz message is a send and a receive of one id between the right hosts, every
 * receive's send happened before it, and virtual time never goes back along happens-before.
 */
function restorable(entries: Entry[]): boolean {
  for (const item of entries) {
    item.note = parseShivizEventLine(item.event);
    if (item.note === undefined) return false;
  }
  const sends = new Map<number, Entry>();
  for (const item of entries) {
    const note = item.note!;
    if ((note.kind === 'send' || note.kind === 'receive') !== (note.msg !== undefined && note.peer !== undefined)) return false;
    if (note.peer === item.host) return false;
    if (note.kind === 'send') {
      if (sends.has(note.msg!)) return false;
      sends.set(note.msg!, item);
    } else if (note.drops.length > 0) return false;
  }
  for (const item of entries) {
    const note = item.note!;
    if (item.previous >= 0 && entries[item.previous].note!.tMs > note.tMs) return false;
    for (const parent of item.parents) {
      const sent = entries[parent].note!;
      if (sent.tMs > note.tMs) return false;
      if (sent.kind !== 'send' || note.kind !== 'receive' || sent.msg !== note.msg || sent.peer !== item.host || note.peer !== entries[parent].host) return false;
    }
    if (note.kind === 'receive') {
      const send = sends.get(note.msg!);
      if (send === undefined || send.host !== note.peer || send.note!.peer !== item.host) return false;
      if (compareVectorClocks(vectorClock(send.vc), vectorClock(item.vc)) !== 'before') return false;
    }
    for (const drop of note.drops) if (drop.tMs < note.tMs) return false;
  }
  return true;
}

/** Events exactly as a chitty-sim export wrote them, lost messages included. */
function restoredEvents(entries: Entry[], hosts: Map<string, number[]>): TraceEvent[] {
  const rank = hostRank(hosts);
  interface Slot {
    tMs: number;
    lamport: number;
    host: number;
    own: number;
    event: TraceEvent;
  }
  const slots: Slot[] = [];
  for (const item of entries) {
    const note = item.note!;
    const event: TraceEvent = { i: 0, t: note.tMs, node: item.host, kind: note.kind, lamport: note.lamport, vc: vectorClock(item.vc), text: note.text };
    if (note.msg !== undefined) event.msg = note.msg;
    if (note.peer !== undefined) event.peer = note.peer;
    if (note.type !== undefined) event.type = note.type;
    if (note.shows !== undefined) event.shows = note.shows;
    if (note.mark !== undefined) event.mark = note.mark;
    const host = rank.get(item.host)!;
    slots.push({ tMs: note.tMs, lamport: item.lamport, host, own: item.own, event });
    note.drops.forEach((drop, k) => {
      // A drop happens on the receiver, after its send: it sorts just after the send's Lamport time.
      const lost: TraceEvent = { i: 0, t: drop.tMs, node: note.peer!, kind: 'drop', lamport: drop.lamport, msg: note.msg, peer: item.host, text: '', reason: drop.reason };
      if (note.type !== undefined) lost.type = note.type;
      slots.push({ tMs: drop.tMs, lamport: item.lamport + 0.5, host, own: item.own + (k + 1) / (note.drops.length + 1), event: lost });
    });
  }
  slots.sort((a, b) => a.tMs - b.tMs || a.lamport - b.lamport || a.host - b.host || a.own - b.own);
  return slots.map((slot, i) => ({ ...slot.event, i }));
}
