/**
 * ShiViz's own example logs (Voldemort, Chord, SimpleDB, WiredTiger lock traces, a TLA+ trace of
 * EWD998, Akka reliable broadcast, multi-execution comparisons), read with the regex and delimiter
 * ShiViz's page gives each: every event imported, ShiViz's edges kept, zero violations, and the
 * export of each read back exactly. The logs are not part of this repository: set SHIVIZ_REPO to a
 * checkout of https://github.com/DistributedClocks/shiviz (its index.html and log/) to run this.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvents } from '../../src/check/checker.js';
import { exportShiviz } from '../../src/export/shiviz.js';
import { readShivizExecutions, readShivizLog } from '../../src/import/shiviz.js';
import type { TraceEvent } from '../../src/trace/format.js';
import { messageEnds } from '../../src/trace/message-ends.js';
import { shivizModel } from './vc-logs.js';

const REPO = process.env.SHIVIZ_REPO;
const available = REPO !== undefined && existsSync(path.join(REPO, 'index.html')) && existsSync(path.join(REPO, 'log'));

/** ShiViz's default parser (js/shiviz.js). */
const DEFAULT_PARSER = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;
/**
 * Logs ShiViz ships but its page no longer links: read with the regex of the log they are a
 * variant of (the page linked them with it before: facebook-study.log and voldemort.log in its
 * history; reliable-broadcast.log is simple-reliable-broadcast.log's longer run).
 */
const VARIANT_OF: Record<string, string> = {
  'facebook-study.log': 'facebook.log',
  'facebook-multiple-study.log': 'facebook-multiple.log',
  'voldemort.log': 'voldemort-simple-threadnames.log',
  'reliable-broadcast.log': 'simple-reliable-broadcast.log',
};

/** The example links of ShiViz's page: log file, parser regex and delimiter, HTML entities decoded. */
function exampleLinks(html: string): Map<string, { parser: string; delimiter: string | undefined }> {
  const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const links = new Map<string, { parser: string; delimiter: string | undefined }>();
  for (const tag of html.matchAll(/<a class="log-link"((?:\s+[\w-]+=(?:"[^"]*"|'[^']*'))*)\s*>/g)) {
    const attributes: Record<string, string> = {};
    for (const attribute of tag[1].matchAll(/([\w-]+)=(?:"([^"]*)"|'([^']*)')/g)) attributes[attribute[1]] = decode(attribute[2] ?? attribute[3]);
    links.set(attributes['data-log'], { parser: attributes['data-parser'] ?? DEFAULT_PARSER, delimiter: attributes['data-delimiter'] });
  }
  return links;
}

/** The entries of each execution as ShiViz's LogParser finds them (js/model/parser.js), written anew. */
function shivizEntries(text: string, parser: string, delimiter: string | undefined): { label: string; entries: { host: string; clock: Record<string, number> }[] }[] {
  const raw = text.trim();
  const parts: { label: string; text: string }[] = [];
  if (delimiter === undefined || delimiter.trim() === '') parts.push({ label: '', text: raw });
  else {
    const split = new RegExp(delimiter.trim().replace(/\(\?<\w+?>/g, '(?:'), 'gm');
    const pieces = raw.split(split);
    const labels = ['', ...[...raw.matchAll(new RegExp(delimiter.trim(), 'gm'))].map((match) => match.groups?.trace ?? '')];
    pieces.forEach((piece, k) => {
      if (piece.trim() !== '') parts.push({ label: labels[k], text: piece });
    });
  }
  return parts.map(({ label, text: part }) => ({
    label,
    entries: [...part.matchAll(new RegExp(parser.trim(), 'gm'))].map((match) => {
      let clock: Record<string, number>;
      try {
        clock = JSON.parse(match.groups!.clock) as Record<string, number>;
      } catch {
        clock = JSON.parse(match.groups!.clock.replace(/\\"/g, '"')) as Record<string, number>;
      }
      return { host: match.groups!.host, clock };
    }),
  }));
}

/** Each event's parents (the sends of what it receives) as `host:own`. */
function importedParents(events: readonly TraceEvent[]): Map<string, string[]> {
  const key = (event: TraceEvent) => `${event.node}:${event.vc![event.node]}`;
  const senderOf = new Map<number, string>();
  for (const event of events) for (const end of messageEnds(event)) if (end.kind === 'send') senderOf.set(end.msg, key(event));
  return new Map(events.map((event) => [key(event), messageEnds(event).filter((end) => end.kind === 'receive').map((end) => senderOf.get(end.msg)!).sort()]));
}

describe.skipIf(!available)("ShiViz's example logs", () => {
  const links = available ? exampleLinks(readFileSync(path.join(REPO!, 'index.html'), 'utf8')) : new Map();
  const logs = available ? readdirSync(path.join(REPO!, 'log')).filter((name) => name.endsWith('.log')).sort() : [];

  it.each(logs)('%s opens with ShiViz\'s regex and delimiter, imports every event, and checks with zero violations', (name) => {
    const link = links.get(name) ?? links.get(VARIANT_OF[name]);
    expect(link, `no example link for ${name}`).toBeDefined();
    const text = readFileSync(path.join(REPO!, 'log', name), 'utf8');
    const executions = readShivizExecutions(text, { name, regex: link!.parser, delimiter: link!.delimiter });
    const expected = shivizEntries(text, link!.parser, link!.delimiter);
    expect(executions.map((execution) => execution.name)).toEqual(expected.map((part) => part.label));
    const rows: string[] = [];
    executions.forEach((execution, k) => {
      expect(execution.events).toHaveLength(expected[k].entries.length);
      const parents = importedParents(execution.events);
      for (const entry of shivizModel(expected[k].entries)) expect(parents.get(`${entry.host}:${entry.own}`)).toEqual(entry.parents);
      const result = checkEvents(execution.events, { rules: [] });
      expect(result.violations).toEqual([]);
      // The export of what was read reads back exactly.
      const back = readShivizLog(exportShiviz(execution.events), { name });
      expect(back.restored).toBe(true);
      expect(back.events).toEqual(execution.events);
      const edges = execution.events.reduce((sum, event) => sum + messageEnds(event).filter((end) => end.kind === 'receive').length, 0);
      const several = execution.events.filter((event) => event.also !== undefined).length;
      rows.push(`${name} [${execution.name}]: ${execution.events.length} events, ${execution.hosts.length} hosts, ${edges} messages received, ${several} events with several ends, ${result.violations.length + result.omitted} violations`);
    });
    console.log(rows.join('\n'));
  });
});
