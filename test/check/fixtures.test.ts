/**
 * The Diagram.log fixtures: regenerated from the report's log by diagram-log-to-trace.ts and
 * compared with the committed files (UPDATE_FIXTURES=1 rewrites them), and compared event by
 * event with what the simulator produces for the same run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';
import { DIAGRAM_LOG, loadScenarioFile, runToText } from '../helpers.js';
import { diagramLogToTrace } from './diagram-log-to-trace.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const LOG = readFileSync(DIAGRAM_LOG, 'utf8');

describe.each(['report', 'lamport'] as const)('the Diagram.log fixture in %s mode', (clock) => {
  const file = path.join(FIXTURES, `diagram-log.${clock}.ndjson`);
  const generated = diagramLogToTrace(LOG, clock);

  it('is what the script makes of Diagram.log', () => {
    if (process.env.UPDATE_FIXTURES || !existsSync(file)) writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('is a valid trace', () => {
    expect(readTrace(generated).events.length).toBeGreaterThan(80);
  });

  if (clock === 'report') {
    it('logs, line for line, what Diagram.log logs (numbered lines and printed lines)', () => {
      const logged: string[] = [];
      for (const event of readTrace(generated).events) {
        if (event.text !== '') logged.push(event.text);
        if (event.shows !== undefined) logged.push(event.shows);
      }
      const original = LOG.split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.slice('2021/11/03 08:51:02 '.length));
      expect(logged).toEqual(original);
    });
  }

  it("agrees with the simulator's trace of scenarios/diagram-log.yaml, apart from virtual times", () => {
    const simulated = readTrace(runToText(loadScenarioFile('diagram-log.yaml'), { clock }).trace).events;
    const strip = ({ t: _t, ...rest }: TraceEvent) => rest;
    const mine = readTrace(generated).events;
    if (clock === 'lamport') {
      // The simulator's correct leave path logs (and ticks) where the report's is silent; compare the report-shaped part.
      expect(simulated.length).toBeGreaterThanOrEqual(mine.length);
      expect(mine.slice(0, 53).map(strip)).toEqual(simulated.slice(0, 53).map(strip));
      return;
    }
    expect(mine.map(strip)).toEqual(simulated.map(strip));
  });
});
