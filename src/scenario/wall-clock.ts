/**
 * The wall clock of each node's log: the scenario's start plus the virtual time, as the node's
 * physical clock (offset and drift, `clocks:`) reads it.
 */
import type { WallClock } from '../trace/log.js';
import type { Scenario } from './types.js';

export function scenarioWallClock(scenario: Scenario, nodeNames: readonly string[]): WallClock {
  const start = scenario.startEpochMs;
  const offsets = nodeNames.map((name) => (Object.hasOwn(scenario.clocks, name) ? scenario.clocks[name].offsetMs : 0));
  const rates = nodeNames.map((name) => 1 + (Object.hasOwn(scenario.clocks, name) ? scenario.clocks[name].driftPpm : 0) / 1e6);
  return (node, tUs) => start + offsets[node] + (tUs / 1000) * rates[node];
}
