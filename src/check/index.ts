/** The clock-ordering checker: streaming core, run-time sink, rule list and text report. */
export { TraceChecker, createChecker, checkEvents, type CheckOptions } from './checker.js';
export { CheckSink, createCheckSink } from './sink.js';
export { RULES, RULE_IDS, MAX_CHAT_CODE_POINTS, type RuleId } from './rules.js';
export { formatCheckResult } from './format.js';
export type { CheckResult, CheckStats, EventRef, Violation } from './types.js';
