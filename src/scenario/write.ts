/**
 * Writes a scenario back as a scenario file, in the documented format, so that `chitty-sim run`
 * reads it to the same scenario (used by `chitty-sim fuzz` for its shrunk failures).
 */
import { stringify } from 'yaml';
import type { DelayModel } from '../sim/delay.js';
import type { Scenario, Step } from './types.js';

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

function step(step: Step): string {
  const at = `at: ${step.atMs}`;
  switch (step.kind) {
    case 'join':
    case 'leave':
      return `{ ${at}, ${step.kind}: ${scalar(step.participant)} }`;
    case 'publish':
      return `{ ${at}, publish: ${scalar(step.participant)}, message: ${scalar(step.text)} }`;
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
 * The scenario as YAML. `comment` lines (e.g. how the file was found) go on top.
 * A generated workload is written out as its steps.
 */
export function scenarioToYaml(scenario: Scenario, comment: string[] = []): string {
  const lines = comment.map((line) => `# ${line}`);
  lines.push(`name: ${stringify(scenario.name).trimEnd()}`);
  lines.push(`seed: ${scenario.seed}`);
  lines.push(`clock: ${scenario.clock}`);
  if (scenario.startEpochMs !== 0) lines.push(`start: ${new Date(scenario.startEpochMs).toISOString().replace(/\.000Z$/, '').replace(/Z$/, '')}`);
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
  if (scenario.timeouts) lines.push(`timeouts: { rpcMs: ${scenario.timeouts.rpcMs}, retries: ${scenario.timeouts.retries} }`);
  lines.push(scenario.steps.length === 0 ? 'steps: []' : 'steps:');
  for (const s of scenario.steps) lines.push(`  - ${step(s)}`);
  return lines.join('\n') + '\n';
}
