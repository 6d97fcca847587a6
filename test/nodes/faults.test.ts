import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';

function eventsOf(scenario: Scenario, options: { seed?: number; clock?: string } = {}): TraceEvent[] {
  return runToText(scenario, options).memory.events();
}

describe('faults', () => {
  it('a lost message is a drop with reason loss, and its id never arrives', () => {
    const events = eventsOf(loadScenarioFile('faults-loss.yaml'));
    const drops = events.filter((event) => event.kind === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      expect(drop.reason).toBe('loss');
      expect(events.some((event) => event.kind === 'send' && event.msg === drop.msg && event.node === drop.peer)).toBe(true);
      expect(events.some((event) => event.kind === 'receive' && event.msg === drop.msg)).toBe(false);
    }
  });

  it('a duplicate is a second receive of the same id, and is not shown twice', () => {
    const events = eventsOf(loadScenarioFile('faults-loss.yaml'));
    const receives = new Map<number, number>();
    for (const event of events) if (event.kind === 'receive') receives.set(event.msg!, (receives.get(event.msg!) ?? 0) + 1);
    expect([...receives.values()].some((count) => count === 2)).toBe(true);
    for (const node of ['1111', '2222']) {
      const shown = events.filter((event) => event.node === node && event.shows).map((event) => event.shows!.replace(/, lamport time: \d+$/, ''));
      expect(new Set(shown).size).toBe(shown.length);
    }
  });

  it('a partition or block drops messages with reason partition, and failure detection announces the leave', () => {
    const events = eventsOf(loadScenarioFile('faults-partition.yaml'));
    expect(events.some((event) => event.kind === 'drop' && event.reason === 'partition')).toBe(true);
    const removed = events.filter((event) => event.node === 'server' && event.text.includes('is not responding: removed'));
    expect(removed.map((event) => event.text.split(' ')[1])).toEqual(['2222', '3333']);
    expect(events.some((event) => event.node === '1111' && event.shows?.startsWith('Participant 2222 left Chitty-Chat at Lamport time'))).toBe(true);
    // After the heal, 2222 is refused, joins again, and its message reaches 1111.
    expect(events.some((event) => event.node === '1111' && event.shows?.startsWith("2222 said: I'm back"))).toBe(true);
  });

  it('crash and restart are trace events; a crashed node drops what arrives; a participant joins again', () => {
    const events = eventsOf(loadScenarioFile('faults-crash.yaml'));
    expect(events.filter((event) => event.kind === 'crash').map((event) => event.node)).toEqual(['2222', 'server']);
    expect(events.filter((event) => event.kind === 'restart').map((event) => event.node)).toEqual(['2222', 'server']);
    expect(events.some((event) => event.kind === 'drop' && event.reason === 'crashed')).toBe(true);
    const restart = events.find((event) => event.kind === 'restart' && event.node === '2222')!;
    const next = events.find((event) => event.i > restart.i && event.node === '2222')!;
    expect(next).toMatchObject({ kind: 'send', type: 'JoinRequest' });
  });

  it('physical clocks move the report log timestamps, not the Lamport order', () => {
    const scenario = loadScenarioFile('faults-crash.yaml');
    const { log } = runToText(scenario, { logFormat: 'report' });
    const plain = runToText({ ...scenario, clocks: {} }, { logFormat: 'report' });
    expect(log).not.toBe(plain.log);
    const strip = (text: string) => text.split('\n').map((line) => line.slice(20));
    expect(strip(log)).toEqual(strip(plain.log));
    expect(log.split('\n')[0]).toBe('2021/11/03 08:51:01 Join Request sent, lamport time: 1');
  });

  it('faulty runs are deterministic (pinned)', async () => {
    const { createHash } = await import('node:crypto');
    const traces = ['faults-loss.yaml', 'faults-partition.yaml', 'faults-crash.yaml'].map((file) => runToText(loadScenarioFile(file)).trace);
    expect(traces.map((trace) => trace === runToText(loadScenarioFile('faults-loss.yaml')).trace)).toEqual([true, false, false]);
    expect(createHash('sha256').update(traces.join('')).digest('hex')).toMatchInlineSnapshot(`"12ceea09ae48a4eac4785fba56240c6b0dc515a52c61c3f937ecf22ea28ae7b0"`);
  });

  it('a late retry of an abandoned call is ignored, not acted on after the participant joined again', async () => {
    const { randomScenario } = await import('../../src/fuzz/generate.js');
    const { runAndCheck } = await import('../../src/fuzz/campaign.js');
    // Seeds the fuzzer found: a delayed LeaveRequest retry reached the server after a rejoin.
    for (const seed of [3875, 3952, 3980, 4652, 6236, 7498]) {
      const { result } = runAndCheck(randomScenario(seed, 'lamport'));
      expect(result.violations, `seed ${seed}`).toEqual([]);
    }
  });

  it('in lamport mode the clock condition holds whatever the faults', () => {
    for (const file of ['faults-loss.yaml', 'faults-partition.yaml', 'faults-crash.yaml']) {
      const events = eventsOf(loadScenarioFile(file));
      const last = new Map<string, number>();
      const sent = new Map<number, number>();
      for (const event of events) {
        // Drops, crashes and restarts are the engine's events: they carry no time of the node's making.
        if (event.kind === 'drop' || event.kind === 'crash' || event.kind === 'restart') continue;
        expect(event.lamport, `${file} event ${event.i}`).toBeGreaterThan(last.get(event.node) ?? 0);
        last.set(event.node, event.lamport);
        if (event.kind === 'send') sent.set(event.msg!, event.lamport);
        if (event.kind === 'receive') expect(event.lamport).toBeGreaterThan(sent.get(event.msg!)!);
      }
    }
  });
});

