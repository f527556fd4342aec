import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../../main/connection/connection.js';
import { createThroughputMeter } from '../../../main/console/live.js';
import type { AlertInstance, LiveSnapshot } from '../../../shared/api/dto.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { quietLog } from '../queues/queue-harness.js';
import { openBullQueue } from './bull-jobs.js';
import { startTestConsole, type TestConsole } from './console-harness.js';

describe('live snapshot', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });
  afterAll(async () => {
    await redis.stop();
  });

  describe('createThroughputMeter', () => {
    const subscriberFor = () =>
      createRedisClient(
        { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
        quietLog,
        'test-subscriber',
      );

    it('counts jobs completed and failed on every queue of its prefix only', async () => {
      const prefix = uniquePrefix('meter');
      const subscriber = subscriberFor();
      const meter = createThroughputMeter(subscriber, prefix, { bucketMs: 100 });
      const mail = openBullQueue(redis.url, prefix, 'mail');
      const billing = openBullQueue(redis.url, prefix, 'billing');
      const elsewhere = openBullQueue(redis.url, uniquePrefix('other'), 'mail');
      await waitFor(
        async () => Number(await mail.client.pubsub('NUMPAT')) >= 2,
        'the meter to subscribe',
      );

      void mail.process(async (job) => {
        if ((job.data as { n: number }).n % 3 === 0) throw new Error('no');
      });
      void billing.process(async () => 'ok');
      void elsewhere.process(async () => 'ok');
      for (let n = 1; n <= 6; n++) await mail.add({ n });
      for (let n = 1; n <= 4; n++) await billing.add({ n });
      for (let n = 1; n <= 5; n++) await elsewhere.add({ n });

      const totals = await waitFor(() => {
        const points = meter.points(Date.now() + 100);
        const sum = points.reduce(
          (acc, p) => ({ completed: acc.completed + p.completed, failed: acc.failed + p.failed }),
          { completed: 0, failed: 0 },
        );
        return sum.completed + sum.failed === 10 ? sum : null;
      }, 'ten finished jobs');
      await new Promise((r) => setTimeout(r, 200));
      const later = meter.points(Date.now() + 100);

      expect(totals).toEqual({ completed: 8, failed: 2 });
      expect(later.reduce((n, p) => n + p.completed, 0)).toBe(8);
      await Promise.all([mail.close(), billing.close(), elsewhere.close()]);
      await meter.stop();
      subscriber.disconnect();
    });

    it('keeps whole buckets of the last window only, empty ones included', async () => {
      let now = 1_000_000;
      const subscriber = subscriberFor();
      const meter = createThroughputMeter(subscriber, uniquePrefix('ring'), {
        bucketMs: 2_000,
        windowMs: 60_000,
        nowMs: () => now,
      });

      now += 5_000;
      const early = meter.points();
      now += 3_600_000;
      const late = meter.points();

      expect(early.map((p) => p.atMs)).toEqual([1_002_000, 1_004_000]);
      expect(early[0]).toEqual({ atMs: 1_002_000, completed: 0, failed: 0 });
      expect(late).toHaveLength(30);
      expect(late.at(-1)!.atMs).toBe(Math.floor(now / 2_000) * 2_000);
      await meter.stop();
      subscriber.disconnect();
    });
  });

  describe('live.snapshot', () => {
    let c: TestConsole;

    beforeEach(async () => {
      c = await startTestConsole(redis.url, 'live');
    });
    afterEach(async () => {
      await c.stop();
    });

    it('gives live nodes, queues and the Alerts not in state normal', async () => {
      const { config, deps } = c.session.alerting;
      const saved = await config.rules.save(
        {
          id: 'slow-mail',
          name: 'Mail is slow',
          source: { sourceId: 'mail-metrics', query: 'latency' },
          condition: { op: '>', threshold: 5 },
          evaluate: { cron: '0 0 0 1 1 *', tz: 'UTC' },
          severity: 'warning',
          summary: 'slow',
        },
        'create',
      );
      expect(saved.ok ? '' : saved.message).toBe('');
      const alert = (seriesKey: string, state: AlertInstance['state']): AlertInstance => ({
        ruleId: 'slow-mail',
        seriesKey,
        labels: { host: seriesKey },
        state,
        value: 9,
        activeSinceMs: 1_000,
        firingSinceMs: state === 'firing' ? 2_000 : null,
        lastEvalMs: 3_000,
      });
      await deps.alerts.save(
        'slow-mail',
        new Map([
          ['a', alert('a', 'pending')],
          ['b', alert('b', 'firing')],
          ['c', alert('c', 'normal')],
        ]),
      );

      const snapshot = await c.value('live.snapshot', {});

      expect(snapshot.nodes.map((n) => [n.id, n.live])).toEqual([[c.session.node.nodeId, true]]);
      expect(snapshot.queues.map((q) => q.name)).toContain('dipper.alerts');
      expect(snapshot.firing.map((a) => [a.seriesKey, a.state])).toEqual([
        ['a', 'pending'],
        ['b', 'firing'],
      ]);
    });

    it('is pushed to open consoles with throughput points', async () => {
      const pushed = await waitFor(
        () =>
          c.events
            .filter((e) => e.event === 'live.snapshot')
            .map((e) => e.payload as LiveSnapshot)
            .find((s) => s.throughput.length > 0),
        'a pushed snapshot with throughput',
      );

      expect(pushed.nodes[0]?.id).toBe(c.session.node.nodeId);
      expect(pushed.throughput[0]).toEqual({
        atMs: expect.any(Number),
        completed: 0,
        failed: 0,
      });
    });
  });
});
