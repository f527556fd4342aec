import { stateResetReason } from '../alerts/engine/rule-edit.js';
import { queryRule } from '../alerts/evaluate-job.js';
import {
  STATE_PRIORITY,
  type AlertInstance,
  type AlertState,
} from '../../shared/alerting/alert.js';
import { isConditionMet } from '../../shared/alerting/condition.js';
import type { Rule } from '../../shared/alerting/rule.js';
import type { RuleRow, RuleTestResult } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { ConsoleSession } from './session.js';

/** The worst state of a Rule's Alerts and how many are in each state. */
function summarizeStates(instances: Iterable<AlertInstance>): Pick<RuleRow, 'worst' | 'states'> {
  const states: Partial<Record<AlertState, number>> = {};
  for (const alert of instances) states[alert.state] = (states[alert.state] ?? 0) + 1;
  const worst = STATE_PRIORITY.find((s) => (states[s] ?? 0) > 0) ?? 'normal';

  return { worst, states };
}

/** Rows for Rules: Alert states and the last evaluation, in two round trips for all of them. */
export async function ruleRows(session: ConsoleSession, rules: Rule[]): Promise<RuleRow[]> {
  const { alerts, evaluations } = session.alerting.deps;
  const ids = rules.map((r) => r.id);
  const [instances, latest] = await Promise.all([alerts.loadMany(ids), evaluations.latest(ids)]);

  return rules.map((rule) => ({
    rule,
    ...summarizeStates(instances.get(rule.id)?.values() ?? []),
    lastEvaluation: latest.get(rule.id) ?? null,
  }));
}

/** One Rule's row; NOT_FOUND naming it when it does not exist. */
export async function ruleRow(session: ConsoleSession, id: string): Promise<Result<RuleRow>> {
  const rule = await session.alerting.config.rules.get(id);
  if (!rule) return fail('NOT_FOUND', `rule "${id}" does not exist`);
  const [row] = await ruleRows(session, [rule]);

  return row ? ok(row) : fail('INTERNAL', `no row for rule "${id}"`);
}

/** A Rule validated as it would be saved: its schema, its id length and its source. */
export async function validateRule(session: ConsoleSession, draft: unknown): Promise<Result<Rule>> {
  const { config } = session.alerting;
  const parsed = config.rules.validate(draft);

  return parsed.ok ? config.checkRule(parsed.value) : parsed;
}

/**
 * The Rule a test or replay runs: the saved Rule when the draft is only `{ id }`, otherwise the
 * draft itself, validated but not saved.
 */
export async function ruleFromDraft(
  session: ConsoleSession,
  draft: Record<string, unknown>,
): Promise<Result<Rule>> {
  const keys = Object.keys(draft);
  if (keys.length === 1 && typeof draft.id === 'string') {
    const saved = await session.alerting.config.rules.get(draft.id);
    return saved ? ok(saved) : fail('NOT_FOUND', `rule "${draft.id}" does not exist`);
  }

  return validateRule(session, draft);
}

/**
 * Saves a Rule and its evaluation Schedule. An edit that changes what the Rule measures
 * (source, query, op) or disables it drops its Alerts, as `dipper apply` does.
 */
export async function saveRule(
  session: ConsoleSession,
  draft: unknown,
  create: boolean,
): Promise<Result<Rule>> {
  const { config, alerts } = session.alerting.deps;
  const parsed = config.rules.validate(draft);
  if (!parsed.ok) return parsed;
  const before = create ? null : await config.rules.get(parsed.value.id);

  const saved = await config.saveRule(parsed.value, create ? 'create' : 'update');
  if (!saved.ok) return saved;
  const reason = before ? stateResetReason(before, saved.value) : null;
  if (reason !== null) {
    await alerts.reset(saved.value.id);
    session.log.info('rule alerts reset by edit', { ruleId: saved.value.id, reason });
  }

  return saved;
}

/** Runs the Rule's query now and says, per series, whether its condition holds. Saves nothing. */
export async function testRule(
  session: ConsoleSession,
  rule: Rule,
  signal: AbortSignal,
): Promise<RuleTestResult> {
  const atMs = Date.now();
  const startedAt = performance.now();
  const outcome = await queryRule(rule, atMs, session.alerting.deps, signal);
  const durationMs = Math.round(performance.now() - startedAt);
  const { op, threshold } = rule.condition;

  const series = (outcome.ok ? outcome.series : []).map((s) => {
    const last = s.samples.at(-1)?.v;
    const value = last === undefined || Number.isNaN(last) ? null : last;
    return {
      labels: { ...s.labels, ...rule.labels },
      value,
      conditionMet: value !== null && isConditionMet(op, value, threshold),
    };
  });

  return { atMs, durationMs, threshold, series, error: outcome.ok ? null : outcome.error };
}