/** A random lossy scenario: participants join, publish distinct texts, and stay. */
const lossyScenario = fc.record({
  participants: fc.integer({ min: 2, max: 4 }),
  publishes: fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 100, max: 3000 })), { minLength: 1, maxLength: 8 }),
  loss: fc.double({ min: 0, max: 0.35, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  seed: fc.nat(1_000_000),
});

let checkedWithFaults = 0;

describe('delivery under loss (property)', () => {
  it('every acknowledged publish reaches every member that stays connected exactly once, in one order', () => {
    fc.assert(
      fc.property(lossyScenario, ({ participants, publishes, loss, duplicate, seed }) => {
        const names = Array.from({ length: participants }, (_, k) => `n${k}`);
        const steps = [
          ...names.map((name, k) => `  - { at: ${k}, join: ${name} }`),
          ...publishes
            .map(([who, at], k) => ({ who: names[who % participants], at, text: `m${k}` }))
            .sort((a, b) => a.at - b.at)
            .map(({ who, at, text }) => `  - { at: ${at}, publish: ${who}, message: ${text} }`),
        ];
        const scenario = scenarioFromText(
          `seed: ${seed}\nnetwork: { loss: ${loss}, duplicate: ${duplicate} }\ntimeouts: { rpcMs: 100, retries: 12 }\nsteps:\n${steps.join('\n')}\n`,
        );
        const events = eventsOf(scenario);
        const removed = new Set(events.filter((e) => e.node === 'server' && e.text.includes('is not responding')).map((e) => e.text.split(' ')[1]));
        const connected = names.filter((name) => !removed.has(name));
        const chat = (name: string) => events.filter((e) => e.node === name && e.shows?.includes(' said: ')).map((e) => e.shows!.split(' said: ')[1].split(',')[0]);
        const sequences = connected.map(chat);
        for (const sequence of sequences) expect(new Set(sequence).size).toBe(sequence.length);
        // One order: every connected member sees the same sequence.
        for (const sequence of sequences) expect(sequence).toEqual(sequences[0]);
        // When no call gave up and nobody was dropped, every publish reached everyone.
        const gaveUp = events.some((e) => e.text.startsWith('Call failed'));
        if (removed.size === 0 && !gaveUp) expect([...sequences[0]].sort()).toEqual(publishes.map((_, k) => `m${k}`).sort());
        else checkedWithFaults++;
      }),
      { seed: 2026, numRuns: 60 },
    );
    // Some runs must be clean enough for the full check above.
    expect(checkedWithFaults).toBeLessThan(60);

  });
});
