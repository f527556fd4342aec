import {
  acknowledgeAlerts,
  createSilence,
  newSilenceId,
  removeSilence,
  silenceStatus,
} from '../../alerts/operator-actions.js';
import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail, ok } from '../../../shared/result.js';
import { actorOf, type ConsoleSession } from '../session.js';

type AlertsHandlers = Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'alerts.active'
  | 'alerts.history'
  | 'alerts.ack'
  | 'silences.list'
  | 'silences.create'
  | 'silences.remove'
>;

export const alertsHandlers: AlertsHandlers = {
  async 'alerts.active'(_request, session) {
    const { config, deps } = session.alerting;
    const ruleIds = (await session.node.connection.client.hkeys(config.rules.key)).sort();
    const byRule = await deps.alerts.loadMany(ruleIds);

    const active = ruleIds.flatMap((id) =>
      [...(byRule.get(id)?.values() ?? [])]
        .filter((a) => a.state !== 'normal')
        .sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : 1)),
    );
    return ok(active);
  },

  async 'alerts.history'(query, session) {
    return session.alerting.history.query(query);
  },

  // The comment is kept with the action in the audit log (the dispatcher records the request).
  async 'alerts.ack'({ ruleId, seriesKey }, session) {
    const select = {
      accepts: (a: { seriesKey: string }) => a.seriesKey === seriesKey,
      what: `series ${seriesKey}`,
    };
    const by = actorOf(session.operator);
    const outcome = await acknowledgeAlerts(session.alerting.deps, ruleId, select, by, Date.now());
    if (!outcome.ok) return outcome;

    const [acked] = outcome.value.acked;
    if (!acked) return fail('CONFLICT', outcome.value.failures.join('; '));
    return ok(acked);
  },

  async 'silences.list'(_request, session) {
    const nowMs = Date.now();
    const silences = await session.alerting.config.silences.list();

    return ok(silences.map((s) => ({ ...s, active: silenceStatus(s, nowMs) === 'active' })));
  },

  async 'silences.create'({ matchers, startsAtMs, endsAtMs, comment }, session) {
    const input = {
      id: newSilenceId(),
      matchers,
      startsAtMs: startsAtMs ?? Date.now(),
      endsAtMs,
      createdBy: actorOf(session.operator),
      comment,
    };
    const created = await createSilence(session.alerting.deps, input);
    if (!created.ok) return created;

    session.emit('config.changed', { area: 'silences' });
    return ok({ id: created.value.id });
  },

  async 'silences.remove'({ id }, session) {
    const removed = await removeSilence(session.alerting.deps, id, actorOf(session.operator));
    if (!removed.ok) return removed;

    session.emit('config.changed', { area: 'silences' });
    return ok({ removed: true });
  },
};
