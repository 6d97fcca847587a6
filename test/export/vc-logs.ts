/**
 * Logs of programs that keep vector clocks, as the tools that write ShiViz logs write them
 * (GoVector, ShiVector for Java, an Akka logger, TSViz, a TLA+ trace), made from a small seeded
 * simulation; and ShiViz's model of a log, written anew from ShiViz's parser and ModelGraph, to
 * compare the importer with. Nothing here is the importer's code.
 */
import fc from 'fast-check';

/** One event as a program logged it. */
export interface LoggedEvent {
  host: string;
  vc: Record<string, number>;
  text: string;
}

/** What a simulated step does. */
export type Step =
  | { host: number; action: 'local' }
  | { host: number; action: 'send'; to: number[] }
  | { host: number; action: 'receive'; count: 1 | 2 }
  | { host: number; action: 'relay'; to: number[] };

/**
 * Runs vector clocks through the steps: a send (to one host or several at once) carries the
 * sender's clock after its tick; a receive merges one or two waiting messages, then ticks; a relay
 * receives one and sends in the same event. Steps that cannot happen (nothing to receive) are local events.
 */
export function simulate(hostCount: number, steps: readonly Step[], names = (k: number) => `host${k}`): LoggedEvent[] {
  const clocks = Array.from({ length: hostCount }, () => new Array<number>(hostCount).fill(0));
  const inbox: { from: number; vc: number[]; id: number }[][] = Array.from({ length: hostCount }, () => []);
  const events: LoggedEvent[] = [];
  let ids = 0;
  const sparse = (clock: number[]) => Object.fromEntries(clock.flatMap((count, k) => (count > 0 ? [[names(k), count]] : [])));
  for (const step of steps) {
    const host = step.host % hostCount;
    const clock = clocks[host];
    const parts: string[] = [];
    const received: number[] = [];
    if ((step.action === 'receive' || step.action === 'relay') && inbox[host].length > 0) {
      const take = step.action === 'receive' ? Math.min(step.count, inbox[host].length) : 1;
      for (const message of inbox[host].splice(0, take)) {
        for (let k = 0; k < hostCount; k++) clock[k] = Math.max(clock[k], message.vc[k]);
        received.push(message.id);
      }
    }
    clock[host]++;
    if (received.length > 0) parts.push(`received ${received.map((id) => `m${id}`).join(' and ')}`);
    if ((step.action === 'send' || (step.action === 'relay' && received.length > 0)) && step.to.length > 0) {
      const targets = [...new Set(step.to.map((to) => to % hostCount))].filter((to) => to !== host);
      if (targets.length > 0) {
        const id = ids++;
        for (const to of targets) inbox[to].push({ from: host, vc: clock.slice(), id });
        parts.push(`sending m${id} to ${targets.map(names).join(', ')}`);
      }
    }
    events.push({ host: names(host), vc: sparse(clock), text: parts.length === 0 ? 'local work' : parts.join(', ') });
  }
  return events;
}

/** Steps for fast-check: any mix of local events, sends to one or several hosts, receives of one or two, relays. */
export function stepsArbitrary(hostCount: number, maxLength = 60): fc.Arbitrary<Step[]> {
  const host = fc.nat(hostCount - 1);
  const targets = fc.array(fc.nat(hostCount - 1), { minLength: 1, maxLength: hostCount });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ host, action: fc.constant('local' as const) }),
    fc.record({ host, action: fc.constant('send' as const), to: targets }),
    fc.record({ host, action: fc.constant('send' as const), to: targets }),
    fc.record({ host, action: fc.constant('receive' as const), count: fc.constantFrom(1 as const, 2 as const) }),
    fc.record({ host, action: fc.constant('receive' as const), count: fc.constant(1 as const) }),
    fc.record({ host, action: fc.constant('relay' as const), to: targets }),
  );
  return fc.array(step, { minLength: 1, maxLength });
}

