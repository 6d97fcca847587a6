import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { DIAGRAM_LOG, loadScenarioFile, runCli, runToText, scenarioFile, SHARED } from '../helpers.js';

const diagramLog = readFileSync(DIAGRAM_LOG, 'utf8');
const original = path.join(SHARED, 'chitty-chat', 'Diagram.log');

describe("the report's Diagram.log", () => {
  it.skipIf(!existsSync(original))('kept with the tests is the original in ../shared (skipped: no ../shared here)', () => {
    expect(diagramLog).toBe(readFileSync(original, 'utf8'));
  });

  it('is reproduced line for line, timestamps included, in report mode', () => {
    const { log } = runToText(loadScenarioFile('diagram-log.yaml'), { clock: 'report', logFormat: 'report' });
    expect(log).toBe(diagramLog);
  });

  it('is printed byte for byte by the CLI', async () => {
    const result = await runCli(['run', scenarioFile('diagram-log.yaml'), '--clock', 'report', '--log-format', 'report']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(diagramLog);
  });

  it('does not depend on the seed: every call completes within its second', () => {
    for (const seed of [2, 3, 99]) {
      expect(runToText(loadScenarioFile('diagram-log.yaml'), { seed, clock: 'report', logFormat: 'report' }).log).toBe(diagramLog);
    }
  });
});
