/**
 * What the differential test runs: simulated Chitty-Chat traces (every clock mode, with and
 * without faults), corrupted copies of them, and the comparison of `check` with the reference
 * checker on each.
 */
import { randomScenario } from '../../src/fuzz/generate.js';
import { CLOCK_MODE_NAMES } from '../../src/protocols/chitty-chat/clock-modes.js';
import { checkEvents } from '../../src/check/checker.js';
import { chittyChatRules } from '../../src/protocols/chitty-chat/rules/index.js';
import { Simulation } from '../../src/scenario/simulate.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/format.js';
import { MemoryTrace } from '../../src/trace/memory-trace.js';
import { withVectorClocks } from '../../src/trace/vector-clocks.js';
import { referenceCheck } from './reference-checker.js';

export const MODES = CLOCK_MODE_NAMES;

/** Which simulated run: clock mode, faults or not, and the fuzzer's scenario seed. */
export interface RunKey {
  mode: string;
  faults: boolean;
  seed: number;
}

const HEADER: TraceHeader = { format: 'chitty-sim-trace', version: 1, scenario: 'differential', seed: 0, clock: 'lamport' };
/** Recent traces, so that a corrupted run reuses its clean trace; bounded, for long runs. */
const cache = new Map<string, readonly TraceEvent[]>();
const CACHED_TRACES = 200;

/** The trace of a run drawn by the fuzzer's scenario generator, with vector clocks. */
export function simulatedTrace(key: RunKey): readonly TraceEvent[] {
  const id = `${key.mode}/${key.faults}/${key.seed}`;
  let events = cache.get(id);
  if (events === undefined) {
    const scenario = randomScenario(key.seed, key.mode, key.faults);
    const trace = new MemoryTrace(scenario.nodes);
    new Simulation(scenario, { sinks: [trace] }).run();
    events = withVectorClocks(trace.events(), scenario.nodes);
    if (cache.size === CACHED_TRACES) cache.delete(cache.keys().next().value!);
    cache.set(id, events);
  }
  return events;
}

/** One way of breaking a trace; `at` and `other` pick events, `value` picks a replacement. */
export interface Corruption {
  kind: (typeof CORRUPTION_KINDS)[number];
  at: number;
  other: number;
  value: number;
}

export const CORRUPTION_KINDS = [
  'delete',
  'duplicate',
  'swap-adjacent',
  'move',
  'lamport',
  'shows-text',
  'shows-other',
  'shows-delete',
  'shows-add',
  'log-text',
  'type',
  'type-delete',
  'peer',
  'node',
  'msg',
  'vc-entry',
  'vc-delete',
  'kind',
  'insert-crash',
  'insert-removal',
  'insert-leave',
  'log-text-edit',
  'announcement-suffix',
  'retry',
  'shows-long',
] as const;

const TYPES = ['JoinRequest', 'JoinReply', 'PublishRequest', 'PublishReply', 'BroadcastRequest', 'BroadcastReply', 'LeaveRequest', 'LeaveReply'];
const KINDS = ['send', 'receive', 'local', 'drop', 'crash', 'restart'] as const;

