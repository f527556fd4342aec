import { createHash } from 'node:crypto';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { Delivery } from '../notify/delivery.js';
import type { Grouping } from './grouping.js';
import type { AlertInstance, AlertTransition } from '../../shared/alerting/alert.js';
import type { Route, Silence } from '../../shared/alerting/config.js';
import { compileMatchers } from '../../shared/alerting/matchers.js';
import type { Notification, NotificationAlert } from '../../shared/alerting/notification.js';
import type { Rule } from '../../shared/alerting/rule.js';
import { renderTemplate } from '../../shared/alerting/template.js';

/** What one evaluation hands to the notifier. */
export interface EvaluatedRule {
  rule: Rule;
  tickMs: number;
  transitions: AlertTransition[];
  /** The Alerts after the evaluation, for repeats of still-firing ones. */
  instances: ReadonlyMap<string, AlertInstance>;
}

export type MarkNotified = (
  alerts: NotificationAlert[],
  atMs: number,
  routeId: string,
) => Promise<void>;

interface Pending {
  route: Route;
  status: 'firing' | 'resolved';
  alerts: NotificationAlert[];
  isRepeat: boolean;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function groupLabelsOf(route: Route, labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    route.groupBy.flatMap((name) => (labels[name] ? [[name, labels[name]]] : [])),
  );
}

/**
 * Turns an evaluation into Notifications: routes by labels, mutes firing Alerts matched by an
 * active Silence (resolves always go out, so a receiver learns the end state), repeats firing
 * Alerts that are not acknowledged every route's repeat interval, and groups the Alerts of one
 * evaluation by the route's `groupBy` labels. Idempotency keys depend only on the Rule, the
 * route, the group, the status and the tick, so every node and every re-run of the same tick
 * derive the same keys and the delivery queue sends each once per channel.
 */
