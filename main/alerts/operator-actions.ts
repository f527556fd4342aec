import { randomBytes } from 'node:crypto';
import type { AlertInstance } from '../../shared/alerting/alert.js';
import type { Silence } from '../../shared/alerting/config.js';
import type { AckRecord, SilenceRecord } from '../../shared/alerting/history.js';
import { formatMatchers } from '../../shared/alerting/matchers.js';
import type { Labels } from '../../shared/alerting/series.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { EvaluateDeps } from './evaluate-job.js';

// What a person does to alerting, shared by the CLI and the console so that both leave the same
// history entries: acknowledge Alerts, add and remove Silences, remove a Rule and its state.
type ActionDeps = Pick<EvaluateDeps, 'config' | 'alerts' | 'history' | 'evaluations'>;

/** Whether a Silence mutes now, will later, or no longer does. */
export function silenceStatus(silence: Silence, nowMs: number): 'active' | 'pending' | 'expired' {
  if (nowMs < silence.startsAtMs) return 'pending';
  return nowMs < silence.endsAtMs ? 'active' : 'expired';
}

/** A new Silence id: `s-` and 8 random hex digits. */
export function newSilenceId(): string {
  return `s-${randomBytes(4).toString('hex')}`;
}

function silenceRecord(
  silence: Silence,
  event: SilenceRecord['event'],
  by: string,
  atMs: number,
): SilenceRecord {
  const { id, matchers, endsAtMs } = silence;
  return {
    kind: 'silence',
    atMs,
    silenceId: id,
    event,
    matchers: formatMatchers(matchers),
    by,
    endsAtMs,
  };
}

/** Stores a new Silence (CONFLICT when its id exists) and records it in the history. */
export async function createSilence(deps: ActionDeps, input: unknown): Promise<Result<Silence>> {
  const saved = await deps.config.silences.save(input, 'create');
  if (!saved.ok) return saved;

  const silence = saved.value;
  await deps.history.append([silenceRecord(silence, 'created', silence.createdBy, Date.now())]);

  return saved;
}

/** Removes a Silence (NOT_FOUND naming it) and records who removed it in the history. */
export async function removeSilence(
  deps: ActionDeps,
  id: string,
  by: string,
): Promise<Result<Silence>> {
  const silence = await deps.config.silences.get(id);
  if (!silence) return fail('NOT_FOUND', `silence "${id}" does not exist`);

  const removed = await deps.config.silences.remove(id);
  if (!removed.ok) return removed;
  await deps.history.append([silenceRecord(silence, 'removed', by, Date.now())]);

  return ok(silence);
}

/** What an acknowledgement did: the Alerts acknowledged and why others were not. */
export interface AckOutcome {
  acked: AlertInstance[];
  failures: string[];
}

/**
 * Acknowledges the firing Alerts of a Rule that `select` accepts, as `by`, and records each in
 * the history. NOT_FOUND when the Rule does not exist or no firing Alert is selected (the
 * message lists the firing series keys, with `what` describing the selection).
 */
export async function acknowledgeAlerts(
  deps: ActionDeps,
  ruleId: string,
  select: { accepts: (alert: AlertInstance) => boolean; what: string },
  by: string,
  atMs: number,
): Promise<Result<AckOutcome>> {
  const rule = await deps.config.rules.get(ruleId);
  if (!rule) return fail('NOT_FOUND', `rule "${ruleId}" does not exist`);

  const stored = await deps.alerts.load(ruleId);
  const firing = [...stored.instances.values()].filter((a) => a.state === 'firing');
  const targets = firing.filter(select.accepts);
  if (targets.length === 0) {
    const keys =
      firing
        .map((a) => a.seriesKey)
        .sort()
        .join(', ') || '(none)';
    const message = `rule "${ruleId}" has no firing alert for ${select.what}; firing: ${keys}`;
    return fail('NOT_FOUND', message);
  }

  const results = await Promise.all(
    targets.map((a) => deps.alerts.ack(ruleId, a.seriesKey, by, atMs)),
  );
  const acked = results.flatMap((r) => (r.ok ? [r.value] : []));
  const ackRecord = (labels: Labels): AckRecord => ({
    kind: 'ack',
    atMs,
    ruleId,
    labels,
    severity: rule.severity,
    by,
  });
  await deps.history.append(acked.map((a) => ackRecord(a.labels)));

  return ok({ acked, failures: results.flatMap((r) => (r.ok ? [] : [r.message])) });
}

/** Removes a Rule, its evaluation Schedule, its Alerts and its evaluation log. */
export async function removeRuleEverywhere(
  deps: ActionDeps,
  id: string,
): Promise<Result<{ id: string }>> {
  const removed = await deps.config.removeRule(id);
  if (!removed.ok) return removed;

  await deps.alerts.remove(id);
  await deps.evaluations.remove(id);

  return removed;
}
