import type { RedisClient } from '../connection/connection.js';
import type { AlertInstance, LiveSnapshot, ThroughputPoint } from '../../shared/api/dto.js';
import { listQueueSummaries, readNodeList } from './overview.js';
import { globEscape } from './queue-discovery.js';
import type { ConsoleSession } from './session.js';

/** Width of one throughput point, ms. */
export const THROUGHPUT_BUCKET_MS = 2_000;
/** How far back the throughput ring reaches, ms. */
export const THROUGHPUT_WINDOW_MS = 30 * 60_000;

/** Jobs finished per bucket across every queue of the profile, counted from Bull's events. */
export interface ThroughputMeter {
  /** Whole buckets since the meter started, oldest first, at most THROUGHPUT_WINDOW_MS. */
  points(nowMs?: number): ThroughputPoint[];
  stop(): Promise<void>;
}

/**
 * Counts Bull's global `completed` and `failed` events of every queue under the prefix with
 * two pattern subscriptions on the given subscriber. Every node's Bull publishes them (on a
 * cluster, PUBLISH reaches every shard), so the count is cluster-wide. Events are lost while
 * the subscriber is disconnected: those buckets read low, never high.
 */
export function createThroughputMeter(
  subscriber: RedisClient,
  prefix: string,
  options: { bucketMs?: number; windowMs?: number; nowMs?: () => number } = {},
): ThroughputMeter {
  const bucketMs = options.bucketMs ?? THROUGHPUT_BUCKET_MS;
  const windowMs = options.windowMs ?? THROUGHPUT_WINDOW_MS;
  const now = options.nowMs ?? Date.now;
  const completedPattern = `${globEscape(prefix)}:*:completed`;
  const failedPattern = `${globEscape(prefix)}:*:failed`;
  const bucketOf = (ms: number) => Math.floor(ms / bucketMs) * bucketMs;
  const startedAt = bucketOf(now());
  const buckets = new Map<number, { completed: number; failed: number }>();

  const onMessage = (pattern: string) => {
    if (pattern !== completedPattern && pattern !== failedPattern) return;
    const at = bucketOf(now());
    const bucket = buckets.get(at) ?? { completed: 0, failed: 0 };
    if (pattern === completedPattern) bucket.completed += 1;
    else bucket.failed += 1;
    buckets.set(at, bucket);
  };
  subscriber.on('pmessage', onMessage);
  const subscribed = subscriber.psubscribe(completedPattern, failedPattern).catch(() => 0);

  return {
    points(nowMs = now()) {
      const current = bucketOf(nowMs);
      const from = Math.max(startedAt, current - windowMs);
      for (const at of buckets.keys()) if (at < from) buckets.delete(at);

      const points: ThroughputPoint[] = [];
      for (let at = from; at < current; at += bucketMs) {
        const bucket = buckets.get(at);
        points.push({
          atMs: at + bucketMs,
          completed: bucket?.completed ?? 0,
          failed: bucket?.failed ?? 0,
        });
      }
      return points;
    },
    async stop() {
      subscriber.removeListener('pmessage', onMessage);
      await subscribed;
      await subscriber.punsubscribe(completedPattern, failedPattern).catch(() => undefined);
    },
  };
}

const meters = new WeakMap<ConsoleSession['node'], ThroughputMeter>();

/** The meter of the session's node, started on first use and ended with the node. */
export function throughputOf(session: ConsoleSession): ThroughputMeter {
  let meter = meters.get(session.node);
  if (!meter) {
    const { subscriber, prefix } = session.node.connection;
    meter = createThroughputMeter(subscriber, prefix);
    meters.set(session.node, meter);
  }
  return meter;
}

/** Alerts not in state normal, by Rule id then series key. */
async function activeAlerts(session: ConsoleSession): Promise<AlertInstance[]> {
  const rules = await session.alerting.config.rules.list();

  return session.alerting.deps.alerts.listActive(rules.map((rule) => rule.id));
}

/** What the overview and the tray show: nodes, queues, active Alerts and throughput. */
export async function buildLiveSnapshot(session: ConsoleSession): Promise<LiveSnapshot> {
  const meter = throughputOf(session);
  const nodes = await readNodeList(session);
  const [queues, firing] = await Promise.all([
    listQueueSummaries(session, nodes),
    activeAlerts(session),
  ]);

  return { atMs: Date.now(), nodes, queues, firing, throughput: meter.points() };
}
