/**
 * `check` against the reference checker (reference-checker.ts, written from docs/checker.md
 * alone): on simulated Chitty-Chat traces of every clock mode, with and without faults, as they
 * are and corrupted (events deleted, duplicated, moved; times, texts, types, peers, nodes, ids and
 * vectors changed; crashes, removals and leaves inserted; cut short as if interrupted), both must
 * find the same rules broken (the clock rules at the same events). A disagreement names the run
 * and the corruptions that replay it.
 *
 * Independently of the reference, a changed show on a lamport-mode run must always be caught.
 *
 * FUZZ_RUNS (default 300) sets the corrupted traces; the clean ones are every clock mode, with and
 * without faults, times FUZZ_RUNS / 100 seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../src/protocols/checking.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { compare, CORRUPTION_KINDS, corrupt, MODES, simulatedTrace, type Corruption, type RunKey } from './differential.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEEDS = Math.max(1, Math.ceil(RUNS / 100));
/** Long runs (FUZZ_RUNS) take about 15 ms a trace on a busy machine. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 50);

describe('on real lamport-mode runs, which pass every rule', () => {
  it("one member's shown text changed, or replaced by an earlier round's, breaks a rule whenever another member showed that round", () => {
    let changes = 0;
    for (const faults of [false, true]) {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const events = simulatedTrace({ mode: 'lamport', faults, seed });
        expect(checkTrace(undefined, events).status).toBe('pass');
        // The report's server broadcasts one round at a time: a show belongs to the latest round started.
        let round = 0;
        const roundOf = new Map<TraceEvent, number>();
        for (const event of events) {
          if (event.node === 'server' && event.text.startsWith('BroadCast Request sent,')) round++;
          if (event.shows !== undefined) roundOf.set(event, round);
        }
        const shows = [...roundOf.keys()];
        const content = (event: TraceEvent) => event.shows!.replace(/, lamport time: \d+$/, '');
        for (const target of shows) {
          if (!shows.some((other) => other.node !== target.node && roundOf.get(other) === roundOf.get(target))) continue;
          const earlier = shows.filter((other) => other.i < target.i && content(other) !== content(target)).at(-1);
          const replacements = [target.shows!.replace(/^(.*?)(, lamport time: \d+)?$/, (_, body: string, suffix?: string) => `${body}!${suffix ?? ''}`)];
          if (earlier !== undefined) replacements.push(earlier.shows!);
          for (const replacement of replacements) {
            const changed = events.map((event) => (event === target ? { ...event, shows: replacement } : event));
            expect({ seed, faults, i: target.i, replacement, status: checkTrace(undefined, changed).status }).toEqual({ seed, faults, i: target.i, replacement, status: 'fail' });
            changes++;
          }
        }
      }
    }
    expect(changes).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});

describe('check and the reference checker', () => {
  it('agree on every clean trace', () => {
    let traces = 0;
    for (const mode of MODES) {
      for (const faults of [false, true]) {
        for (let seed = 1; seed <= SEEDS; seed++) {
          const key: RunKey = { mode, faults, seed };
          const verdicts = compare(simulatedTrace(key));
          expect({ key, onlyCheck: verdicts.onlyCheck, onlyReference: verdicts.onlyReference }).toEqual({ key, onlyCheck: [], onlyReference: [] });
          traces++;
        }
      }
    }
    if (process.env.FUZZ_RUNS !== undefined) console.log(`differential: ${traces} clean traces agree`);
    expect(traces).toBe(MODES.length * 2 * SEEDS);
  }, TIMEOUT_MS);

  it('agree on corrupted traces', () => {
    const run = fc.record({ mode: fc.constantFrom(...MODES), faults: fc.boolean(), seed: fc.integer({ min: 1, max: SEEDS }) });
    const corruption: fc.Arbitrary<Corruption> = fc.record({ kind: fc.constantFrom(...CORRUPTION_KINDS), at: fc.nat(), other: fc.nat(), value: fc.nat() });
    // Cut short as if interrupted: at a fraction of the trace, in thousandths; none most of the time.
    const cut = fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 6 });
    const broken = new Set<string>();
    const byRule: Record<string, number> = {};
    let failing = 0;
    fc.assert(
      fc.property(run, fc.array(corruption, { minLength: 1, maxLength: 3 }), cut, (key, corruptions, cutAt) => {
        let events = corruptions.reduce((trace, each) => corrupt(trace, each), simulatedTrace(key));
        if (cutAt !== null) events = events.slice(0, Math.floor((events.length * cutAt) / 1000));
        const verdicts = compare(events, cutAt !== null);
        const brokenHere = new Set(verdicts.check.map((entry) => entry.split('@')[0]));
        for (const rule of brokenHere) {
          broken.add(rule);
          byRule[rule] = (byRule[rule] ?? 0) + 1;
        }
        if (brokenHere.size > 0) failing++;
        expect({ onlyCheck: verdicts.onlyCheck, onlyReference: verdicts.onlyReference }).toEqual({ onlyCheck: [], onlyReference: [] });
      }),
      { seed: 17, numRuns: RUNS },
    );
    // The figures of a long run, for whoever asked for one.
    if (process.env.FUZZ_RUNS !== undefined) console.log(`differential: ${RUNS} corrupted traces agree; ${failing} break a rule (traces per rule: ${JSON.stringify(byRule)})`);
    // Every rule was broken somewhere, so every rule was compared.
    expect([...broken].sort()).toEqual(['announcement-time', 'broadcast-once', 'broadcast-order', 'message-length', 'message-match', 'own-announcement', 'process-order', 'receive-after-send', 'vector-clock']);
  }, TIMEOUT_MS);
});
