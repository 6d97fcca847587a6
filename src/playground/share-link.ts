/**
 * The share link: the scenario and the page's settings, compressed (raw DEFLATE, the browser's
 * CompressionStream) and written in the address's hash as base64url, so that the link holds
 * everything and opening it sends nothing anywhere.
 */
import { AXES, type Axis } from '../diagram/options.js';
import type { ScheduleEntry } from '../scenario/types.js';

/** What the page shows: the scenario and the controls' settings. */
export interface PageSettings {
  text: string;
  /** Overrides the scenario's seed; undefined keeps the scenario's. */
  seed?: number;
  /** Overrides the scenario's variant; '' keeps the scenario's. */
  variant: string;
  axis: Axis;
  check: boolean;
  /** Step mode's choices so far; undefined when step mode is off. */
  steps?: ScheduleEntry[];
}

const PREFIX = '#s1=';

/** The hash of a link to `settings`. */
export async function settingsHash(settings: PageSettings): Promise<string> {
  const steps = settings.steps?.map(({ source: _source, note: _note, ...entry }) => entry);
  const compact = { t: settings.text, s: settings.seed, v: settings.variant, a: settings.axis, c: settings.check ? 1 : 0, k: steps };
  return PREFIX + toBase64Url(await transform(new TextEncoder().encode(JSON.stringify(compact)), new CompressionStream('deflate-raw')));
}

/** The settings a link's hash holds, or undefined when it holds none (or a broken one). */
export async function settingsFromHash(hash: string): Promise<PageSettings | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const bytes = await transform(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof value.t !== 'string') return undefined;
    const seed = value.s;
    return {
      text: value.t,
      seed: typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 ? seed : undefined,
      variant: typeof value.v === 'string' ? value.v : '',
      axis: AXES.includes(value.a as Axis) ? (value.a as Axis) : 'order',
      check: value.c !== 0,
      steps: Array.isArray(value.k) ? value.k.flatMap((entry: unknown) => scheduleEntry(entry) ?? []) : undefined,
    };
  } catch {
    return undefined;
  }
}

/** A schedule entry from a link, or undefined when it is not one (the link was edited by hand). */
function scheduleEntry(value: unknown): ScheduleEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const count = (field: unknown): field is number => typeof field === 'number' && Number.isSafeInteger(field) && field >= 0;
  switch (entry.kind) {
    case 'deliver':
    case 'lose':
    case 'duplicate':
      return count(entry.message) ? { kind: entry.kind, message: entry.message } : undefined;
    case 'timer':
      return typeof entry.node === 'string' && typeof entry.name === 'string' ? { kind: 'timer', node: entry.node, name: entry.name } : undefined;
    case 'step':
      return count(entry.step) ? { kind: 'step', step: entry.step } : undefined;
    case 'crash':
    case 'restart':
      return typeof entry.node === 'string' ? { kind: entry.kind, node: entry.node } : undefined;
    default:
      return undefined;
  }
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // A broken link fails the read below; the writer's own failures say the same.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
