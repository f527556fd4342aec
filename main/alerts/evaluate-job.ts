import type { Logger } from '../log/logger.js';
import type { ProcessorContext } from '../queues/processor.js';
import { parseTickJobId } from '../scheduler/tick-id.js';
import type { Rule } from '../../shared/alerting/rule.js';
import { evaluateRule, type QueryOutcome } from './engine/evaluate.js';
import type { createEvaluationLog } from './history/evaluation-log.js';
import { transitionRecord, type createHistoryStore } from './history/history-store.js';
import type { Notifier } from './notifier.js';
import { createSource, type SourceDeps } from './sources/index.js';
import type { AlertingConfig } from './config-stores.js';
import type { createAlertStore } from './state/alert-store.js';

export interface EvaluateDeps {
  config: AlertingConfig;
  alerts: ReturnType<typeof createAlertStore>;
  history: ReturnType<typeof createHistoryStore>;
  evaluations: ReturnType<typeof createEvaluationLog>;
  notifier: Notifier;
  sourceDeps: SourceDeps;
  log: Logger;
}

/** What one evaluation did, kept as the job's return value. */
export interface EvaluateResult {
  ruleId: string;
  tickMs: number;
  state: string;
  transitions: number;
  notifications: number;
  skipped?: 'rule missing' | 'rule disabled' | 'already evaluated';
}

/** Queries a Rule's source at `atMs`; a missing source or a failed query is an error outcome. */
export async function queryRule(
  rule: Rule,
  atMs: number,
  deps: EvaluateDeps,
  signal?: AbortSignal,
): Promise<QueryOutcome> {
  const source = await deps.config.sources.get(rule.source.sourceId);
  if (!source) return { ok: false, error: `source "${rule.source.sourceId}" does not exist` };

  const result = await createSource(source.config, deps.sourceDeps).instant(
    { query: rule.source.query, atMs },
    signal,
  );

  return result.ok ? { ok: true, series: result.value } : { ok: false, error: result.message };
}

/**
 * The `alert.evaluate` processor: one Rule at one tick. Notifications are queued before the
 * new state is saved, with keys derived from the tick, so a node that dies in between leaves
 * nothing unsent (the re-run queues the same keys, which the delivery queue folds) and a second
 * evaluation of the same tick finds the state saved and changes nothing.
 */
export function createEvaluateProcessor(deps: EvaluateDeps) {
  return async (ctx: ProcessorContext): Promise<EvaluateResult> => {
    const ruleId = (ctx.data as { ruleId?: unknown } | null)?.ruleId;
    if (typeof ruleId !== 'string') throw new Error('alert.evaluate needs data.ruleId (a string)');
    const tickMs = parseTickJobId(ctx.jobId)?.fireMs ?? Date.now();
    const base = { ruleId, tickMs, state: 'normal', transitions: 0, notifications: 0 };

    const rule = await deps.config.rules.get(ruleId);
    if (!rule) return { ...base, skipped: 'rule missing' };
    if (!rule.enabled) return { ...base, skipped: 'rule disabled' };
    // A tick at or before the newest saved one can never be saved (the save's tick guard), so
    // evaluating it would only notify about a state that is thrown away: a stalled job that Bull
    // runs again after newer ticks, or a node that is late. Two evaluations of adjacent ticks
    // that overlap in time are still told apart only by the save.
    const newestTickMs = await deps.alerts.newestTick(rule.id);
    if (newestTickMs !== null && newestTickMs >= tickMs) {
      return { ...base, skipped: 'already evaluated' };
    }

    const startedAt = performance.now();
    const outcome = await queryRule(rule, tickMs, deps, ctx.signal);
    const previous = await deps.alerts.load(rule.id);
    const result = evaluateRule(rule, outcome, previous.instances, tickMs);
    result.evaluation.durationMs = Math.round(performance.now() - startedAt);

    const notifications = await deps.notifier.notify({
      rule,
      tickMs,
      transitions: result.transitions,
      instances: result.instances,
    });
    const saved = await deps.alerts.save(rule.id, result.instances, previous.version, tickMs);
    if (!saved.ok) {
      if (saved.code === 'CONFLICT') return { ...base, skipped: 'already evaluated' };
      throw new Error(saved.message);
    }

    await deps.history.append(result.transitions.map(transitionRecord));
    await deps.evaluations.record(result.evaluation);
    for (const t of result.transitions) {
      deps.log.info('alert transition', { ruleId, seriesKey: t.seriesKey, from: t.from, to: t.to });
    }

    return {
      ...base,
      state: result.evaluation.state,
      transitions: result.transitions.length,
      notifications,
    };
  };
}
