/**
 * `checkTraceFile` (the `check` command's reading loop), in one thread and with a parsing thread:
 * files with `\n`, `\r\n` or lone `\r`, without a last line break, larger than one read chunk
 * with a character split across chunks, and broken lines, give the result of reading the same
 * lines in memory with JSON.parse, and the same `FILE:LINE: field: problem` messages.
 * The parsing thread runs the built script (dist/, built by the global setup): a worker cannot
 * load the TypeScript sources.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace as checkEvents } from '../../src/protocols/checking.js';
import { checkTraceFile } from '../../src/cli/commands/check.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { TraceFormatError, TraceLineReader } from '../../src/trace/read.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'chitty-check-file-'));
let files = 0;

function write(content: string | Buffer): string {
  const file = path.join(folder, `trace-${files++}.ndjson`);
  writeFileSync(file, content);
  return file;
}

/** The check of these lines, read in memory by JSON.parse alone (readline's line breaks). */
function expected(file: string, text: string): { result?: unknown; error?: string } {
  const reader = new TraceLineReader({ fastPath: false });
  const events: TraceEvent[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  try {
    for (const line of lines) {
      const event = reader.push(line);
      if (event) events.push(event);
    }
    const header = reader.finish();
    return { result: checkEvents(header, events, { interrupted: reader.interrupted }) };
  } catch (error) {
    const failure = error as TraceFormatError;
    return { error: `${file}:${failure.line}: ${failure.field ? `${failure.field}: ` : ''}${failure.detail}` };
  }
}

const built = (await import(path.resolve(import.meta.dirname, '../../dist/cli/commands/check.js'))) as { checkTraceFile: typeof checkTraceFile };

/** Small chunks: the tests' traces span several. */
const CHUNK_BYTES = 1 << 20;

/** The outcome of checking the file in one thread, and the same with a parsing thread (they must agree). */
async function actual(file: string): Promise<{ result?: unknown; error?: string }> {
  const outcome = async (check: typeof checkTraceFile, threads: 1 | 2) => {
    try {
      return { result: (await check(file, {}, { threads, chunkBytes: CHUNK_BYTES })).result };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const oneThread = await outcome(checkTraceFile, 1);
  expect(await outcome(built.checkTraceFile, 2)).toEqual(oneThread);
  return oneThread;
}

async function expectSameAsInMemory(text: string): Promise<void> {
  const file = write(text);
  expect(await actual(file)).toEqual(expected(file, text));
}

const crash = runToText(loadScenarioFile('faults-crash.yaml')).trace;
const report = runToText(loadScenarioFile('diagram-log.yaml'), { clock: 'report', vectorClocks: false }).trace;

describe('checkTraceFile', () => {
  it('reads \\n, \\r\\n and lone \\r line breaks, with or without a last one', async () => {
    for (const trace of [crash, report]) {
      await expectSameAsInMemory(trace);
      await expectSameAsInMemory(trace.trimEnd());
      await expectSameAsInMemory(trace.replaceAll('\n', '\r\n'));
      await expectSameAsInMemory(trace.replaceAll('\n', '\r'));
      await expectSameAsInMemory(trace.replaceAll('\n', '\n\n'));
    }
    expect((await actual(write(report))).result).toMatchObject({ status: 'fail', events: 89 });
  });

  it('names the line of a broken line, counting every kind of line break', async () => {
    const lines = crash.trimEnd().split('\n');
    lines[7] = lines[7].replace('"kind":"', '"kind":"x');
    lines[9] = lines[9].replace(/"t":[^,]*/, '"t":-1');
    const broken = lines.join('\n');
    for (const text of [broken, broken.replaceAll('\n', '\r\n'), broken.replace('\n', '\r'), `\r\n\n${broken}`]) {
      const file = write(text);
      const outcome = await actual(file);
      expect(outcome).toEqual(expected(file, text));
      expect(outcome.error).toMatch(/:\d+: kind: unknown kind "x/);
    }
    const file = write(lines.slice(0, 9).join('\n') + '\n' + lines[9]);
    expect((await actual(file)).error).toMatch(/:8: kind: unknown kind/);
    expect(await actual(path.join(folder, 'missing.ndjson'))).toEqual({ error: `${path.join(folder, 'missing.ndjson')}: cannot read: no such file or directory` });
    expect(await actual(folder)).toEqual({ error: `${folder}: cannot read: it is a directory` });
    expect(await actual(write(''))).toEqual({ error: expect.stringMatching(/:1: empty trace: no header line$/) });
  });

  it('a trace of several read chunks, a four-byte character across the first boundary', async () => {
    const scenario = scenarioFromText(
      ['name: Many', 'seed: 2', 'clock: lamport', 'network:', '  delay: { uniform: [1, 5] }', 'generate:', '  participants: 6', '  publishesEach: 60', '  joinAt: 0', '  window: [1000, 7000]'].join('\n'),
    );
    const trace = runToText(scenario, { vectorClocks: true }).trace;
    const chunk = CHUNK_BYTES;
    expect(Buffer.byteLength(trace)).toBeGreaterThan(2 * chunk);
    // Pad the header's scenario name so that an emoji put at the start of some event's text
    // straddles the first chunk boundary.
    const lines = trace.split('\n');
    // The event line whose text starts last before the boundary.
    let target = -1;
    let textAt = -1;
    for (let k = 1, offset = Buffer.byteLength(lines[0]) + 1; k < lines.length; offset += Buffer.byteLength(lines[k]) + 1, k++) {
      const at = offset + Buffer.byteLength(lines[k].slice(0, lines[k].indexOf('"text":"') + 8));
      if (lines[k].includes('"text":"') && at <= chunk - 2) [target, textAt] = [k, at];
    }
    const padding = chunk - 2 - textAt;
    expect(padding).toBeGreaterThanOrEqual(0);
    expect(padding).toBeLessThan(1000);
    lines[0] = lines[0].replace('"scenario":"Many"', `"scenario":"Many${'-'.repeat(padding)}"`);
    lines[target] = lines[target].replace('"text":"', '"text":"😀');
    const text = lines.join('\n');
    expect(Buffer.from(text).subarray(chunk - 2, chunk + 2).toString()).toBe('😀');
    const file = write(text);
    const outcome = await actual(file);
    expect(outcome).toEqual(expected(file, text));
    expect(outcome.result).toMatchObject({ events: lines.length - 2 });
  });

  it('escapes, non-ASCII names and texts, long and short vectors, and violations: the same on both paths', async () => {
    const escapes = scenarioFromText(
      [
        'name: "Escapes \\"and\\" ünïcode"',
        'seed: 3',
        'clock: lamport',
        'network:',
        '  delay: { uniform: [1, 5] }',
        'steps:',
        '  - { at: 0, join: "Søren" }',
        '  - { at: 10, join: "q\\"uote" }',
        '  - { at: 20, join: "__proto__" }',
        '  - { at: 30, join: "1111" }',
        '  - { at: 100, publish: "Søren", message: "He said \\"hi\\" \\\\ and\\ttab 🍓 \\u2028 end \\u0001" }',
        '  - { at: 200, publish: "q\\"uote", message: "ÆØÅ æøå 👋🏽 ﷽" }',
        '  - { at: 300, leave: "q\\"uote" }',
      ].join('\n'),
    );
    const crowd = scenarioFromText(
      ['name: Crowd', 'seed: 4', 'clock: lamport', 'network:', '  delay: { uniform: [1, 5] }', 'generate:', '  participants: 30', '  publishesEach: 2', '  joinAt: 0', '  window: [1000, 1100]'].join('\n'),
    );
    const traces = [
      runToText(escapes, {}).trace,
      runToText(escapes, { vectorClocks: false }).trace,
      runToText(crowd, {}).trace,
      // Broken clocks: every kind of violation message, vector ones included.
      runToText(loadScenarioFile('faults-crash.yaml'), { clock: 'no-merge' }).trace,
      runToText(loadScenarioFile('three-participants.yaml'), { clock: 'concurrent-broadcast' }).trace,
    ];
    for (const trace of traces) await expectSameAsInMemory(trace);
    const outcome = await actual(write(traces[3]));
    expect(outcome.result).toMatchObject({ status: 'fail' });
  });

  it('version 2 traces of imported logs (several message ends, fields), valid and broken: the same on both paths', async () => {
    const { readShivizLog } = await import('../../src/import/shiviz.js');
    const { traceToNdjson } = await import('../../src/export/ndjson.js');
    const { goVectorLog, simulate } = await import('../export/vc-logs.js');
    const steps = Array.from({ length: 400 }, (_, k) => {
      const host = (k * 7) % 5;
      if (k % 5 === 0) return { host, action: 'send' as const, to: [host + 1, host + 2, host + 3] };
      if (k % 5 === 1) return { host, action: 'relay' as const, to: [host + 1] };
      if (k % 5 === 2) return { host, action: 'receive' as const, count: 2 as const };
      return { host, action: 'receive' as const, count: 1 as const };
    });
    const execution = readShivizLog(goVectorLog(simulate(5, steps)));
    expect(execution.events.filter((event) => event.also !== undefined).length).toBeGreaterThan(50);
    const valid = traceToNdjson(execution.header, execution.events.map((event, k) => (k % 3 === 0 ? { ...event, fields: { k: String(k) } } : event)));
    // A second parent's clock left out of the merge, and a multicast receiver that is not one.
    const broken = valid
      .replace(/"vc":\{([^}]*)\},"msg":(\d+),"peer":"(\w+)","also":\[\{"kind":"receive"/, (line) => line.replace(/"vc":\{[^}]*\}/, '"vc":{"host0":999}'))
      .replace(/"also":\[\{"kind":"send","msg":(\d+),"peer":"host(\d)"\}/, '"also":[{"kind":"send","msg":$1,"peer":"elsewhere"}');
    expect(broken).not.toBe(valid);
    await expectSameAsInMemory(valid);
    await expectSameAsInMemory(broken);
    const outcome = await actual(write(broken));
    expect(outcome.result).toMatchObject({ status: 'fail' });
    expect((await actual(write(valid))).result).toMatchObject({ status: 'pass' });
  });
});
