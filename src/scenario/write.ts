/**
 * Writes a scenario back as a scenario file, in the documented format, so that `chitty-sim run`
 * reads it to the same scenario (used by `fuzz` and `explore` for the scenarios they find). A
 * built-in protocol's steps are written in its own shorthand.
 */
import { stringify } from 'yaml';
import { builtinProtocol } from '../protocols/registry.js';
import { scheduleEntryLine } from './schedule-reader.js';
import type { DelayModel } from '../sim/delay.js';
import { DEFAULT_PROTOCOL, type Scenario, type Step } from './types.js';

/** A YAML scalar: strings always quoted, so that names like 1111 stay strings. */
function scalar(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function delay(model: DelayModel): string {
  switch (model.kind) {
    case 'fixed':
      return `{ fixed: ${model.ms} }`;
    case 'uniform':
      return `{ uniform: [${model.minMs}, ${model.maxMs}] }`;
    case 'exponential':
      return `{ exponential: { mean: ${model.meanMs}, min: ${model.minMs} } }`;
  }
}

/** Plain data as one line of YAML flow style (JSON is YAML). */
function flow(value: unknown): string {
  return JSON.stringify(value);
}

function generalStep(step: Step): string {
  const at = `at: ${step.atMs}`;
  switch (step.kind) {
    case 'command': {
      const args = Object.keys(step.args).length > 0 ? `, args: ${flow(step.args)}` : '';
      return `{ ${at}, node: ${scalar(step.node)}, command: ${scalar(step.command)}${args} }`;
    }
    case 'crash':
    case 'restart':
      return `{ ${at}, ${step.kind}: ${scalar(step.node)} }`;
    case 'partition':
      return `{ ${at}, partition: [${step.groups.map((group) => `[${group.map(scalar).join(', ')}]`).join(', ')}] }`;
    case 'block':
      return `{ ${at}, block: { from: ${scalar(step.from)}, to: ${scalar(step.to)} } }`;
    case 'heal':
      return step.from === undefined ? `{ ${at}, heal: all }` : `{ ${at}, heal: { from: ${scalar(step.from)}, to: ${scalar(step.to!)} } }`;
  }
}

/**
 * The scenario as YAML. `comment` lines (e.g. how the file was found) go on top; `extra` lines at
 * the end, after the schedule (each entry's note as a comment). A generated workload is written
 * out as its steps.
 */
export function scenarioToYaml(scenario: Scenario, comment: string[] = [], extra: string[] = []): string {
  const syntax = builtinProtocol(scenario.protocol)?.syntax;
  const lines = comment.map((line) => `# ${line}`);
  lines.push(`name: ${stringify(scenario.name).trimEnd()}`);
  if (scenario.protocol !== DEFAULT_PROTOCOL) lines.push(`protocol: ${scalar(scenario.protocol)}`);
  lines.push(`seed: ${scenario.seed}`);
  if (scenario.variant !== '') lines.push(`${scenario.protocol === DEFAULT_PROTOCOL ? 'clock' : 'variant'}: ${scenario.variant}`);
  if (scenario.startEpochMs !== 0) lines.push(`start: ${new Date(scenario.startEpochMs).toISOString().replace(/\.000Z$/, '').replace(/Z$/, '')}`);
  if (syntax === undefined) lines.push(`nodes: [${scenario.nodes.map(scalar).join(', ')}]`);
  const network = scenario.network;
  lines.push('network:');
  lines.push(`  delay: ${delay(network.delay)}`);
  if (network.loss > 0) lines.push(`  loss: ${network.loss}`);
  if (network.duplicate > 0) lines.push(`  duplicate: ${network.duplicate}`);
  if (network.links.length > 0) {
    lines.push('  links:');
    for (const link of network.links) {
      const fields = [`from: ${scalar(link.from)}`, `to: ${scalar(link.to)}`];
      if (link.delay) fields.push(`delay: ${delay(link.delay)}`);
      if (link.loss !== undefined) fields.push(`loss: ${link.loss}`);
      if (link.duplicate !== undefined) fields.push(`duplicate: ${link.duplicate}`);
      lines.push(`    - { ${fields.join(', ')} }`);
    }
  }
  const clocks = Object.entries(scenario.clocks);
  if (clocks.length > 0) {
    lines.push('clocks:');
    for (const [name, clock] of clocks) lines.push(`  ${scalar(name)}: { offsetMs: ${clock.offsetMs}, driftPpm: ${clock.driftPpm} }`);
  }
  if (syntax?.writeKeys !== undefined) lines.push(...syntax.writeKeys(scenario));
  else if (Object.keys(scenario.options).length > 0) lines.push(`options: ${flow(scenario.options)}`);
  lines.push(scenario.steps.length === 0 ? 'steps: []' : 'steps:');
  for (const step of scenario.steps) lines.push(`  - ${syntax?.writeStep?.(step) ?? generalStep(step)}`);
  if (scenario.schedule !== undefined) {
    lines.push(scenario.schedule.length === 0 ? 'schedule: []' : 'schedule:');
    for (const entry of scenario.schedule) lines.push(`  ${scheduleEntryLine(entry)}`);
  }
  lines.push(...extra);
  return lines.join('\n') + '\n';
}