export function createNotifier(options: {
  client: RedisClient;
  prefix: string;
  delivery: Delivery;
  routes: () => Promise<Route[]>;
  silences: (atMs: number) => Promise<Silence[]>;
  log: Logger;
  /** Buffers Alerts of routes with a group wait or interval; without it all go out at once. */
  grouping?: (markNotified: MarkNotified) => Grouping;
}) {
  const { client, log } = options;
  const notifiedKey = (ruleId: string) => `${options.prefix}:dipper:notified:${ruleId}`;

  /** Remembers when firing Alerts were last sent per route, for the repeat interval. */
  async function markNotified(alerts: NotificationAlert[], atMs: number, routeId: string) {
    const byRule = new Map<string, string[]>();
    for (const a of alerts) {
      byRule.set(a.ruleId, [
        ...(byRule.get(a.ruleId) ?? []),
        `${routeId}|${a.seriesKey}`,
        String(atMs),
      ]);
    }
    for (const [ruleId, fields] of byRule) await client.hset(notifiedKey(ruleId), ...fields);
  }
  const grouping = options.grouping?.(markNotified);

  function toAlert(
    rule: Rule,
    t: AlertTransition | AlertInstance,
    atMs: number,
    instances: EvaluatedRule['instances'],
  ): NotificationAlert {
    const isTransition = 'to' in t;
    const state = isTransition ? t.to : t.state;
    const context = { labels: t.labels, value: t.value, threshold: rule.condition.threshold };
    // A resolved Alert keeps when it started firing, so a resolve says how long it fired.
    const firingSince = (isTransition ? instances.get(t.seriesKey) : t)?.firingSinceMs;

    return {
      ruleId: rule.id,
      ruleName: rule.name,
      seriesKey: t.seriesKey,
      labels: { alertname: rule.name, ...t.labels },
      annotations: isTransition
        ? { summary: t.summary, description: t.description }
        : {
            summary: renderTemplate(rule.summary, context),
            description: renderTemplate(rule.description, context),
          },
      severity: rule.severity,
      state,
      value: t.value,
      threshold: rule.condition.threshold,
      startsAtMs: firingSince ?? atMs,
      ...(state === 'resolved' ? { endsAtMs: atMs } : {}),
    };
  }

  function routesFor(routes: Route[], labels: Record<string, string>): Route[] {
    const matched: Route[] = [];
    for (const route of routes) {
      if (!compileMatchers(route.matchers)(labels)) continue;
      matched.push(route);
      if (!route.continue) break;
    }

    return matched;
  }

  async function plan(evaluated: EvaluatedRule): Promise<Pending[]> {
    const { rule, tickMs } = evaluated;
    const [routes, silences] = await Promise.all([options.routes(), options.silences(tickMs)]);
    const silenced = (labels: Record<string, string>) =>
      silences.some((s) => compileMatchers(s.matchers)(labels));
    const notified = await client.hgetall(notifiedKey(rule.id));
    const pending: Pending[] = [];
    const add = (
      route: Route,
      status: Pending['status'],
      alert: NotificationAlert,
      isRepeat: boolean,
    ) => {
      const existing = pending.find(
        (p) => p.route === route && p.status === status && p.isRepeat === isRepeat,
      );
      if (existing) existing.alerts.push(alert);
      else pending.push({ route, status, alerts: [alert], isRepeat });
    };

    const transitioned = new Set<string>();
    for (const t of evaluated.transitions) {
      const alert = toAlert(rule, t, tickMs, evaluated.instances);
      if (t.to === 'firing') {
        transitioned.add(t.seriesKey);
        if (silenced(alert.labels)) continue;
        for (const route of routesFor(routes, alert.labels)) add(route, 'firing', alert, false);
      } else if (t.to === 'resolved' || (t.from === 'firing' && t.to === 'normal')) {
        for (const route of routesFor(routes, alert.labels)) add(route, 'resolved', alert, false);
      }
    }

    for (const instance of evaluated.instances.values()) {
      if (instance.state !== 'firing' || instance.ackedBy || transitioned.has(instance.seriesKey))
        continue;
      const alert = toAlert(rule, instance, tickMs, evaluated.instances);
      if (silenced(alert.labels)) continue;
      for (const route of routesFor(routes, alert.labels)) {
        const last = Number(notified[`${route.id}|${instance.seriesKey}`] ?? 0);
        if (tickMs - last >= route.repeatIntervalMs) add(route, 'firing', alert, true);
      }
    }

    return pending;
  }

  return {
    /** Queues the Notifications of one evaluation; returns how many were queued. */
    async notify(evaluated: EvaluatedRule): Promise<number> {
      const pending = await plan(evaluated);
      let queued = 0;

      for (const p of pending) {
        const groups = new Map<string, NotificationAlert[]>();
        for (const alert of p.alerts) {
          const groupKey = JSON.stringify(groupLabelsOf(p.route, alert.labels));
          groups.set(groupKey, [...(groups.get(groupKey) ?? []), alert]);
        }
        for (const [groupKey, alerts] of groups) {
          const isBatched = p.route.groupWaitMs > 0 || p.route.groupIntervalMs > 0;
          if (grouping && isBatched && !p.isRepeat) {
            await grouping.buffer(
              p.route,
              groupKey,
              shortHash(groupKey),
              alerts,
              p.status,
              evaluated.tickMs,
            );
            queued += 1;
            continue;
          }
          const kind = p.isRepeat ? 'repeat' : p.status;
          const notification: Notification = {
            idempotencyKey: `${evaluated.rule.id}.${p.route.id}.${shortHash(groupKey)}.${kind}.${evaluated.tickMs}`,
            status: p.status,
            groupKey,
            groupLabels: groupLabelsOf(p.route, alerts[0]?.labels ?? {}),
            alerts,
            sentAtMs: evaluated.tickMs,
          };
          const result = await options.delivery.enqueue(notification, p.route.channels);
          if (!result.ok) throw new Error(result.message);
          queued += 1;
          if (p.status === 'firing') await markNotified(alerts, evaluated.tickMs, p.route.id);
        }
      }
      if (queued > 0)
        log.info('notifications queued', { ruleId: evaluated.rule.id, count: queued });

      return queued;
    },

    async forget(ruleId: string): Promise<void> {
      await client.del(notifiedKey(ruleId));
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
