import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/read.js';
import { loadScenarioFile, runToText } from '../helpers.js';

describe('MemoryTrace', () => {
  for (const file of ['diagram-log.yaml', 'three-participants.yaml', 'faults-loss.yaml', 'faults-crash.yaml', 'too-long.yaml']) {
    it(`holds the same events as the NDJSON trace (${file})`, () => {
      const { trace, memory } = runToText(loadScenarioFile(file), { clock: file === 'diagram-log.yaml' ? 'report' : undefined });
      const expected = readTrace(trace).events.map(({ vc: _vc, ...event }) => event);
      expect(memory.events()).toEqual(expected);
      expect(memory.length).toBe(expected.length);
    });
  }
});
