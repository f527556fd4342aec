import {
  STATE_PRIORITY,
  type AlertState,
  type EvaluationRecord,
} from '../../../shared/alerting/alert.js';
import { isWorseValue } from '../../../shared/alerting/condition.js';
import type { Rule } from '../../../shared/alerting/rule.js';

/** The state and value of one series or Alert after an evaluation. */
export interface SeriesOutcome {
  state: AlertState;
  value: number | null;
}

function rank(state: AlertState): number {
  return STATE_PRIORITY.indexOf(state);
}

/**
 * The log record of one evaluation: counts per state, and the worst series: the highest state
 * in STATE_PRIORITY, then among those the value furthest past the threshold.
 */
export function summarizeEvaluation(
  rule: Rule,
  atMs: number,
  seriesCount: number,
  outcomes: SeriesOutcome[],
  transitionCount: number,
): EvaluationRecord {
  const states: Partial<Record<AlertState, number>> = {};
  let worst: SeriesOutcome | undefined;

  for (const outcome of outcomes) {
    states[outcome.state] = (states[outcome.state] ?? 0) + 1;
    if (worst === undefined || isWorse(rule, outcome, worst)) worst = outcome;
  }

  return {
    ruleId: rule.id,
    atMs,
    series: seriesCount,
    value: worst?.value ?? null,
    threshold: rule.condition.threshold,
    state: worst?.state ?? 'normal',
    states,
    transitions: transitionCount,
  };
}

function isWorse(rule: Rule, a: SeriesOutcome, b: SeriesOutcome): boolean {
  if (rank(a.state) !== rank(b.state)) return rank(a.state) < rank(b.state);
  if (a.value === null) return false;
  if (b.value === null) return true;

  return isWorseValue(rule.condition.op, a.value, b.value);
}
