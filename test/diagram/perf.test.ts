/**
 * Speed, whole process as a user sees it (node start, d3-node/jsdom load, streaming read, layout,
 * SVG, write). Targets: 1,000 events well under a second, 10,000 well under 4 s. The bounds here
 * are looser, so that a busy test machine does not fail them; the figures are printed.
 */
import { CHITTY_STYLE } from './chitty-style.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runCli, runToText, scenarioFromText } from '../helpers.js';
import { readTrace } from '../../src/trace/read.js';
import { layoutDiagram } from '../../src/diagram/layout.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-render-perf-'));

/** A trace of about `events` events: four participants publishing at random times. */
function traceOf(publishesEach: number): { file: string; events: number } {
  const scenario = scenarioFromText(
    `name: perf\nseed: 3\nclock: lamport\nnetwork:\n  delay: { uniform: [1, 5] }\ngenerate:\n  participants: 4\n  publishesEach: ${publishesEach}\n  joinAt: 0\n  window: [1000, 60000]\n`,
  );
  const { trace } = runToText(scenario);
  const file = path.join(scratch, `perf-${publishesEach}.ndjson`);
  writeFileSync(file, trace);
  return { file, events: trace.split('\n').length - 2 };
}

async function timeRender(file: string): Promise<number> {
  const start = process.hrtime.bigint();
  const result = await runCli(['render', file, '-o', path.join(scratch, 'out.svg')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

test('1,000 events render in about a second, whole process', async () => {
  const { file, events } = traceOf(9);
  expect(events).toBeGreaterThanOrEqual(1000);
  const seconds = Math.min(await timeRender(file), await timeRender(file));
  console.log(`render ${events} events: ${seconds.toFixed(2)} s`);
  expect(seconds).toBeLessThan(2);
});

test('10,000 events render well under 4 s, whole process', async () => {
  const { file, events } = traceOf(96);
  expect(events).toBeGreaterThanOrEqual(10_000);
  const seconds = await timeRender(file);
  console.log(`render ${events} events: ${seconds.toFixed(2)} s`);
  expect(seconds).toBeLessThan(4);
  // The layout alone, in process.
  const { header, events: parsed } = readTrace(readFileSync(file, 'utf8'));
  const start = process.hrtime.bigint();
  const layout = layoutDiagram(header, parsed, CHITTY_STYLE);
  const layoutSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`layout of ${events} events: ${layoutSeconds.toFixed(2)} s, ${layout.labels.length} labels, ${layout.omittedLabels} left to tooltips`);
  expect(layoutSeconds).toBeLessThan(2);
});
