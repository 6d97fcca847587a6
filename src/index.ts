/**
 * The package's public API: the types a protocol module is written against
 * (`import type { Protocol, NodeContext, Message } from 'chitty-sim'`). docs/protocols.md explains
 * them; the command line (`chitty-sim`) runs protocols written against them.
 */
export type { Message, NodeContext, NodeHandlers, NodeFactory, RecordOptions, SendOptions, LocalOptions, RegionMark } from './sim/node-api.js';
export type { Protocol, Variant, Palette, PaletteEntry, GeneratedStep, GeneratedWorkload } from './protocols/protocol.js';
export type { RuleSet, RuleChecker, RuleContext, CheckedEvent } from './check/rule-set.js';
export type { Scenario, Step, CommandStep, FaultStep } from './scenario/types.js';
export type { TraceEvent, TraceHeader } from './trace/format.js';
export type { CheckResult, Violation, EventRef } from './check/types.js';