/** A copy of `events` with one corruption applied; events renumbered and their times kept in order. */
export function corrupt(events: readonly TraceEvent[], corruption: Corruption): TraceEvent[] {
  const copy: TraceEvent[] = events.map((event) => ({ ...event, vc: event.vc === undefined ? undefined : { ...event.vc } }));
  for (const event of copy) if (event.vc === undefined) delete event.vc;
  if (copy.length === 0) return copy;
  const n = copy.length;
  const at = corruption.at % n;
  const other = corruption.other % n;
  const value = corruption.value;
  const target = copy[at];
  const nodes = [...new Set(copy.map((event) => event.node))];
  const withShows = copy.filter((event) => event.shows !== undefined);
  const withMessage = copy.filter((event) => event.msg !== undefined);
  const messageTarget = withMessage.length === 0 ? target : withMessage[at % withMessage.length];
  switch (corruption.kind) {
    case 'delete':
      copy.splice(at, 1);
      break;
    case 'duplicate':
      copy.splice(Math.max(at, other) + 1, 0, { ...target });
      break;
    case 'swap-adjacent':
      if (at + 1 < n) [copy[at], copy[at + 1]] = [copy[at + 1], copy[at]];
      break;
    case 'move': {
      const [moved] = copy.splice(at, 1);
      copy.splice(other % copy.length, 0, moved);
      break;
    }
    case 'lamport':
      target.lamport = [0, target.lamport - 1, target.lamport + 1, value % 60][value % 4];
      break;
    case 'shows-text': {
      const shown = withShows.length === 0 ? target : withShows[at % withShows.length];
      const text = shown.shows ?? '';
      shown.shows = [text + 'x', text.slice(0, -1), text.replace(/\d+/, (digits) => String(Number(digits) + 1)), text.replace(/ said: /, ' said: !')][value % 4];
      break;
    }
    case 'shows-other': {
      if (withShows.length < 2) break;
      withShows[at % withShows.length].shows = withShows[other % withShows.length].shows;
      break;
    }
    case 'shows-delete':
      if (withShows.length > 0) delete withShows[at % withShows.length].shows;
      break;
    case 'shows-add':
      if (withShows.length > 0) target.shows = withShows[other % withShows.length].shows;
      break;
    case 'log-text':
      target.text = copy[other].text;
      break;
    case 'type':
      if (messageTarget.msg !== undefined) messageTarget.type = TYPES[value % TYPES.length];
      break;
    case 'type-delete':
      delete messageTarget.type;
      break;
    case 'peer':
      if (messageTarget.msg !== undefined) messageTarget.peer = nodes[value % nodes.length];
      break;
    case 'node':
      target.node = nodes[value % nodes.length];
      break;
    case 'msg':
      if (messageTarget.msg !== undefined) messageTarget.msg = value % 2 === 0 ? copy[other].msg ?? messageTarget.msg + 1 : messageTarget.msg + 1;
      break;
    case 'vc-entry': {
      const withVc = copy.filter((event) => event.vc !== undefined);
      const vc = withVc.length === 0 ? undefined : withVc[at % withVc.length].vc!;
      const name = nodes[value % nodes.length];
      // One entry one up or one down (never below 0).
      if (vc !== undefined) vc[name] = value % 2 === 0 ? (vc[name] ?? 0) + 1 : Math.max(0, (vc[name] ?? 0) - 1);
      break;
    }
    case 'vc-delete':
      delete target.vc;
      break;
    case 'kind': {
      const kind = KINDS[value % KINDS.length];
      target.kind = kind;
      if (kind === 'send' || kind === 'receive' || kind === 'drop') {
        target.msg ??= copy[other].msg ?? 0;
        target.peer ??= nodes[value % nodes.length];
      } else {
        delete target.msg;
        delete target.peer;
        delete target.type;
      }
      if (kind === 'drop') target.reason ??= 'loss';
      else delete target.reason;
      break;
    }
    case 'insert-crash': {
      const node = nodes[value % nodes.length];
      const lamport = copy.slice(0, at).reverse().find((event) => event.node === node)?.lamport ?? 0;
      const crash: TraceEvent = { i: 0, t: target.t, node, kind: 'crash', lamport, text: '' };
      copy.splice(at, 0, crash, { ...crash, kind: 'restart' });
      break;
    }
    case 'insert-removal': {
      const removed = nodes.filter((node) => node !== 'server')[value % Math.max(1, nodes.length - 1)] ?? 'nobody';
      copy.splice(at, 0, { i: 0, t: target.t, node: 'server', kind: 'local', lamport: 0, text: `Participant ${removed} is not responding: removed, lamport time: 0` });
      break;
    }
    case 'insert-leave': {
      const node = nodes.filter((name) => name !== 'server')[value % Math.max(1, nodes.length - 1)] ?? 'nobody';
      copy.splice(at, 0, { i: 0, t: target.t, node, kind: 'local', lamport: value % 300, text: `Leave Request sent, lamport time: ${value % 300}` });
      break;
    }
    case 'log-text-edit': {
      // Mostly one of the texts the promises read: a round's start, a join response, a leave, a removal.
      const read = copy.filter((event) => /^(BroadCast Request sent|Join response|Leave Request sent|Participant )/.test(event.text));
      const event = read.length > 0 && value % 3 !== 0 ? read[at % read.length] : target;
      event.text = [event.text + 'x', event.text.replace(/\d+$/, (digits) => digits + 'x'), event.text.replace(/, lamport time: \d+$/, ''), event.text.slice(1)][(value >> 2) % 4];
      break;
    }
    case 'announcement-suffix': {
      const plain = withShows.filter((event) => !/, lamport time: \d+$/.test(event.shows!));
      const event = plain.length === 0 ? undefined : plain[at % plain.length];
      if (event !== undefined) event.shows += `, lamport time: ${event.lamport}`;
      break;
    }
    case 'shows-long': {
      // A chat message of 128 or 129 code points, at one member or at every member that showed it.
      const chat = withShows.filter((event) => / said: .*, lamport time: \d+$/.test(event.shows!));
      if (chat.length === 0) break;
      const original = chat[at % chat.length].shows!.replace(/, lamport time: \d+$/, '');
      const long = original.replace(/ said: .*$/, ' said: ' + '🍓'.repeat(128 + (value % 2)));
      for (const event of value % 4 < 2 ? chat.filter((candidate) => candidate.shows!.startsWith(original + ', lamport time: ')) : [chat[at % chat.length]]) {
        event.shows = event.shows!.replace(original, long);
      }
      break;
    }
    case 'retry': {
      const requests = copy.filter((event) => event.kind === 'send' && event.type === 'BroadcastRequest');
      const event = requests.length === 0 ? undefined : requests[at % requests.length];
      if (event !== undefined) event.text = event.text.replace(/(, lamport time: \d+)?$/, (suffix) => ` (attempt ${2 + (value % 2)})${suffix}`);
      break;
    }
  }
  let time = 0;
  copy.forEach((event, index) => {
    event.i = index;
    time = Math.max(time, event.t);
    event.t = time;
  });
  return copy;
}

