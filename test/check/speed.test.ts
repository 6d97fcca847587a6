/**
 * Check speed on a synthetic trace of about a million events, written to a file and checked by
 * the CLI as a process. Opt-in, as it takes a while: `CHECK_SPEED=1 npx vitest run test/check/speed.test.ts`.
 */
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createTraceChecker as createChecker } from '../../src/protocols/checking.js';
import { runCli } from '../helpers.js';
import { HEADER, syntheticChat } from './synthetic.js';

const PUBLISHES = 17_900; // 10 participants: about 56 events a publish, so about a million events

async function writeTrace(file: string, vc: boolean): Promise<number> {
  const out = createWriteStream(file);
  let chunk = JSON.stringify(HEADER) + '\n';
  let events = 0;
  for (const event of syntheticChat({ participants: 10, publishes: PUBLISHES, vc })) {
    chunk += JSON.stringify(event) + '\n';
    events++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return events;
}

describe.skipIf(!process.env.CHECK_SPEED)('check speed', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-speed-'));
  for (const vc of [false, true]) {
    it(`checks a million-event trace ${vc ? 'with' : 'without'} vector clocks`, async () => {
      const file = path.join(folder, `synthetic-${vc ? 'vc' : 'novc'}.ndjson`);
      const events = await writeTrace(file, vc);
      expect(events).toBeGreaterThan(1_000_000);
      const started = performance.now();
      const result = await runCli(['check', file]);
      const seconds = (performance.now() - started) / 1000;
      expect(result.code).toBe(0);
      // The core alone, on events already parsed (what `run --check` pays): the best of five passes.
      const parsed = [...syntheticChat({ participants: 10, publishes: PUBLISHES / 5, vc })];
      let coreSeconds = Infinity;
      for (let pass = 0; pass < 5; pass++) {
        const checker = createChecker(undefined);
        const coreStarted = performance.now();
        for (const event of parsed) checker.push(event);
        checker.finish();
        coreSeconds = Math.min(coreSeconds, (performance.now() - coreStarted) / 1000);
      }
      const megabytes = statSync(file).size / 1e6;
      console.log(
        `check ${vc ? 'with' : 'without'} vc: ${events} events, ${megabytes.toFixed(0)} MB, ${seconds.toFixed(2)} s: ${Math.round(events / seconds)} events/s end to end; core alone ${Math.round(parsed.length / coreSeconds)} events/s`,
      );
    }, 600_000);
  }
});
