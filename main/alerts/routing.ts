import type { AlertInstance, AlertTransition } from '../../shared/alerting/alert.js';
import type { Route, Silence } from '../../shared/alerting/config.js';
import { compileMatchers } from '../../shared/alerting/matchers.js';
import type { Rule } from '../../shared/alerting/rule.js';
import type { Labels } from '../../shared/alerting/series.js';

/** One route's Alerts of one status from one evaluation, before grouping. */
export interface PlannedNotification {
  route: Route;
  status: 'firing' | 'resolved';
  isRepeat: boolean;
  /** Each with the labels routing saw: series and Rule labels plus `alertname`. */
  alerts: { source: AlertTransition | AlertInstance; labels: Labels }[];
}

export interface PlanInput {
  rule: Rule;
  tickMs: number;
  transitions: readonly AlertTransition[];
  instances: ReadonlyMap<string, AlertInstance>;
  routes: readonly Route[];
  /** Silences in force at `tickMs`. */
  silences: readonly Silence[];
  /** When a firing Alert was last sent through a route, epoch ms (0: never). */
  lastNotifiedMs: (routeId: string, seriesKey: string) => number;
}

/** The labels of `groupBy` an Alert has: its group within a route. */
export function groupLabelsOf(route: Route, labels: Labels): Labels {
  return Object.fromEntries(
    route.groupBy.flatMap((name) => (labels[name] ? [[name, labels[name]]] : [])),
  );
}

/**
 * What one evaluation should send, shared by the live notifier and replay: the first matching
 * route takes an Alert (and the next ones while `continue` is set); a Silence mutes firing
 * Alerts and their repeats, never resolves, so a receiver always learns the end state; a firing,
 * unacknowledged Alert is repeated once the route's repeatIntervalMs has passed.
 */
export function planNotifications(input: PlanInput): PlannedNotification[] {
  const routes = input.routes.map((route) => ({ route, matches: compileMatchers(route.matchers) }));
  const silences = input.silences.map((s) => compileMatchers(s.matchers));
  const isSilenced = (labels: Labels) => silences.some((matches) => matches(labels));
  const routesFor = (labels: Labels) => {
    const matched: Route[] = [];
    for (const { route, matches } of routes) {
      if (!matches(labels)) continue;
      matched.push(route);
      if (!route.continue) break;
    }
    return matched;
  };
  const planned: PlannedNotification[] = [];
  const add = (
    route: Route,
    status: PlannedNotification['status'],
    isRepeat: boolean,
    source: AlertTransition | AlertInstance,
    labels: Labels,
  ) => {
    const same = planned.find(
      (p) => p.route === route && p.status === status && p.isRepeat === isRepeat,
    );
    if (same) same.alerts.push({ source, labels });
    else planned.push({ route, status, isRepeat, alerts: [{ source, labels }] });
  };
  const labelsOf = (labels: Labels) => ({ alertname: input.rule.name, ...labels });

  const transitioned = new Set<string>();
  for (const t of input.transitions) {
    const labels = labelsOf(t.labels);
    if (t.to === 'firing') {
      transitioned.add(t.seriesKey);
      if (isSilenced(labels)) continue;
      for (const route of routesFor(labels)) add(route, 'firing', false, t, labels);
    } else if (t.to === 'resolved' || (t.from === 'firing' && t.to === 'normal')) {
      for (const route of routesFor(labels)) add(route, 'resolved', false, t, labels);
    }
  }

  for (const instance of input.instances.values()) {
    if (instance.state !== 'firing' || instance.ackedBy || transitioned.has(instance.seriesKey)) {
      continue;
    }
    const labels = labelsOf(instance.labels);
    if (isSilenced(labels)) continue;
    for (const route of routesFor(labels)) {
      const lastMs = input.lastNotifiedMs(route.id, instance.seriesKey);
      if (input.tickMs - lastMs >= route.repeatIntervalMs)
        add(route, 'firing', true, instance, labels);
    }
  }

  return planned;
}

/** Splits one planned Notification by its route's `groupBy` labels, in order of first Alert. */
export function splitByGroup<T extends { labels: Labels }>(
  route: Route,
  alerts: T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const alert of alerts) {
    const key = JSON.stringify(groupLabelsOf(route, alert.labels));
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }

  return groups;
}
