import type { Processor } from '../queues/processor.js';
import type { EnqueueReport } from '../notify/delivery.js';
import { MAX_NOTIFICATION_ALERTS } from '../../shared/alerting/notification.js';
import type { Rule, Severity } from '../../shared/alerting/rule.js';
import { WEEK_MS, WeeklyReportDataSchema, type WeeklyReportData } from '../../shared/jobs.js';
import { readTransitions } from './history-read.js';
import { parseJobData, tickOf } from './job-support.js';
import type { PlatformDeps } from './platform-deps.js';
import { digestTransitions, type ReportedRule } from './report-digest.js';
import { buildReportNotification, reportIdempotencyKey } from './report-message.js';

/** What a `report.weekly` Job returns. */
export type WeeklyReportResult =
  | ({ idempotencyKey: string; fromMs: number; toMs: number; rules: number } & EnqueueReport)
  | { skipped: 'no rules'; fromMs: number; toMs: number };

/**
 * `report.weekly`: digests the alert history of the `weeks` weeks before the tick per Rule
 * (firings, time firing, mean time to resolve, flaps; see report-digest.ts) and queues it as
 * one Notification to the channels. Its idempotency key comes from the week and the tick, so a
 * re-run of the tick, on any node, queues the same delivery Jobs and sends nothing twice.
 */
export function createWeeklyReportProcessor(deps: PlatformDeps): Processor {
  return async (ctx): Promise<WeeklyReportResult> => {
    const data = parseJobData(WeeklyReportDataSchema, ctx);
    const toMs = tickOf(ctx, deps.now ?? Date.now);
    const fromMs = toMs - data.weeks * WEEK_MS;
    await checkChannels(deps, data.channelIds);

    const { transitions, isPartial } = await readTransitions(deps.history, fromMs, toMs);
    const rules = await rulesToReport(
      deps,
      data,
      transitions.map((t) => t.ruleId),
    );
    if (rules.reported.length === 0) return { skipped: 'no rules', fromMs, toMs };
    const digests = digestTransitions(transitions, rules.reported, fromMs, toMs);
    if (digests.length > MAX_NOTIFICATION_ALERTS) {
      deps.log.warn('weekly report cut to the Rules that fired most', {
        rules: digests.length,
        kept: MAX_NOTIFICATION_ALERTS,
      });
    }

    const report = { fromMs, toMs, rules: digests.slice(0, MAX_NOTIFICATION_ALERTS), isPartial };
    const idempotencyKey = reportIdempotencyKey(data, toMs);
    const notification = buildReportNotification(report, rules.severities, idempotencyKey);
    await deps.refreshChannels?.();
    const queued = await deps.delivery.enqueue(notification, data.channelIds);
    if (!queued.ok) throw new Error(`queueing the weekly report failed: ${queued.message}`);
    deps.log.info('weekly report queued', { idempotencyKey, rules: report.rules.length });

    return { idempotencyKey, fromMs, toMs, rules: report.rules.length, ...queued.value };
  };
}

/** Fails the Job before any work when a channel is not configured: a typo in the schedule. */
async function checkChannels(deps: PlatformDeps, channelIds: string[]): Promise<void> {
  const known = new Set((await deps.config.channels.list()).map((c) => c.id));
  const missing = channelIds.filter((id) => !known.has(id));
  if (missing.length === 0) return;

  const named = missing.map((id) => `"${id}"`).join(', ');
  const configured = [...known].join(', ') || '(none)';
  throw new Error(`channel ${named} does not exist; configured: ${configured}`);
}

/** The Rules asked for, or every configured Rule plus those in the history (maybe deleted). */
async function rulesToReport(
  deps: PlatformDeps,
  data: WeeklyReportData,
  seenRuleIds: string[],
): Promise<{ reported: ReportedRule[]; severities: Map<string, Severity> }> {
  const configured = new Map<string, Rule>(
    (await deps.config.rules.list()).map((rule) => [rule.id, rule]),
  );
  const ids = data.ruleIds ?? [...configured.keys(), ...seenRuleIds];
  const unique = [...new Set(ids)].sort();

  return {
    reported: unique.map((id) => ({ id, name: configured.get(id)?.name ?? id })),
    severities: new Map(
      unique.flatMap((id) => {
        const severity = configured.get(id)?.severity;
        return severity ? [[id, severity] as const] : [];
      }),
    ),
  };
}
