/**
 * Chitty-Chat as a protocol: one server and participants, as the student report describes them,
 * run through the public node API like any other protocol. Its variants are the clock modes:
 * `lamport` (correct), `report` (the report's implementation, bug included) and mistakes real
 * implementations make.
 */
import type { NodeContext, NodeHandlers } from '../../sim/node-api.js';
import { hasFaults, type Scenario } from '../../scenario/types.js';
import type { BuiltinProtocol } from '../protocol.js';
import { clockMode, CLOCK_MODES } from './clock-modes.js';
import { DEFAULT_CALL_POLICY, SERVER_NAME, type CallPolicy } from './messages.js';
import { palette, refusalOf, title } from './palette.js';
import { participant } from './participant.js';
import { chittyChatRules } from './rules/index.js';
import { chittyChatSyntax } from './scenario-syntax.js';
import { server } from './server.js';

/** The options every Chitty-Chat node reads: when and how its calls time out. */
export interface ChittyChatOptions {
  calls: CallPolicy;
}

function options(scenario: Scenario): Record<string, unknown> {
  const timeouts = scenario.options.timeouts as { rpcMs: number; retries: number } | undefined;
  // Without faults no call can fail, so no timers are set: they would only cost time.
  const calls: CallPolicy = { ...DEFAULT_CALL_POLICY, ...timeouts, enabled: timeouts !== undefined || hasFaults(scenario) };
  return { calls } satisfies ChittyChatOptions;
}

function node(ctx: NodeContext): NodeHandlers {
  const mode = clockMode(ctx.variant) ?? CLOCK_MODES[0];
  const calls = (ctx.options as unknown as Partial<ChittyChatOptions>).calls ?? DEFAULT_CALL_POLICY;
  return ctx.name === SERVER_NAME ? server(ctx, mode, calls) : participant(ctx, mode, calls);
}

export const chittyChat: BuiltinProtocol = {
  name: 'chitty-chat',
  title,
  summary: "The course's chat service: a server that broadcasts every participant's messages, with the report's Lamport clocks",
  variants: CLOCK_MODES.map(({ name, summary }) => ({ name, summary })),
  node,
  options,
  palette,
  refusalOf,
  rules: chittyChatRules(),
  syntax: chittyChatSyntax,
};
