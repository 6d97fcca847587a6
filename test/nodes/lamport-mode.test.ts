import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { loadScenarioFile, runToText } from '../helpers.js';

/** Lamport times per node in event order, and every (send, receive) pair of Lamport times. */
function clocks(trace: string) {
  const { events } = readTrace(trace);
  const perNode = new Map<string, number[]>();
  const sends = new Map<number, number>();
  const pairs: [number, number][] = [];
  for (const event of events) {
    if (!perNode.has(event.node)) perNode.set(event.node, []);
    perNode.get(event.node)!.push(event.lamport);
    if (event.kind === 'send') sends.set(event.msg!, event.lamport);
    if (event.kind === 'receive') pairs.push([sends.get(event.msg!)!, event.lamport]);
  }
  return { perNode, pairs, events };
}

describe('lamport mode', () => {
  for (const file of ['diagram-log.yaml', 'three-participants.yaml', 'concurrent-publish.yaml', 'too-long.yaml']) {
    it(`${file}: one clock per process that ticks exactly once per event, and receives exceed their sends`, () => {
      const { perNode, pairs } = clocks(runToText(loadScenarioFile(file), { clock: 'lamport' }).trace);
      for (const [, times] of perNode) {
        for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThan(times[k - 1]);
      }
      for (const [sent, received] of pairs) expect(received).toBeGreaterThan(sent);
    });
  }

  it('differs from report mode exactly where the report keeps two clocks', () => {
    const report = clocks(runToText(loadScenarioFile('diagram-log.yaml'), { clock: 'report' }).trace);
    const participant = report.perNode.get('1111')!;
    // 1111 serves 2222's join announcement at 25..27, then publishes "Hej" at 17.
    const back = participant.findIndex((time, k) => k > 0 && time < participant[k - 1]);
    expect(participant.slice(back - 1, back + 1)).toEqual([27, 17]);
  });

  it('prints the same log texts as report mode, with other numbers', () => {
    const scenario = loadScenarioFile('diagram-log.yaml');
    const strip = (log: string) => log.split('\n').map((line) => line.replace(/^\S+ \S+ /, '').replace(/\d+$/, 'N'));
    const lamportTexts = new Set(strip(runToText(scenario, { clock: 'lamport' }).log));
    for (const text of strip(runToText(scenario, { clock: 'report' }).log)) expect(lamportTexts).toContain(text);
  });
});
