/**
 * ShiViz's model of a log (js/model/modelGraph.js): each host's events in the order of their own
 * clock entry, and a message edge wherever an event's entry for another host rises beyond every
 * entry for that host the event's host had seen, from that host's event with that count, unless
 * another such event already knew it. An event can have several such parents (it received several
 * messages) and several children (what it sent reached several hosts). Pure.
 *
 * What ShiViz refuses is refused here (an error naming the line): own entries that do not count
 * 1, 2, 3, ...; an entry for a host with no events, or beyond that host's events. What ShiViz
 * opens but no correct vector clocks give (an entry that goes down along a host, a clock that does
 * not follow from its parents, clocks that make a cycle) is kept, for the checker to report.
 */
import { TraceFormatError } from '../trace/read.js';
import type { LogEntry } from './shiviz-entries.js';

/** An entry with its place in the model. */
export interface GraphEntry extends LogEntry {
  /** The entries it received from (on other hosts), as positions. */
  parents: number[];
  children: number[];
  /** The position of the previous event of the same host, or -1. */
  previous: number;
  /** Lamport time from the model: 1 + the largest of its previous event's and its parents'. */
  lamport: number;
}

/** The model of one execution. */
export interface ShivizGraph {
  entries: GraphEntry[];
  /** Each host's entries by own count, hosts in order of first appearance in the log. */
  hosts: Map<string, number[]>;
  /**
   * Every entry in an order that puts each after its previous event and its parents, except that
   * where the clocks make a cycle, the earliest entry of the cycle in the log goes first.
   */
  order: number[];
  /** The entries placed before a parent because of a cycle. */
  cycles: number[];
}

/** ShiViz's model of one execution's entries. @throws TraceFormatError for what ShiViz refuses. */
export function buildGraph(logEntries: readonly LogEntry[]): ShivizGraph {
  const entries: GraphEntry[] = logEntries.map((entry) => ({ ...entry, parents: [], children: [], previous: -1, lamport: 0 }));
  const hosts = hostsOf(entries);
  findParents(entries, hosts);
  const { order, cycles } = causalOrder(entries);
  return { entries, hosts, order, cycles };
}

/** Each host's entries by own count, checked to be 1, 2, 3, ... as ShiViz demands. */
function hostsOf(entries: GraphEntry[]): Map<string, number[]> {
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

/**
 * ShiViz's parents: along each host, the entries that rise above the largest seen so far on that
 * host name candidates; a candidate that another candidate's clock names exactly is dropped.
 */
function findParents(entries: GraphEntry[], hosts: Map<string, number[]>): void {
  for (const [host, list] of hosts) {
    const seen = new Map<string, number>();
    for (const position of list) {
      const item = entries[position];
      const candidates: number[] = [];
      for (const [other, count] of item.vc) {
        if (other === host || count <= (seen.get(other) ?? 0)) continue;
        seen.set(other, count);
        const theirs = hosts.get(other);
        if (theirs === undefined) throw new TraceFormatError(item.line, `clock.${other}`, `${other} is not a host of this log (no event of it has a clock line)`);
        if (count > theirs.length) throw new TraceFormatError(item.line, `clock.${other}`, `${other} has ${theirs.length} event${theirs.length === 1 ? '' : 's'}, so its entry cannot be ${count}`);
        candidates.push(theirs[count - 1]);
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
    }
  }
}

/**
 * A causal order (Kahn's), with Lamport times. When the clocks make a cycle, the entry of the
 * cycle that comes first in the log (among those whose host's previous event is placed) is placed
 * before its missing parents, and the order goes on.
 */
function causalOrder(entries: GraphEntry[]): { order: number[]; cycles: number[] } {
  const waiting = entries.map((item) => item.parents.length + (item.previous >= 0 ? 1 : 0));
  const placed = new Array<boolean>(entries.length).fill(false);
  const next = new Map<number, number>();
  entries.forEach((item, position) => {
    if (item.previous >= 0) next.set(item.previous, position);
  });
  const ready = entries.map((_, position) => position).filter((position) => waiting[position] === 0);
  const order: number[] = [];
  const cycles: number[] = [];
  while (order.length < entries.length) {
    if (ready.length === 0) {
      const stuck = entries
        .map((_, position) => position)
        .filter((position) => !placed[position] && (entries[position].previous < 0 || placed[entries[position].previous]))
        .reduce((a, b) => (entries[a].line <= entries[b].line ? a : b));
      cycles.push(stuck);
      ready.push(stuck);
    }
    const position = ready.pop()!;
    if (placed[position]) continue;
    placed[position] = true;
    order.push(position);
    const item = entries[position];
    let lamport = item.previous >= 0 ? entries[item.previous].lamport : 0;
    for (const parent of item.parents) if (placed[parent]) lamport = Math.max(lamport, entries[parent].lamport);
    item.lamport = lamport + 1;
    const successors = [...item.children];
    const following = next.get(position);
    if (following !== undefined) successors.push(following);
    for (const successor of successors) if (--waiting[successor] === 0 && !placed[successor]) ready.push(successor);
  }
  return { order, cycles };
}
