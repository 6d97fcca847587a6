/**
 * The required outcome on the report's run: in `report` mode the checker finds participant 1111's
 * clock going from 27 back to 17 and the violations of the report's leave path; with correct
 * Lamport clocks it finds nothing. Checked on the hand-made fixtures and on the simulator's traces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace as checkEvents } from '../../src/protocols/checking.js';
import type { CheckResult } from '../../src/check/types.js';
import { readTrace } from '../../src/trace/read.js';
import { loadScenarioFile, runToText } from '../helpers.js';

const fixture = (clock: string) => readTrace(readFileSync(path.join(import.meta.dirname, 'fixtures', `diagram-log.${clock}.ndjson`), 'utf8'));
const simulated = (clock: string) => readTrace(runToText(loadScenarioFile('diagram-log.yaml'), { clock }).trace);
const summary = (result: CheckResult) => result.violations.map((violation) => `${violation.rule} ${violation.events.map((event) => `${event.node}@${event.lamport}`).join(' ')}`);

/** Every violation of the report's run: the 27 -> 17 jump, then the leave path's silent events. */
const REPORT_VIOLATIONS = [
  'process-order 1111@27 1111@17',
  // 1111 leaves: its silent broadcast receive keeps b = 41 after its call clock reached 51.
  'process-order 1111@51 1111@41',
  'receive-after-send server@55 1111@41',
  'process-order 1111@41 1111@41',
  // 2222 serves 1111's leave announcement without a tick.
  'process-order 2222@46 2222@46',
  'receive-after-send server@57 2222@46',
  'process-order 2222@46 2222@46',
  // 1111 takes the PublishReply without a merge, and sends its Leave call without a tick.
  'receive-after-send server@59 1111@51',
  'process-order 1111@51 1111@51',
  // 2222 leaves: its call clock (36) is behind its broadcast clock (46).
  'process-order 2222@46 2222@36',
  'receive-after-send server@66 2222@46',
  'process-order 2222@46 2222@46',
  'process-order 2222@46 2222@37',
  'receive-after-send server@68 2222@37',
  'process-order 2222@37 2222@37',
];

describe('Diagram.log in report mode', () => {
  for (const [source, trace] of [
    ['the fixture made from the log', fixture('report')],
    ["the simulator's trace", simulated('report')],
  ] as const) {
    it(`reports 1111's clock going from 27 back to 17, and the leave path (${source})`, () => {
      const result = checkEvents(trace.header, trace.events);
      expect(result.status).toBe('fail');
      expect(result.violations[0].message).toBe(
        "Participant 1111's Lamport time goes from 27 (event 28) back to 17 (event 37): along one process every event needs a larger time than the one before.",
      );
      expect(summary(result)).toEqual(REPORT_VIOLATIONS);
      // Chitty-Chat's promises hold in the report's run, and the engine's vector clocks are consistent.
      expect(Object.keys(result.byRule ?? {}).sort()).toEqual(['process-order', 'receive-after-send']);
    });
  }
});

describe('Diagram.log with correct Lamport clocks', () => {
  it('passes: the fixture', () => {
    const { header, events } = fixture('lamport');
    expect(checkEvents(header, events)).toMatchObject({ status: 'pass', violations: [], omitted: 0 });
  });

  it("passes: the simulator's trace", () => {
    const { header, events } = simulated('lamport');
    expect(checkEvents(header, events)).toMatchObject({ status: 'pass', violations: [], omitted: 0 });
  });
});

describe('the shipped scenarios with correct clocks', () => {
  for (const name of ['three-participants.yaml', 'concurrent-publish.yaml', 'too-long.yaml', 'faults-loss.yaml', 'faults-partition.yaml', 'faults-crash.yaml']) {
    it(`pass: ${name}`, () => {
      const { header, events } = readTrace(runToText(loadScenarioFile(name), { clock: 'lamport' }).trace);
      const result = checkEvents(header, events);
      expect(result.violations).toEqual([]);
    });
  }

  it('concurrent-publish under concurrent-broadcast: members disagree on the order', () => {
    const { header, events } = readTrace(runToText(loadScenarioFile('concurrent-publish.yaml'), { clock: 'concurrent-broadcast' }).trace);
    const result = checkEvents(header, events);
    expect(new Set(result.violations.map((violation) => violation.rule))).toEqual(new Set(['broadcast-order']));
    expect(result.stats?.overlappingBroadcasts).toBe(true);
  });
});
