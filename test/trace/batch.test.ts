/**
 * Events moved in batches (from the parsing thread to the checking one) read as the reader read
 * them: every field, the texts whether they point into the chunk or travel as strings, the
 * vectors, the names numbered across batches, and the byte-level text tests.
 */
import { describe, expect, it } from 'vitest';
import { BatchEvent, BatchWriter } from '../../src/trace/batch.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { LineSplitter } from '../../src/trace/lines.js';
import { TraceLineReader } from '../../src/trace/read.js';
import { loadScenarioFile, runToText, scenarioFromText } from '../helpers.js';

/** Reads `text` in chunks of `chunkBytes` through a writer, batch by batch, into events. */
function throughBatches(text: string, chunkBytes: number): { events: TraceEvent[]; probes: boolean[] } {
  const reader = new TraceLineReader();
  const writer = new BatchWriter(reader.names);
  const view = new BatchEvent();
  const events: TraceEvent[] = [];
  const probes: boolean[] = [];
  const splitter = new LineSplitter((bytes, start, end) => {
    const event = reader.read(bytes, start, end);
    if (event !== undefined) writer.add(event);
  });
  const drain = () => {
    const batch = writer.finish();
    view.load(batch);
    for (let k = 0; k < batch.count; k++) {
      view.at(k);
      const event: TraceEvent = { i: view.i, t: view.t, node: view.node, kind: view.kind, lamport: view.lamport, text: view.text };
      if (view.vc !== undefined) event.vc = { ...view.vc };
      if (view.msg >= 0) {
        event.msg = view.msg;
        event.peer = view.peer;
      }
      if (view.type !== undefined) event.type = view.type;
      if (view.shows !== undefined) event.shows = view.shows;
      if (view.reason !== undefined) event.reason = view.reason;
      expect(view.names[view.nodeNumber]).toBe(view.node);
      const text = view.textView;
      probes.push(text.slice() === view.text, text.startsWith(view.text.slice(0, 5)), text.includes(' (attempt '), view.text.includes(' (attempt '));
      events.push(event);
    }
  };
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    // A fresh chunk each time, as the main thread hands over each one it reads.
    const chunk = Buffer.from(bytes.subarray(at, at + chunkBytes));
    writer.begin(chunk);
    splitter.push(chunk);
    drain();
  }
  writer.begin(undefined);
  splitter.end();
  drain();
  return { events, probes };
}

function inMemory(text: string): TraceEvent[] {
  const reader = new TraceLineReader({ fastPath: false });
  return text
    .split('\n')
    .map((line) => reader.push(line))
    .filter((event): event is TraceEvent => event !== undefined);
}

describe('event batches', () => {
  const escapes = scenarioFromText(
    ['name: E', 'seed: 3', 'clock: lamport', 'network:', '  delay: { uniform: [1, 5] }', 'steps:', '  - { at: 0, join: "Søren" }', '  - { at: 10, join: "q\\"uote" }', '  - { at: 100, publish: "Søren", message: "hi \\"there\\" 🍓" }'].join('\n'),
  );
  const traces = {
    crash: runToText(loadScenarioFile('faults-crash.yaml')).trace,
    loss: runToText(loadScenarioFile('faults-loss.yaml'), { vectorClocks: false }).trace,
    escapes: runToText(escapes).trace,
  };
  for (const [name, trace] of Object.entries(traces)) {
    it(`${name}: the same events in chunks of any size`, () => {
      const expected = inMemory(trace);
      for (const chunkBytes of [97, 1000, 1 << 20]) {
        const { events, probes } = throughBatches(trace, chunkBytes);
        expect(events).toEqual(expected);
        for (let k = 0; k < probes.length; k += 4) {
          expect(probes[k] && probes[k + 1]).toBe(true);
          expect(probes[k + 2]).toBe(probes[k + 3]);
        }
      }
    });
  }
});
