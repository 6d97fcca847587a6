/**
 * The parts of a scenario file about the world the nodes live in: the network (`network:`, with
 * its delay models and per-link overrides), the nodes' physical clocks (`clocks:`) and the wall
 * time the log starts at (`start:`).
 */
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { DEFAULT_DELAY, type DelayModel } from '../sim/delay.js';
import type { LinkOverride, NetworkConfig } from '../sim/network.js';
import type { PhysicalClock } from './types.js';
import type { Reader } from './yaml-reader.js';

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;

/** `2021-11-03T08:51:02` as ms since the Unix epoch (UTC), or undefined when it is not such a time. */
export function parseWallTime(text: string): number | undefined {
  const match = WALL_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '0'] = match;
  const epochMs = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Math.round(+`0.${fraction}` * 1000));
  const check = new Date(epochMs);
  if (check.getUTCMonth() !== +month - 1 || check.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) return undefined;
  return epochMs;
}

export function readDelay(reader: Reader, node: YamlNode | null, path: string): DelayModel | undefined {
  const entries = reader.map(node, path, ['fixed', 'uniform', 'exponential']);
  if (!entries) return undefined;
  if (entries.size !== 1) {
    reader.problem(node, path, 'give exactly one of fixed: N, uniform: [min, max], exponential: { mean: N, min: N }');
    return undefined;
  }
  const [[kind, { value }]] = [...entries];
  const fieldPath = `${path}.${kind}`;
  if (kind === 'fixed') {
    const ms = reader.number(value, fieldPath, { above: 0 });
    return ms === undefined ? undefined : { kind: 'fixed', ms };
  }
  if (kind === 'uniform') {
    if (!isSeq(value) || value.items.length !== 2) {
      reader.problem(value, fieldPath, 'must be [min, max] in ms');
      return undefined;
    }
    const minMs = reader.number(value.items[0] as YamlNode, `${fieldPath}[0]`, { min: 0 });
    const maxMs = reader.number(value.items[1] as YamlNode, `${fieldPath}[1]`, { above: 0 });
    if (minMs === undefined || maxMs === undefined) return undefined;
    if (maxMs < minMs) {
      reader.problem(value, fieldPath, `reversed: min ${minMs} is more than max ${maxMs}`);
      return undefined;
    }
    return { kind: 'uniform', minMs, maxMs };
  }
  const parameters = reader.map(value, fieldPath, ['mean', 'min']);
  if (!parameters) return undefined;
  if (!parameters.has('mean')) {
    reader.problem(value, `${fieldPath}.mean`, 'missing');
    return undefined;
  }
  const meanMs = reader.number(parameters.get('mean')!.value, `${fieldPath}.mean`, { above: 0 });
  const minMs = parameters.has('min') ? reader.number(parameters.get('min')!.value, `${fieldPath}.min`, { min: 0 }) : 0;
  if (meanMs === undefined || minMs === undefined) return undefined;
  if (minMs >= meanMs) {
    reader.problem(value, fieldPath, `reversed: min ${minMs} must be less than the mean ${meanMs}`);
    return undefined;
  }
  return { kind: 'exponential', meanMs, minMs };
}

function readProbability(reader: Reader, node: YamlNode | null, path: string): number | undefined {
  return reader.number(node, path, { min: 0, max: 1 });
}

/** Reads `network:` into `network` (which holds the defaults). */
export function readNetwork(reader: Reader, node: YamlNode | null, network: NetworkConfig): void {
  const entries = reader.map(node, 'network', ['delay', 'loss', 'duplicate', 'links']);
  if (!entries) return;
  if (entries.has('delay')) network.delay = readDelay(reader, entries.get('delay')!.value, 'network.delay') ?? DEFAULT_DELAY;
  if (entries.has('loss')) network.loss = readProbability(reader, entries.get('loss')!.value, 'network.loss') ?? 0;
  if (entries.has('duplicate')) network.duplicate = readProbability(reader, entries.get('duplicate')!.value, 'network.duplicate') ?? 0;
  if (!entries.has('links')) return;
  const links = entries.get('links')!.value;
  if (!isSeq(links)) {
    reader.problem(links, 'network.links', 'must be a list of { from, to, delay, loss, duplicate }');
    return;
  }
  links.items.forEach((item, index) => {
    const path = `network.links[${index}]`;
    const itemNode = item as YamlNode;
    const link = reader.map(itemNode, path, ['from', 'to', 'delay', 'loss', 'duplicate']);
    if (!link) return;
    const override: Partial<LinkOverride> = {};
    for (const end of ['from', 'to'] as const) {
      if (!link.has(end)) reader.problem(itemNode, `${path}.${end}`, 'missing');
      else override[end] = reader.text(link.get(end)!.value, `${path}.${end}`);
    }
    if (link.has('delay')) override.delay = readDelay(reader, link.get('delay')!.value, `${path}.delay`);
    if (link.has('loss')) override.loss = readProbability(reader, link.get('loss')!.value, `${path}.loss`);
    if (link.has('duplicate')) override.duplicate = readProbability(reader, link.get('duplicate')!.value, `${path}.duplicate`);
    if (!link.has('delay') && !link.has('loss') && !link.has('duplicate')) reader.problem(itemNode, path, 'give at least one of delay, loss, duplicate');
    if (override.from !== undefined && override.from === override.to) reader.problem(itemNode, path, 'a link joins two different nodes');
    if (override.from !== undefined && override.to !== undefined) {
      network.links.push(override as LinkOverride);
      reader.named.push({ name: override.from, node: link.get('from')!.value, path: `${path}.from` }, { name: override.to, node: link.get('to')!.value, path: `${path}.to` });
    }
  });
}

/** Reads `clocks:`: physical clocks by node name. */
export function readClocks(reader: Reader, node: YamlNode | null): Record<string, PhysicalClock> {
  const clocks: Record<string, PhysicalClock> = {};
  if (!isMap(node)) {
    reader.problem(node, 'clocks', 'must map node names to { offsetMs, driftPpm }');
    return clocks;
  }
  for (const pair of node.items) {
    const name = reader.text(pair.key as YamlNode, 'clocks');
    if (name === undefined) continue;
    const path = `clocks.${name}`;
    const entries = reader.map(pair.value as YamlNode | null, path, ['offsetMs', 'driftPpm']);
    if (!entries) continue;
    const offsetMs = entries.has('offsetMs') ? reader.number(entries.get('offsetMs')!.value, `${path}.offsetMs`) : 0;
    const driftPpm = entries.has('driftPpm') ? reader.number(entries.get('driftPpm')!.value, `${path}.driftPpm`, { min: -1e6, max: 1e6 }) : 0;
    reader.named.push({ name, node: pair.key as YamlNode, path });
    if (offsetMs !== undefined && driftPpm !== undefined) Object.defineProperty(clocks, name, { value: { offsetMs, driftPpm }, enumerable: true, writable: true, configurable: true });
  }
  return clocks;
}
