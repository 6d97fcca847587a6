/** Helpers of the viewer tests: traces (a shipped scenario's, a hostile one), the page, the expected cones. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { viewCommand } from '../../src/cli/commands/view.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { readTrace } from '../../src/trace/read.js';
import { runCli, scenarioFile } from '../helpers.js';

export const scratch = mkdtempSync(path.join(tmpdir(), 'chitty-view-'));

/** Runs a shipped scenario with the built CLI and returns its trace file. */
export async function scenarioTrace(name: string, extra: string[] = []): Promise<string> {
  const file = path.join(scratch, `${name.replace(/\.yaml$/, '')}${extra.join('')}.ndjson`);
  if (existsSync(file)) return file;
  const result = await runCli(['run', scenarioFile(name), '--quiet', '--trace', file, ...extra]);
  if (result.code !== 0) throw new Error(`chitty-sim run ${name} failed (${result.code}): ${result.stderr}`);
  return file;
}

/** A message that would run if the page put trace text into markup. */
export const SCRIPT_TEXT = '</script><script>window.__pwned = 1; alert(1)</script>';

/** Node names and texts that are markup, entities, line separators, other scripts. */
export const HOSTILE = {
  scenario: '</title><script>window.__pwned = 2</script>',
  alice: '<img src=x onerror="window.__pwned=3">',
  bob: 'b"ob\' &amp; <!--',
  texts: [SCRIPT_TEXT, '<!-- ]]> &lt; & \u2028 \u2029 "quoted"', 'Hej Søren 😀 مرحبا'],
};

/**
 * A hand-made trace whose scenario, node names and texts are hostile: alice joins, bob publishes,
 * the server broadcasts to alice.
 */
export function hostileTraceText(): string {
  const server = 'server';
  const { alice, bob, texts } = HOSTILE;
  const lines: object[] = [
    { format: 'chitty-sim-trace', version: 1, scenario: HOSTILE.scenario, seed: 1, clock: 'lamport' },
    { i: 0, t: 0, node: alice, kind: 'send', lamport: 1, vc: { [alice]: 1 }, msg: 0, peer: server, type: 'JoinRequest', text: texts[0] },
    { i: 1, t: 1, node: server, kind: 'receive', lamport: 2, vc: { [server]: 1, [alice]: 1 }, msg: 0, peer: alice, type: 'JoinRequest', text: texts[1] },
    { i: 2, t: 1, node: server, kind: 'send', lamport: 3, vc: { [server]: 2, [alice]: 1 }, msg: 1, peer: alice, type: 'JoinReply', text: '' },
    { i: 3, t: 2, node: alice, kind: 'receive', lamport: 4, vc: { [server]: 2, [alice]: 2 }, msg: 1, peer: server, type: 'JoinReply', text: texts[2], shows: texts[0] },
    { i: 4, t: 2, node: bob, kind: 'send', lamport: 1, vc: { [bob]: 1 }, msg: 2, peer: server, type: 'PublishRequest', text: texts[0], shows: texts[1] },
    { i: 5, t: 3, node: server, kind: 'receive', lamport: 5, vc: { [server]: 3, [alice]: 1, [bob]: 1 }, msg: 2, peer: bob, type: 'PublishRequest', text: texts[2] },
    { i: 6, t: 3, node: server, kind: 'local', lamport: 6, vc: { [server]: 4, [alice]: 1, [bob]: 1 }, text: texts[0] },
    { i: 7, t: 3, node: server, kind: 'send', lamport: 7, vc: { [server]: 5, [alice]: 1, [bob]: 1 }, msg: 3, peer: alice, type: 'BroadcastRequest', text: texts[1] },
    { i: 8, t: 4, node: alice, kind: 'receive', lamport: 8, vc: { [server]: 5, [alice]: 3, [bob]: 1 }, msg: 3, peer: server, type: 'BroadcastRequest', text: texts[1], shows: texts[0] },
    { i: 9, t: 5, node: server, kind: 'send', lamport: 9, vc: { [server]: 6, [alice]: 1, [bob]: 1 }, msg: 4, peer: bob, type: 'PublishReply', text: '' },
    { i: 10, t: 6, node: bob, kind: 'drop', lamport: 9, msg: 4, peer: server, type: 'PublishReply', reason: 'loss', text: texts[0] },
  ];
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

export function writeHostileTrace(): string {
  const file = path.join(scratch, 'hostile.ndjson');
  writeFileSync(file, hostileTraceText());
  return file;
}

/** Runs `chitty-sim view` in this process (the command's handler), returning what it printed. */
export async function runView(args: Record<string, unknown>): Promise<string> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write);
  try {
    await viewCommand.handler({ _: [], $0: 'chitty-sim', axis: 'order', check: false, maxEvents: 20_000, ...args } as never);
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

/** Writes the viewer of `trace` to an HTML file and returns its path. */
export async function viewFile(trace: string, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const output = path.join(scratch, name);
  await runView({ trace, output, ...args });
  return output;
}

/** `a` <= `b` entry by entry, missing entries 0 (the trace's own sparse clocks). */
function atMost(a: Record<string, number>, b: Record<string, number>): boolean {
  return Object.entries(a).every(([node, count]) => count <= (Object.hasOwn(b, node) ? b[node] : 0));
}

/**
 * The causal past and future of event `i` among `events`, from the trace's vector clocks:
 * e happened before f iff vc(e) <= vc(f) and e != f.
 */
export function expectedCone(events: readonly TraceEvent[], i: number): { past: number[]; future: number[] } {
  const event = events.find((candidate) => candidate.i === i)!;
  const past: number[] = [];
  const future: number[] = [];
  for (const other of events) {
    if (other === event || other.vc === undefined || event.vc === undefined) continue;
    if (atMost(other.vc, event.vc)) past.push(other.i);
    else if (atMost(event.vc, other.vc)) future.push(other.i);
  }
  return { past, future };
}

export function traceEvents(file: string): TraceEvent[] {
  return readTrace(readFileSync(file, 'utf8')).events;
}
