/**
 * Shrinks a failing scenario: greedily removes steps, participants and network faults while the
 * scenario stays valid and still fails, until nothing more can go. Deterministic.
 */
import { builtinProtocol } from '../protocols/registry.js';
import { parseScenario } from '../scenario/parse.js';
import { isCommandStep, type Scenario, type Step } from '../scenario/types.js';
import { scenarioToYaml } from '../scenario/write.js';

/** Whether a scenario is one `chitty-sim run` accepts (checked by a write-and-read round trip). */
export function isValidScenario(scenario: Scenario): boolean {
  return parseScenario(scenarioToYaml(scenario)).ok;
}

/** The scenario with other steps; a built-in that derives its nodes from its steps gets them again. */
function withSteps(scenario: Scenario, steps: Step[]): Scenario {
  const parsed = parseScenario(scenarioToYaml({ ...scenario, steps }));
  return parsed.ok ? { ...scenario, steps, nodes: parsed.scenario.nodes } : { ...scenario, steps };
}

/** Whether a step names `node` (as its node, or an end of a block or heal). */
function names(step: Step, node: string): boolean {
  return ('node' in step && step.node === node) || ('from' in step && (step.from === node || step.to === node));
}

/** The scenario without `node`: its steps, links and clock go, and partitions no longer list it. */
function withoutNode(scenario: Scenario, node: string): Scenario {
  const steps: Step[] = [];
  for (const step of scenario.steps) {
    if (names(step, node)) continue;
    if (step.kind !== 'partition') {
      steps.push(step);
      continue;
    }
    const groups = step.groups.map((group) => group.filter((name) => name !== node)).filter((group) => group.length > 0);
    if (groups.length > 0) steps.push({ ...step, groups });
  }
  const clocks = { ...scenario.clocks };
  delete clocks[node];
  const network = { ...scenario.network, links: scenario.network.links.filter((link) => link.from !== node && link.to !== node) };
  return { ...scenario, nodes: scenario.nodes.filter((name) => name !== node), steps, clocks, network };
}

function* candidates(scenario: Scenario): Generator<Scenario> {
  const steps = scenario.steps;
  // Whole nodes first: the biggest cuts. A protocol that lists its nodes loses the node too; a
  // built-in that derives them (Chitty-Chat) loses the steps that make it a node.
  if (builtinProtocol(scenario.protocol)?.syntax === undefined) {
    if (scenario.nodes.length > 1) for (const node of scenario.nodes) yield withoutNode(scenario, node);
  } else {
    const commanded = [...new Set(steps.filter(isCommandStep).map((step) => step.node))];
    for (const name of commanded) yield withSteps(scenario, steps.filter((step) => !('node' in step && step.node === name)));
  }
  for (let k = steps.length - 1; k >= 0; k--) yield withSteps(scenario, steps.filter((_, j) => j !== k));
  if (scenario.network.loss > 0) yield { ...scenario, network: { ...scenario.network, loss: 0 } };
  if (scenario.network.duplicate > 0) yield { ...scenario, network: { ...scenario.network, duplicate: 0 } };
  if (scenario.network.links.length > 0) yield { ...scenario, network: { ...scenario.network, links: [] } };
  if (scenario.network.delay.kind !== 'fixed') yield { ...scenario, network: { ...scenario.network, delay: { kind: 'fixed', ms: 1 } } };
  if (Object.keys(scenario.options).length > 0) yield { ...scenario, options: {} };
  // Start at 0; then earlier, rounder times.
  if (steps.length > 0 && steps[0].atMs > 0) yield withSteps(scenario, steps.map((step) => ({ ...step, atMs: step.atMs - steps[0].atMs })));
  if (steps.some((step) => step.atMs !== Math.round(step.atMs / 100) * 100)) {
    yield withSteps(scenario, steps.map((step) => ({ ...step, atMs: Math.round(step.atMs / 100) * 100 })));
  }
}

/**
 * @param fails - whether a candidate still shows the failure (same rule).
 * @param maxTries - candidates tried at most; default 2,000.
 */
export function shrinkScenario(scenario: Scenario, fails: (candidate: Scenario) => boolean, maxTries = 2000): Scenario {
  let current = scenario;
  let tries = 0;
  let improved = true;
  while (improved && tries < maxTries) {
    improved = false;
    for (const candidate of candidates(current)) {
      if (++tries > maxTries) break;
      if (!isValidScenario(candidate)) continue;
      if (fails(candidate)) {
        current = candidate;
        improved = true;
        break;
      }
    }
  }
  return current;
}
