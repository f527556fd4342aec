import { createHash } from 'node:crypto';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { Delivery } from '../notify/delivery.js';
import type { Grouping } from './grouping.js';
import { groupLabelsOf, planNotifications, splitByGroup } from './routing.js';
import type { AlertInstance, AlertTransition } from '../../shared/alerting/alert.js';
import type { Route, Silence } from '../../shared/alerting/config.js';
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

  async function plan(evaluated: EvaluatedRule): Promise<Pending[]> {
    const { rule, tickMs } = evaluated;
    const [routes, silences] = await Promise.all([options.routes(), options.silences(tickMs)]);
    const notified = await client.hgetall(notifiedKey(rule.id));
    const planned = planNotifications({
      rule,
      tickMs,
      transitions: evaluated.transitions,
      instances: evaluated.instances,
      routes,
      silences,
      lastNotifiedMs: (routeId, seriesKey) => Number(notified[`${routeId}|${seriesKey}`] ?? 0),
    });

    return planned.map((p) => ({
      route: p.route,
      status: p.status,
      isRepeat: p.isRepeat,
      alerts: p.alerts.map((a) => toAlert(rule, a.source, tickMs, evaluated.instances)),
    }));
  }

  return {
    /** Queues the Notifications of one evaluation; returns how many were queued. */
    async notify(evaluated: EvaluatedRule): Promise<number> {
      const pending = await plan(evaluated);
      let queued = 0;

      for (const p of pending) {
        for (const [groupKey, alerts] of splitByGroup(p.route, p.alerts)) {
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
            idempotencyKey: [
              evaluated.rule.id,
              p.route.id,
              shortHash(groupKey),
              kind,
              evaluated.tickMs,
            ].join('.'),
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
