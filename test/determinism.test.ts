import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runCli, runToText, scenarioFile } from './helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('determinism', () => {
  it('the same scenario and seed give byte-identical trace and log in two runs', () => {
    const scenario = loadScenarioFile('three-participants.yaml');
    const first = runToText(scenario, { seed: 7, logFormat: 'pretty' });
    const second = runToText(loadScenarioFile('three-participants.yaml'), { seed: 7, logFormat: 'pretty' });
    expect(second.trace).toBe(first.trace);
    expect(second.log).toBe(first.log);
  });

  it('and in two processes, identical to the in-process run', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-det-'));
    const runs = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const file = path.join(folder, `${name}.ndjson`);
        const result = await runCli(['run', scenarioFile('three-participants.yaml'), '--seed', '7', '--trace', file]);
        expect(result.code).toBe(0);
        return { log: result.stdout, trace: readFileSync(file, 'utf8') };
      }),
    );
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0].trace).toBe(runToText(loadScenarioFile('three-participants.yaml'), { seed: 7 }).trace);
  });

  it('is pinned: an accidental change to the engine, the nodes or the trace format shows here', () => {
    const { trace } = runToText(loadScenarioFile('three-participants.yaml'), { seed: 7 });
    expect(sha256(trace)).toMatchInlineSnapshot(`"ca67399c52a285821951e9ad6efb73e212f18638b5e6de52e4775010b0f7b765"`);
  });

  it('two seeds give different virtual times and orders for concurrent publishes', () => {
    const scenario = loadScenarioFile('concurrent-publish.yaml');
    const shown = (seed: number) =>
      runToText(scenario, { seed }).memory.events().filter((event) => event.node === '1111' && event.shows?.includes('said'));
    const one = shown(1);
    const two = shown(2);
    expect(one.map((event) => event.t)).not.toEqual(two.map((event) => event.t));
    expect(one.map((event) => event.shows!.split(',')[0])).not.toEqual(two.map((event) => event.shows!.split(',')[0]));
  });
});
