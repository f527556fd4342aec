import type { AlertInstance, AlertTransition } from '../../../shared/alerting/alert.js';
import type { Route, Silence } from '../../../shared/alerting/config.js';
import { compileMatchers } from '../../../shared/alerting/matchers.js';
import type { ReplayNotification } from '../../../shared/alerting/replay.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import type { Labels } from '../../../shared/alerting/series.js';

/** Decides, tick by tick, which Notifications the notifier would have queued. */
export interface ReplayNotifier {
  plan(
    tickMs: number,
    transitions: readonly AlertTransition[],
    instances: ReadonlyMap<string, AlertInstance>,
  ): ReplayNotification[];
}

/** An Alert as routing sees it: its series and its labels with `alertname` added. */
interface PlannedAlert {
  seriesKey: string;
  labels: Labels;
}

interface Planned {
  route: Route;
  status: 'firing' | 'resolved';
  isRepeat: boolean;
  alerts: PlannedAlert[];
}

function groupLabelsOf(route: Route, labels: Labels): Labels {
  return Object.fromEntries(
    route.groupBy.flatMap((name) => (labels[name] ? [[name, labels[name]]] : [])),
  );
}

/**
 * The routing of main/alerts/notifier.ts without Redis: the first matching route takes an
 * Alert (and the next ones while `continue` is set); a Silence active at the tick mutes firing
 * Alerts and their repeats, never resolves; a firing Alert is repeated once the route's
 * repeatIntervalMs has passed since it was last notified; Alerts are grouped per route, status
 * and `groupBy` labels. Like the notifier it does not wait groupWaitMs or groupIntervalMs.
 * TODO: share one planner with notifier.ts; until then a change to either must go to both.
 */
export function createReplayNotifier(
  rule: Rule,
  routes: readonly Route[],
  silences: readonly Silence[],
): ReplayNotifier {
  const compiledRoutes = routes.map((route) => ({
    route,
    matches: compileMatchers(route.matchers),
  }));
  const compiledSilences = silences.map((silence) => ({
    silence,
    matches: compileMatchers(silence.matchers),
  }));
  // `routeId|seriesKey` -> the tick of the last firing Notification, as the notifier's hash.
  const notifiedMs = new Map<string, number>();

  function routesFor(labels: Labels): Route[] {
    const matched: Route[] = [];
    for (const { route, matches } of compiledRoutes) {
      if (!matches(labels)) continue;
      matched.push(route);
      if (!route.continue) break;
    }

    return matched;
  }

  function plan(
    tickMs: number,
    transitions: readonly AlertTransition[],
    instances: ReadonlyMap<string, AlertInstance>,
  ): ReplayNotification[] {
    const active = compiledSilences.filter(
      ({ silence }) => silence.startsAtMs <= tickMs && tickMs < silence.endsAtMs,
    );
    const isSilenced = (labels: Labels) => active.some(({ matches }) => matches(labels));
    const planned: Planned[] = [];
    const add = (
      route: Route,
      status: Planned['status'],
      isRepeat: boolean,
      alert: PlannedAlert,
    ) => {
      const same = planned.find(
        (p) => p.route === route && p.status === status && p.isRepeat === isRepeat,
      );
      if (same) same.alerts.push(alert);
      else planned.push({ route, status, isRepeat, alerts: [alert] });
    };
    const alertOf = (t: { seriesKey: string; labels: Labels }): PlannedAlert => ({
      seriesKey: t.seriesKey,
      labels: { alertname: rule.name, ...t.labels },
    });

    const transitioned = new Set<string>();
    for (const t of transitions) {
      const alert = alertOf(t);
      if (t.to === 'firing') {
        transitioned.add(t.seriesKey);
        if (isSilenced(alert.labels)) continue;
        for (const route of routesFor(alert.labels)) add(route, 'firing', false, alert);
      } else if (t.to === 'resolved' || (t.from === 'firing' && t.to === 'normal')) {
        for (const route of routesFor(alert.labels)) add(route, 'resolved', false, alert);
      }
    }

    for (const instance of instances.values()) {
      if (instance.state !== 'firing' || instance.ackedBy || transitioned.has(instance.seriesKey))
        continue;
      const alert = alertOf(instance);
      if (isSilenced(alert.labels)) continue;
      for (const route of routesFor(alert.labels)) {
        const lastMs = notifiedMs.get(`${route.id}|${instance.seriesKey}`) ?? 0;
        if (tickMs - lastMs >= route.repeatIntervalMs) add(route, 'firing', true, alert);
      }
    }

    return planned.flatMap((p) => toNotifications(p, tickMs, notifiedMs));
  }

  return { plan };
}

/** One Notification per group of the route's `groupBy` labels, in order of first Alert. */
function toNotifications(
  p: Planned,
  tickMs: number,
  notifiedMs: Map<string, number>,
): ReplayNotification[] {
  const groups = new Map<string, PlannedAlert[]>();
  for (const alert of p.alerts) {
    const groupKey = JSON.stringify(groupLabelsOf(p.route, alert.labels));
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), alert]);
  }

  return [...groups.values()].map((alerts) => {
    if (p.status === 'firing') {
      for (const a of alerts) notifiedMs.set(`${p.route.id}|${a.seriesKey}`, tickMs);
    }

    return {
      atMs: tickMs,
      status: p.status,
      isRepeat: p.isRepeat,
      routeId: p.route.id,
      channels: [...p.route.channels],
      groupLabels: groupLabelsOf(p.route, alerts[0]?.labels ?? {}),
      alerts: alerts.map((a) => a.seriesKey),
    };
  });
}
