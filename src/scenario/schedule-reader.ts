/**
 * `schedule:` of a scenario file: the order of a controlled run, one entry per choice point
 * (`- deliver: 3`, `- lose: 3`, `- duplicate: 3`, `- timer: { node: a, name: call }`,
 * `- step: 4`, `- crash: b`, `- restart: b`). What can be told from the file alone is checked
 * here (shapes, node names, steps in their order); whether an entry's event can happen at its
 * point is known only when the run gets there (docs/explore.md).
 */
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { ScheduleEntry } from './types.js';
import { SCENARIO_LIMITS, type Reader } from './yaml-reader.js';

const ACTIONS = ['deliver', 'lose', 'duplicate', 'timer', 'step', 'crash', 'restart'] as const;
const EXAMPLE = '- deliver: 3, - timer: { node: a, name: call }, - step: 0, - lose: 3, - duplicate: 3, - crash: b, - restart: b';

/** Reads `schedule:`; `stepCount` is the number of the scenario's steps. */
export function readSchedule(reader: Reader, node: YamlNode | null, stepCount: number): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  if (!isSeq(node)) {
    reader.problem(node, 'schedule', `must be a list of choices, like ${EXAMPLE}`);
    return entries;
  }
  const items = node.items as YamlNode[];
  if (items.length > SCENARIO_LIMITS.steps) {
    reader.problem(node, 'schedule', `more than ${SCENARIO_LIMITS.steps} entries`);
    return entries;
  }
  let nextStep = 0;
  items.forEach((item, index) => {
    const path = `schedule[${index}]`;
    const fields = reader.map(item, path, ACTIONS);
    if (!fields) return;
    // Unknown keys are reported already.
    if (fields.size === 0 && isMap(item) && item.items.length > 0) return;
    if (fields.size !== 1) {
      reader.problem(item, path, fields.size === 0 ? `an entry names one choice, like ${EXAMPLE}` : `one choice per entry, found ${[...fields.keys()].join(' and ')}`);
      return;
    }
    const [[action, { value }]] = [...fields];
    const fieldPath = `${path}.${action}`;
    const source = reader.at(item, undefined);
    switch (action) {
      case 'deliver':
      case 'lose':
      case 'duplicate': {
        const message = reader.number(value, fieldPath, { integer: true, min: 0 });
        if (message !== undefined) entries.push({ kind: action, message, source });
        return;
      }
      case 'step': {
        const step = reader.number(value, fieldPath, { integer: true, min: 0 });
        if (step === undefined) return;
        if (step >= stepCount) reader.problem(value, fieldPath, stepCount === 0 ? 'the scenario has no steps' : `there is no step ${step}: the steps are 0 to ${stepCount - 1}`);
        else if (step !== nextStep) reader.problem(value, fieldPath, `steps keep their order: the next step here is ${nextStep}, not ${step}`);
        else {
          nextStep++;
          entries.push({ kind: 'step', step, source });
        }
        return;
      }
      case 'timer': {
        const timer = reader.map(value, fieldPath, ['node', 'name']);
        if (!timer) return;
        if (!timer.has('node')) reader.problem(value, `${fieldPath}.node`, 'missing: the node that set the timer');
        if (!timer.has('name')) reader.problem(value, `${fieldPath}.name`, 'missing: the name the node gave the timer');
        if (!timer.has('node') || !timer.has('name')) return;
        const name = reader.nodeName(timer.get('node')!.value, `${fieldPath}.node`);
        const timerName = reader.text(timer.get('name')!.value, `${fieldPath}.name`);
        if (name !== undefined && timerName !== undefined) entries.push({ kind: 'timer', node: name, name: timerName, source });
        return;
      }
      case 'crash':
      case 'restart': {
        const name = reader.nodeName(value, fieldPath);
        if (name !== undefined) entries.push({ kind: action, node: name, source });
        return;
      }
    }
  });
  return entries;
}

/** A YAML scalar: strings always quoted, so that names like 1111 stay strings. */
function scalar(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** One entry as written in a file, with its note as a comment. */
export function scheduleEntryLine(entry: ScheduleEntry): string {
  let text: string;
  switch (entry.kind) {
    case 'deliver':
    case 'lose':
    case 'duplicate':
      text = `${entry.kind}: ${entry.message}`;
      break;
    case 'step':
      text = `step: ${entry.step}`;
      break;
    case 'timer':
      text = `timer: { node: ${scalar(entry.node)}, name: ${scalar(entry.name)} }`;
      break;
    case 'crash':
    case 'restart':
      text = `${entry.kind}: ${scalar(entry.node)}`;
      break;
  }
  return entry.note === undefined ? `- ${text}` : `- ${text.padEnd(24)} # ${entry.note.replace(/[\r\n]+/g, ' ')}`;
}
