import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { scenarioToYaml } from '../../src/scenario/write.js';
import { loadScenarioFile } from '../helpers.js';

describe('scenarioToYaml', () => {
  for (const file of ['diagram-log.yaml', 'three-participants.yaml', 'faults-loss.yaml', 'faults-partition.yaml', 'faults-crash.yaml', 'too-long.yaml']) {
    it(`writes ${file} so that it reads back the same`, () => {
      const scenario = loadScenarioFile(file);
      const result = parseScenario(scenarioToYaml(scenario, ['a comment']), 'x');
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.scenario).toEqual(scenario);
    });
  }
});
