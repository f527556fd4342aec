import type { AlertInstance, AlertTransition } from '../../../shared/alerting/alert.js';
import type { Route, Silence } from '../../../shared/alerting/config.js';
import type { ReplayNotification } from '../../../shared/alerting/replay.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import { groupLabelsOf, planNotifications, splitByGroup } from '../routing.js';

/** Decides, tick by tick, which Notifications the notifier would have queued. */
export interface ReplayNotifier {
  plan(
    tickMs: number,
    transitions: readonly AlertTransition[],
    instances: ReadonlyMap<string, AlertInstance>,
  ): ReplayNotification[];
}

/**
 * The live notifier's planning (main/alerts/routing.ts) without Redis: the last-notified times
 * live in memory, and Silences are those active at each tick. Like a route with both group
 * times 0, every tick's Alerts go out at that tick: replay does not model group wait.
 */
export function createReplayNotifier(
  rule: Rule,
  routes: readonly Route[],
  silences: readonly Silence[],
): ReplayNotifier {
  // `routeId|seriesKey` -> the tick of the last firing Notification, as the notifier's hash.
  const notifiedMs = new Map<string, number>();

  return {
    plan(tickMs, transitions, instances) {
      const active = silences.filter((s) => s.startsAtMs <= tickMs && tickMs < s.endsAtMs);
      const planned = planNotifications({
        rule,
        tickMs,
        transitions,
        instances,
        routes,
        silences: active,
        lastNotifiedMs: (routeId, seriesKey) => notifiedMs.get(`${routeId}|${seriesKey}`) ?? 0,
      });

      return planned.flatMap((p) => {
        const alerts = p.alerts.map((a) => ({ seriesKey: a.source.seriesKey, labels: a.labels }));
        return [...splitByGroup(p.route, alerts).values()].map((group) => {
          if (p.status === 'firing') {
            for (const a of group) notifiedMs.set(`${p.route.id}|${a.seriesKey}`, tickMs);
          }
          return {
            atMs: tickMs,
            status: p.status,
            isRepeat: p.isRepeat,
            routeId: p.route.id,
            channels: [...p.route.channels],
            groupLabels: groupLabelsOf(p.route, group[0]?.labels ?? {}),
            alerts: group.map((a) => a.seriesKey),
          };
        });
      });
    },
  };
}
