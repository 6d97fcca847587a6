/**
 * Clock modes: how a node's code computes its Lamport times. `lamport` is correct; `report` is the
 * student implementation of the report, bug included; the rest are mistakes real implementations
 * of the assignment make, for teaching and for testing the checker.
 */

/** The rules a clock mode applies. Every field is one way of getting clocks right or wrong. */
export interface ClockMode {
  name: string;
  /** One line: what the mode does and what goes wrong. */
  summary: string;
  /** A participant keeps one clock for its calls and another for the broadcasts it serves (the report). */
  splitParticipantClock: boolean;
  /** The leave path exactly as the report writes it (a silent tick, no merges, no tick before the Leave call). */
  reportLeavePath: boolean;
  /** A participant's receive rule. */
  participantReceive: (own: number, carried: number) => number;
  /** The server's receive rule for replies to its broadcasts. */
  serverReceive: (own: number, carried: number) => number;
  /** The server's receive rule for participants' requests (Join, Publish, Leave). */
  serverRequestReceive: (own: number, carried: number) => number;
  /** The logged (and recorded) time is the value before the tick rather than after. */
  logBeforeTick: boolean;
  /** The server broadcasts publishes concurrently instead of one at a time. */
  concurrentBroadcasts: boolean;
  /** A node keeps its Lamport clock across a crash (stored durably) rather than starting again at 0. */
  keepsClockAcrossCrash: boolean;
}

const lamportMerge = (own: number, carried: number): number => (carried > own ? carried : own) + 1;
const mergeWithoutIncrement = (own: number, carried: number): number => (carried > own ? carried : own);
const ignoreCarried = (own: number): number => own + 1;

const lamport: ClockMode = {
  name: 'lamport',
  summary: 'Correct: one clock per process; +1 on every send and local event, max(own, received) + 1 on every receive.',
  splitParticipantClock: false,
  reportLeavePath: false,
  participantReceive: lamportMerge,
  serverReceive: lamportMerge,
  serverRequestReceive: lamportMerge,
  logBeforeTick: false,
  concurrentBroadcasts: false,
  keepsClockAcrossCrash: true,
};

/** Every clock mode, `lamport` first. */
export const CLOCK_MODES: readonly ClockMode[] = [
  lamport,
  {
    ...lamport,
    name: 'report',
    summary: "The report's implementation: two clocks per participant (calls and broadcasts), so its time can go backwards; the leave path skips merges.",
    splitParticipantClock: true,
    reportLeavePath: true,
    keepsClockAcrossCrash: false,
  },
  {
    ...lamport,
    name: 'no-merge',
    summary: 'Participants never merge received times (+1 only), so a reply or broadcast can carry a later time than the receive.',
    participantReceive: ignoreCarried,
  },
  {
    ...lamport,
    name: 'merge-no-increment',
    summary: 'Every receive takes max(own, received) without the +1, so a receive can equal its send.',
    participantReceive: mergeWithoutIncrement,
    serverReceive: mergeWithoutIncrement,
    serverRequestReceive: mergeWithoutIncrement,
  },
  {
    ...lamport,
    name: 'server-ignores-client',
    summary: "The server ignores the participant's time on requests (+1 only), so a request can arrive 'before' it was sent.",
    serverRequestReceive: ignoreCarried,
  },
  {
    ...lamport,
    name: 'concurrent-broadcast',
    summary: "The server's broadcasts of different publishes run concurrently, so members can see messages in different orders.",
    concurrentBroadcasts: true,
  },
  {
    ...lamport,
    name: 'log-before-tick',
    summary: 'Every node logs its time before the tick rather than after, so a receive is logged with a time not above its send.',
    logBeforeTick: true,
  },
];

/** The names accepted by `clock:` and `--clock`. */
export const CLOCK_MODE_NAMES: readonly string[] = CLOCK_MODES.map((mode) => mode.name);

/** Looks up a mode by name. */
export function clockMode(name: string): ClockMode | undefined {
  return CLOCK_MODES.find((mode) => mode.name === name);
}

/**
 * One Lamport clock register. `tick` and `receive` update it and return the value to log, which is
 * the new value, or the old one under `logBeforeTick`; the value a message carries is `value`.
 */
export class LamportClock {
  value = 0;
  constructor(private readonly logBeforeTick: boolean) {}

  tick(): number {
    const before = this.value;
    this.value = before + 1;
    return this.logBeforeTick ? before : this.value;
  }

  receive(rule: (own: number, carried: number) => number, carried: number): number {
    const before = this.value;
    this.value = rule(before, carried);
    return this.logBeforeTick ? before : this.value;
  }
}
