import type { RedisClient } from '../connection/connection.js';
import { defineScript, runScript } from '../connection/script.js';
import type { Logger } from '../log/logger.js';
import type { Delivery } from '../notify/delivery.js';
import type { ProcessorContext } from '../queues/processor.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import type { Route } from '../../shared/alerting/config.js';
import {
  NotificationAlertSchema,
  type Notification,
  type NotificationAlert,
} from '../../shared/alerting/notification.js';

/** The job that sends a group's buffered Alerts when its group wait or interval is over. */
export const FLUSH_JOB = 'notify.flush';

export interface FlushData {
  routeId: string;
  groupHash: string;
  groupKey: string;
  flushAtMs: number;
}

// Deletes the fields a flush read, unless a newer evaluation replaced them meanwhile.
// KEYS: buffer. ARGV: field, value pairs.
const TAKE = defineScript(`
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return redis.call('HLEN', KEYS[1])
`);

/**
 * Alertmanager-style grouping: the first Alerts of a new group wait `groupWaitMs`, later changes
 * are sent at most every `groupIntervalMs`. Alerts wait in a Redis hash per (route, group) and a
 * delayed `notify.flush` job, whose id is derived from the flush time, sends them; any node
 * runs it, and a re-run derives the same idempotency keys, so nothing is sent twice.
 */
export function createGrouping(options: {
  client: RedisClient;
  prefix: string;
  queues: QueueRegistry;
  queueName: string;
  delivery: Delivery;
  route: (id: string) => Promise<Route | null>;
  markNotified: (alerts: NotificationAlert[], atMs: number, routeId: string) => Promise<void>;
  log: Logger;
}) {
  const { client, log } = options;
  const bufferKey = (routeId: string, hash: string) =>
    `${options.prefix}:dipper:group:${routeId}:${hash}`;
  const metaKey = (routeId: string, hash: string) => `${bufferKey(routeId, hash)}:meta`;

  async function scheduleFlush(data: FlushData, nowMs: number): Promise<void> {
    await options.queues.get(options.queueName).add(FLUSH_JOB, data, {
      jobId: `flush.${data.routeId}.${data.groupHash}.${data.flushAtMs}`,
      delay: Math.max(0, data.flushAtMs - nowMs),
      removeOnComplete: 1_000,
      removeOnFail: 1_000,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
    });
  }

  return {
    /** Buffers Alerts for their group and makes sure a flush is scheduled. */
    async buffer(
      route: Route,
      groupKey: string,
      groupHash: string,
      alerts: NotificationAlert[],
      status: 'firing' | 'resolved',
      tickMs: number,
    ): Promise<void> {
      const fields = alerts.flatMap((a) => [
        `${status}|${a.ruleId}|${a.seriesKey}`,
        JSON.stringify(a),
      ]);
      await client.hset(bufferKey(route.id, groupHash), ...fields);

      const last = Number((await client.hget(metaKey(route.id, groupHash), 'lastFlushAt')) ?? 0);
      const isNewGroup = last === 0 || tickMs - last > route.groupIntervalMs;
      const flushAtMs = isNewGroup
        ? tickMs + route.groupWaitMs
        : Math.max(tickMs, last + route.groupIntervalMs);
      await scheduleFlush({ routeId: route.id, groupHash, groupKey, flushAtMs }, Date.now());
    },

    /** The `notify.flush` processor. */
    async flush(ctx: ProcessorContext): Promise<{ sent: number }> {
      const data = ctx.data as FlushData;
      const route = await options.route(data.routeId);
      const buffered = await client.hgetall(bufferKey(data.routeId, data.groupHash));
      if (!route || Object.keys(buffered).length === 0) return { sent: 0 };

      const byStatus = { firing: [] as NotificationAlert[], resolved: [] as NotificationAlert[] };
      for (const [field, json] of Object.entries(buffered)) {
        const status = field.startsWith('resolved|') ? 'resolved' : 'firing';
        const parsed = NotificationAlertSchema.safeParse(JSON.parse(json));
        if (parsed.success) byStatus[status].push(parsed.data);
      }
      const groupLabels = JSON.parse(data.groupKey) as Record<string, string>;
      let sent = 0;
      for (const status of ['firing', 'resolved'] as const) {
        const alerts = byStatus[status];
        if (alerts.length === 0) continue;
        const notification: Notification = {
          idempotencyKey: `group.${route.id}.${data.groupHash}.${status}.${data.flushAtMs}`,
          status,
          groupKey: data.groupKey,
          groupLabels,
          alerts,
          sentAtMs: data.flushAtMs,
        };
        const result = await options.delivery.enqueue(notification, route.channels);
        if (!result.ok) throw new Error(result.message);
        if (status === 'firing') await options.markNotified(alerts, data.flushAtMs, route.id);
        sent += 1;
      }

      const left = (await runScript(
        client,
        TAKE,
        [bufferKey(data.routeId, data.groupHash)],
        Object.entries(buffered).flat(),
      )) as number;
      await client.hset(metaKey(data.routeId, data.groupHash), 'lastFlushAt', data.flushAtMs);
      if (left > 0) {
        const next = {
          ...data,
          flushAtMs: data.flushAtMs + Math.max(1_000, route.groupIntervalMs),
        };
        await scheduleFlush(next, Date.now());
      }
      log.debug('group flushed', { routeId: route.id, sent, left });

      return { sent };
    },
  };
}

export type Grouping = ReturnType<typeof createGrouping>;