/** A clock as the tools write it: JSON with a space after each comma, as GoVector does. */
export function clockText(vc: Record<string, number>): string {
  return `{${Object.entries(vc).map(([host, count]) => `"${host}":${count}`).join(', ')}}`;
}

/** GoVector: each process's own file (`host {clock}` then the event), the files concatenated. */
export function goVectorLog(events: readonly LoggedEvent[]): string {
  const hosts = [...new Set(events.map((event) => event.host))];
  return hosts.map((host) => events.filter((event) => event.host === host).map((event) => `${host} ${clockText(event.vc)}\n${event.text}\n`).join('')).join('');
}

/** ShiVector (Java, log4j): `[date class] LEVEL event` then `host {clock}`, in the order the events happened. */
export function shiVectorLog(events: readonly LoggedEvent[]): string {
  return events
    .map((event, k) => `[2024-03-01 10:00:${String(k % 60).padStart(2, '0')},${String(k).padStart(3, '0')} org.example.Node] ${k % 7 === 0 ? 'WARN' : 'INFO'} ${event.text}\n${event.host} ${clockText(event.vc)}  \n`)
    .join('');
}
/** The regular expression ShiViz's Voldemort example reads ShiVector logs with. */
export const SHIVECTOR_REGEX = String.raw`\[(?<date>\d{4}-\d{2}-\d{2} (\d{2}:){2}\d{2},\d{3}) (?<path>\S*)\] (?<priority>(INFO|WARN)) (?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** An Akka logger: one line per event, the clock inside the line. */
export function akkaLog(events: readonly LoggedEvent[]): string {
  return events.map((event, k) => `[INFO] [03/01/2024 10:00:00.${String(k).padStart(3, '0')}] [Sys-akka.actor.default-dispatcher-${k % 4}] [akka://Sys/user/${event.host}] ${JSON.stringify(event.vc).replace(/,/g, ', ')} ${event.text}\n`).join('');
}
/** The regular expression of ShiViz's reliable-broadcast example. */
export const AKKA_REGEX = String.raw`\[\w+\] \[(?<date>([^ ]+ [^ ]+))\] [^ ]+ \[akka://Sys/user/(?<host>\w+)\] (?<clock>.*\}) (?<event>.*)`;

/** TSViz: a timestamp and the event, then `host clock`. */
export function tsvizLog(events: readonly LoggedEvent[]): string {
  return events.map((event, k) => `${1700000000000000 + 137 * k} ${event.text}\n${event.host} ${JSON.stringify(event.vc)}\n`).join('');
}
export const TSVIZ_REGEX = String.raw`(?<timestamp>(\d*)) (?<event>.*)\n(?<host>\w*) (?<clock>.*)`;

/**
 * A TLA+ trace (TLC's error trace of a spec that keeps clocks): each state names its action, its
 * host and its clock as a TLA+ string (quotes escaped), then other variables; executions under
 * `=== NAME ===` lines, with TLC's chatter around.
 */
