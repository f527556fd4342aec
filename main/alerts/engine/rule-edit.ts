import type { Rule } from '../../../shared/alerting/rule.js';

/**
 * Why an edit from `before` to `after` must drop the Rule's Alerts, or null when they carry
 * over. State is keyed by Rule id and series key, so it survives any edit that still measures
 * the same thing the same way: threshold, resolve threshold, pending and keep-firing periods,
 * labels, severity, templates, schedule and policies only change how the next evaluation moves
 * the existing Alerts. A different source, query or op makes them about something else, and a
 * disabled Rule keeps no Alerts.
 */
export function stateResetReason(before: Rule, after: Rule): string | null {
  if (before.source.sourceId !== after.source.sourceId) {
    return `source changed from "${before.source.sourceId}" to "${after.source.sourceId}"`;
  }
  if (before.source.query !== after.source.query) return 'query changed';
  if (before.condition.op !== after.condition.op) {
    return `condition op changed from "${before.condition.op}" to "${after.condition.op}"`;
  }
  if (before.enabled && !after.enabled) return 'rule disabled';

  return null;
}
