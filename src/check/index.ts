/** The clock-ordering checker: streaming core, rule sets, run-time sink and text report. */
export { TraceChecker, createChecker, checkEvents, type CheckOptions } from './checker.js';
export { CheckSink, createCheckSink } from './sink.js';
export { CLOCK_RULES, type ClockRuleId } from './rules.js';
export { mutualExclusionRules, MUTUAL_EXCLUSION_RULES } from './mutual-exclusion.js';
export type { CheckedEvent, RuleChecker, RuleContext, RuleSet } from './rule-set.js';
export { formatCheckResult } from './format.js';
export type { CheckResult, CheckStats, EventRef, Violation } from './types.js';