const CLOCK_RULE_IDS = new Set(['process-order', 'receive-after-send', 'message-match', 'vector-clock']);

/** What a violation is compared by: a clock rule with the event it is reported at, a promise by its rule alone. */
function key(rule: string, events: readonly number[]): string {
  return CLOCK_RULE_IDS.has(rule) ? `${rule}@${Math.max(...events)}` : rule;
}

/** The verdicts of both checkers on `events`, and where they differ. */
export function compare(events: readonly TraceEvent[], interrupted = false): { check: string[]; reference: string[]; onlyCheck: string[]; onlyReference: string[] } {
  // Windows as large as the trace: the reference has none.
  const rules = [chittyChatRules({ openRounds: events.length + 1 })];
  const result = checkEvents(HEADER, events, { rules, interrupted, maxViolations: 1e9, duplicateWindowMessages: events.length + 1 });
  const fromCheck = [...new Set(result.violations.map((violation) => key(violation.rule, violation.events.map((event) => event.i))))].sort();
  const fromReference = [...new Set(referenceCheck(events, { interrupted }).map((violation) => key(violation.rule, violation.events)))].sort();
  return {
    check: fromCheck,
    reference: fromReference,
    onlyCheck: fromCheck.filter((entry) => !fromReference.includes(entry)),
    onlyReference: fromReference.filter((entry) => !fromCheck.includes(entry)),
  };
}
