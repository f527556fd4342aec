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
import type { InputReader, KnownSource } from './evaluation-inputs.js';
import type { createAlertStore } from './state/alert-store.js';

export interface EvaluateDeps {
  config: AlertingConfig;
  alerts: ReturnType<typeof createAlertStore>;
  history: ReturnType<typeof createHistoryStore>;
  evaluations: ReturnType<typeof createEvaluationLog>;
  notifier: Notifier;
  /** What an evaluation reads, in one round trip (see evaluation-inputs.ts). */
  inputs: InputReader;
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

/** Queries `source` for `rule` at `atMs`; resolves with the outcome and how long it took. */
async function runQuery(
  rule: Rule,
  source: KnownSource | null,
  atMs: number,
  signal: AbortSignal,
): Promise<{ outcome: QueryOutcome; durationMs: number }> {
  const startedAt = performance.now();
  const metric = source?.doc?.metric;
  if (!metric) {
    const problem = source ? 'is invalid' : 'does not exist';
    const outcome = { ok: false as const, error: `source "${rule.source.sourceId}" ${problem}` };
    return { outcome, durationMs: 0 };
  }

  const result = await metric.instant({ query: rule.source.query, atMs }, signal);
  const outcome: QueryOutcome = result.ok
    ? { ok: true, series: result.value }
    : { ok: false, error: result.message };

  return { outcome, durationMs: Math.round(performance.now() - startedAt) };
}

/**
 * The `alert.evaluate` processor: one Rule at one tick. Notifications are queued before the
 * new state is saved, with keys derived from the tick, so a node that dies in between leaves
 * nothing unsent (the re-run queues the same keys, which the delivery queue folds) and a second
 * evaluation of the same tick finds the state saved and changes nothing.
 *
 * The source query starts at once, from the Rule and source as this node last read them, while
 * one pipeline reads the Rule, source and state; it is started again (and the first one's answer
 * dropped) only when that read shows the Rule or its source changed. The state save, the
 * evaluation log and the repeat marks are one script.
 */
export function createEvaluateProcessor(deps: EvaluateDeps) {
  /**
   * Evaluates from the state this node saved last, without reading, when the answer has nothing
   * to send (no transition, nothing firing: most evaluations). The save then applies only if
   * the state, acknowledgements, Rule and source are still as this node saw them; otherwise
   * (undefined) the evaluation goes the read path, reusing the answer when it still stands.
   * Anything to send takes the read path: Notifications are queued only from state just read.
   */
  async function saveUnread(
    cached: NonNullable<ReturnType<InputReader['cached']>>,
    early: ReturnType<typeof runQuery>,
    tickMs: number,
  ): Promise<Pick<EvaluateResult, 'state' | 'transitions' | 'notifications'> | undefined> {
    const { rule: known, source, state } = cached;
    const rule = known.doc;
    if (!rule || !source || !state) return undefined;
    if (state.newestTickMs !== null && state.newestTickMs >= tickMs) return undefined;

    const { outcome, durationMs } = await early;
    const result = evaluateRule(rule, outcome, state.instances, tickMs);
    const hasFiring = [...result.instances.values()].some((a) => a.state === 'firing');
    if (result.transitions.length > 0 || hasFiring) return undefined;
    result.evaluation.durationMs = durationMs;

    const { sourceId } = rule.source;
    const saved = await deps.alerts.save(rule.id, result.instances, state.version, tickMs, {
      evaluation: deps.evaluations.entry(result.evaluation),
      unchanged: {
        ackCount: state.ackCount,
        newestTickMs: state.newestTickMs,
        rules: { key: deps.config.rules.key, id: rule.id, raw: known.raw },
        sources: { key: deps.config.sources.key, id: sourceId, raw: source.raw },
      },
    });
    if (!saved.ok && saved.code !== 'CONFLICT') throw new Error(saved.message);
    deps.inputs.noteState(
      rule.id,
      saved.ok
        ? {
            ...state,
            version: saved.value.version,
            newestTickMs: tickMs,
            instances: result.instances,
          }
        : null,
    );

    return saved.ok
      ? { state: result.evaluation.state, transitions: 0, notifications: 0 }
      : undefined;
  }

  return async (ctx: ProcessorContext): Promise<EvaluateResult> => {
    const ruleId = (ctx.data as { ruleId?: unknown } | null)?.ruleId;
    if (typeof ruleId !== 'string') throw new Error('alert.evaluate needs data.ruleId (a string)');
    const tickMs = parseTickJobId(ctx.jobId)?.fireMs ?? Date.now();
    const base = { ruleId, tickMs, state: 'normal', transitions: 0, notifications: 0 };

    const cached = deps.inputs.cached(ruleId);
    const early = cached?.rule.doc?.enabled
      ? runQuery(cached.rule.doc, cached.source ?? null, tickMs, ctx.signal)
      : undefined;
    const unread = early && cached ? await saveUnread(cached, early, tickMs) : undefined;
    if (unread) return { ...base, ...unread };

    const read = await deps.inputs.read(ruleId, cached?.rule.doc?.source.sourceId);
    const rule = read.rule?.doc;
    if (!rule) return { ...base, skipped: 'rule missing' };
    if (!rule.enabled) return { ...base, skipped: 'rule disabled' };
    // A tick at or before the newest saved one can never be saved (the save's tick guard), so
    // evaluating it would only notify about a state that is thrown away: a stalled job that Bull
    // runs again after newer ticks, or a node that is late. Two evaluations of adjacent ticks
    // that overlap in time are still told apart only by the save.
    if (read.newestTickMs !== null && read.newestTickMs >= tickMs) {
      return { ...base, skipped: 'already evaluated' };
    }

    // The early answer stands when it asked the same source the same query.
    const isSourceRead = read.sourceId === rule.source.sourceId;
    const isCurrent =
      isSourceRead &&
      read.source === cached?.source &&
      cached?.rule.doc?.source.query === rule.source.query;
    const source = isSourceRead
      ? (read.source ?? null)
      : await deps.inputs.readSource(rule.source.sourceId);
    const { outcome, durationMs } = await (early && isCurrent
      ? early
      : runQuery(rule, source, tickMs, ctx.signal));
    const result = evaluateRule(rule, outcome, read.instances, tickMs);
    result.evaluation.durationMs = durationMs;

    const sent = await deps.notifier.notify({
      rule,
      tickMs,
      transitions: result.transitions,
      instances: result.instances,
      repeatMarks: read.repeatMarks,
    });
    const saved = await deps.alerts.save(rule.id, result.instances, read.version, tickMs, {
      evaluation: deps.evaluations.entry(result.evaluation),
      marks: { key: deps.notifier.marksKey(rule.id), items: sent.marks },
    });
    deps.inputs.noteState(
      rule.id,
      saved.ok
        ? {
            version: saved.value.version,
            ackCount: read.ackCount,
            newestTickMs: tickMs,
            instances: result.instances,
          }
        : null,
    );
    if (!saved.ok) {
      if (saved.code !== 'CONFLICT') throw new Error(saved.message);
      // What was queued goes out (its keys fold a re-run): its repeat marks must say so.
      await deps.notifier.remember(rule.id, sent.marks);
      return { ...base, skipped: 'already evaluated' };
    }

    await deps.history.append(result.transitions.map(transitionRecord));
    for (const t of result.transitions) {
      deps.log.info('alert transition', { ruleId, seriesKey: t.seriesKey, from: t.from, to: t.to });
    }

    return {
      ...base,
      state: result.evaluation.state,
      transitions: result.transitions.length,
      notifications: sent.queued,
    };
  };
}