export function tlaLog(executions: readonly { name: string; events: readonly LoggedEvent[] }[]): string {
  return executions
    .map(({ name, events }) => {
      const states = events.map((event, k) => {
        const clock = JSON.stringify(event.vc).replace(/"/g, '\\"');
        return `State ${k + 2}: <Step line ${10 + k}, col 3 to line ${12 + k}, col 20 of module Spec>\n/\\ Host = ${event.host}\n/\\ Clock = "${clock}"\n/\\ active = ${k % 2 === 0 ? 'TRUE' : 'FALSE'}\n/\\ color = "white"\n/\\ counter = ${k}\n`;
      });
      return `=== ${name} ===\nTLC2 Version 2.16\nRunning Random Simulation with seed 42\nState 1: <Init line 1, col 1 to line 5, col 9 of module Spec>\n/\\ active = TRUE\n\n${states.join('\n')}\n`;
    })
    .join('\n');
}
export const TLA_REGEX = String.raw`^State [0-9]+: <(?<event>\w*) .*>\n\/\\ Host = (?<host>.*)\n\/\\ Clock = "(?<clock>.*)"\n\/\\ active = (?<active>.*)\n\/\\ color = (?<color>.*)\n\/\\ counter = (?<counter>.*)`;
export const TLA_DELIMITER = '^=== (?<trace>.*) ===$';

/** One entry of ShiViz's model: the event by host and own count, and its parents, `host:count`. */
export interface ModelEntry {
  host: string;
  own: number;
  clock: Record<string, number>;
  parents: string[];
}

/**
 * ShiViz's ModelGraph over entries (host and clock, in log order): per host, in own-count order,
 * an entry whose clock rises above the largest value seen on that host for another host names
 * that host's event as a candidate; candidates another candidate's clock names exactly are dropped.
 */
export function shivizModel(entries: readonly { host: string; clock: Record<string, number> }[]): ModelEntry[] {
  const model: ModelEntry[] = entries.map(({ host, clock }) => {
    const nonZero = Object.fromEntries(Object.entries(clock).filter(([, count]) => count !== 0));
    return { host, own: nonZero[host], clock: nonZero, parents: [] };
  });
  const byHost = new Map<string, ModelEntry[]>();
  for (const entry of model) byHost.set(entry.host, [...(byHost.get(entry.host) ?? []), entry]);
  for (const list of byHost.values()) list.sort((a, b) => a.own - b.own);
  for (const [host, list] of byHost) {
    const seen: Record<string, number> = {};
    for (const entry of list) {
      seen[host] = entry.own;
      const candidates: ModelEntry[] = [];
      for (const [other, count] of Object.entries(entry.clock)) {
        if (seen[other] === undefined || seen[other] < count) {
          seen[other] = count;
          candidates.push(byHost.get(other)![count - 1]);
        }
      }
      const kept = new Map(candidates.map((candidate) => [`${candidate.host}:${candidate.own}`, candidate]));
      for (const candidate of candidates) for (const [other, count] of Object.entries(candidate.clock)) if (other !== candidate.host) kept.delete(`${other}:${count}`);
      entry.parents = [...kept.keys()].sort();
    }
  }
  return model;
}

/**
 * ShiViz's verification of a model (ModelGraph's stepThroughAndVerify): the clocks are what the
 * events give, in a topological order of program order and parents: each event's clock is the
 * entry-wise maximum of its host's previous event's and its parents', with its own count. False
 * also when the parents make a cycle ("the log is intransitive").
 */
export function shivizVerifies(model: readonly ModelEntry[]): boolean {
  const key = (entry: ModelEntry) => `${entry.host}:${entry.own}`;
  const byKey = new Map(model.map((entry) => [key(entry), entry]));
  const before = (entry: ModelEntry) => [...entry.parents, ...(entry.own > 1 ? [`${entry.host}:${entry.own - 1}`] : [])].map((name) => byKey.get(name)!);
  const done = new Map<string, Record<string, number>>();
  const visiting = new Set<string>();
  let valid = true;
  const expected = (entry: ModelEntry): Record<string, number> => {
    const name = key(entry);
    const known = done.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) {
      valid = false;
      return {};
    }
    visiting.add(name);
    const clock: Record<string, number> = {};
    for (const earlier of before(entry)) for (const [host, count] of Object.entries(expected(earlier))) clock[host] = Math.max(clock[host] ?? 0, count);
    clock[entry.host] = entry.own;
    visiting.delete(name);
    done.set(name, clock);
    return clock;
  };
  for (const entry of model) {
    const clock = expected(entry);
    const hosts = new Set([...Object.keys(clock), ...Object.keys(entry.clock)]);
    if ([...hosts].some((host) => (clock[host] ?? 0) !== (entry.clock[host] ?? 0))) valid = false;
  }
  return valid;
}
