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
  /** The Rule's repeat marks (`route|series` -> epoch ms) if already read; else they are read. */
  repeatMarks?: Record<string, string>;
}

/** What `notify` queued, and the repeat marks to write with the evaluation's state. */
export interface NotifyResult {
  queued: number;
  /** Field/value items for the Rule's repeat-marks hash (repeatMarksKey). */
  marks: string[];
}

/** Hash of one Rule: `routeId|seriesKey` -> when a firing Alert was last sent there (epoch ms). */
export function repeatMarksKey(prefix: string, ruleId: string): string {
  return `${prefix}:dipper:notified:${ruleId}`;
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

/** Repeat-mark items (`routeId|seriesKey`, epoch ms) for Alerts sent through a route. */
function marksOf(routeId: string, alerts: NotificationAlert[], atMs: number): string[] {
  return alerts.flatMap((a) => [`${routeId}|${a.seriesKey}`, String(atMs)]);
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
  const notifiedKey = (ruleId: string) => repeatMarksKey(options.prefix, ruleId);

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
    const notified = evaluated.repeatMarks ?? (await client.hgetall(notifiedKey(rule.id)));
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
    /**
     * Queues the Notifications of one evaluation. The repeat marks of what was sent are
     * returned, not written: the caller saves them with the evaluation's state, so they exist
     * exactly when the tick was applied.
     */
    async notify(evaluated: EvaluatedRule): Promise<NotifyResult> {
      const marks: string[] = [];
      // Only transitions and firing Alerts can be sent: most evaluations read nothing here.
      const hasFiring = [...evaluated.instances.values()].some((a) => a.state === 'firing');
      if (evaluated.transitions.length === 0 && !hasFiring) return { queued: 0, marks };

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
            // Marked now, not only when the flush sends it: until then a later tick would
            // see it as never sent and repeat it straight away.
            if (p.status === 'firing') marks.push(...marksOf(p.route.id, alerts, evaluated.tickMs));
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
          if (p.status === 'firing') {
            marks.push(...marksOf(p.route.id, alerts, evaluated.tickMs));
          }
        }
      }
      if (queued > 0)
        log.info('notifications queued', { ruleId: evaluated.rule.id, count: queued });

      return { queued, marks };
    },

    marksKey: notifiedKey,

    /** Writes repeat marks that `notify` returned when the state save could not take them. */
    async remember(ruleId: string, marks: string[]): Promise<void> {
      if (marks.length > 0) await client.hset(notifiedKey(ruleId), ...marks);
    },

    async forget(ruleId: string): Promise<void> {
      await client.del(notifiedKey(ruleId));
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
