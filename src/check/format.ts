/** The text `chitty-sim check` prints: a verdict line, then one paragraph per violation. */
import { CLOCK_RULES } from './rules.js';
import type { CheckResult, EventRef } from './types.js';

function eventList(events: EventRef[]): string {
  return events.map((event) => `#${event.i} ${event.node} L${event.lamport}${event.line === undefined ? '' : ` (line ${event.line})`}`).join(', ');
}

/**
 * Formats a result for people.
 * @param label - what was checked (a file name); default none.
 */
export function formatCheckResult(result: CheckResult, label = ''): string {
  const lines: string[] = [];
  const total = result.violations.length + result.omitted;
  const prefix = label === '' ? '' : `${label}: `;
  if (result.status === 'pass') {
    const rules = result.rules?.length ?? Object.keys(CLOCK_RULES).length;
    lines.push(`${prefix}PASS: ${result.events} events; all ${rules} rules hold.`);
  } else {
    const counts = Object.entries(result.byRule ?? {})
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ');
    lines.push(`${prefix}FAIL: ${total} violation${total === 1 ? '' : 's'} in ${result.events} events${counts === '' ? '' : ` (${counts})`}.`);
  }
  for (const violation of result.violations) {
    lines.push('', `${violation.rule}: ${violation.message}`, `  events: ${eventList(violation.events)}`);
  }
  if (result.omitted > 0) lines.push('', `… and ${result.omitted} more violation${result.omitted === 1 ? '' : 's'}, counted but not listed.`);
  const stats = result.stats;
  if (stats !== undefined) {
    const notes: string[] = [];
    if (stats.lateCopiesUnchecked > 0) notes.push(`${stats.lateCopiesUnchecked} late duplicate deliveries could not be compared with their sends`);
    if (stats.inFlightAtEnd > 0) notes.push(`${stats.inFlightAtEnd} messages were still in flight at the end`);
    notes.push(...(result.notes ?? []));
    if (notes.length > 0) lines.push('', `Note: ${notes.join('; ')}.`);
  }
  return lines.join('\n') + '\n';
}
