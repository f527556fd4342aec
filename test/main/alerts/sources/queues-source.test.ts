import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SourceConfigSchema,
  type QueueMetric,
  type SourceConfigInput,
} from '../../../../shared/alerting/source.js';
import type { Result } from '../../../../shared/result.js';
import { createSource, type MetricSource } from '../../../../main/alerts/sources/index.js';
import { RATE_MAX_JOBS } from '../../../../main/alerts/sources/queues-source.js';
import { startTestRedis, type TestRedis } from '../../../harness/redis.js';
import { waitFor } from '../../../harness/wait.js';
import { openTestNode, quietLog, uniquePrefix, type TestNode } from '../../queues/queue-harness.js';
import type { Series } from '../../../../shared/alerting/series.js';

describe('queues source', () => {
  let redis: TestRedis;
  let node: TestNode;

  function source(queue: string, metric: QueueMetric, on: TestNode = node): MetricSource {
    const config = SourceConfigSchema.parse({
      kind: 'queues',
      queue,
      metric,
    } satisfies SourceConfigInput);
    return createSource(config, { getQueue: (name) => on.registry.get(name), log: quietLog });
  }

  async function valueAt(queue: string, metric: QueueMetric, atMs = Date.now()): Promise<number> {
    const result: Result<Series[]> = await source(queue, metric).instant({ query: '', atMs });
    if (!result.ok) throw new Error(result.message);

    return result.value[0]?.samples[0]?.v ?? NaN;
  }

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  afterEach(async () => {
    await node.close();
  });

  describe('when three jobs have failed', () => {
    it('answers failed = 3 and failed_per_minute = 3, labelled with queue and metric', async () => {
      node = openTestNode(redis.port, uniquePrefix('queues-source'));
      const queue = node.registry.get('billing');
      void queue.process('*', async () => {
        throw new Error('card declined');
      });
      await Promise.all([1, 2, 3].map((n) => queue.add('charge', { n })));
      await waitFor(async () => (await queue.getFailedCount()) === 3, 'three failed jobs');
      const atMs = Date.now();

      const failed = await source('billing', 'failed').instant({ query: '', atMs });
      const perMinute = await source('billing', 'failed_per_minute').instant({ query: '', atMs });

      expect(failed).toEqual({
        ok: true,
        value: [{ labels: { queue: 'billing', metric: 'failed' }, samples: [{ t: atMs, v: 3 }] }],
      });
      expect(perMinute).toEqual({
        ok: true,
        value: [
          {
            labels: { queue: 'billing', metric: 'failed_per_minute' },
            samples: [{ t: atMs, v: 3 }],
          },
        ],
      });
      expect(await valueAt('billing', 'completed')).toBe(0);
      expect(await valueAt('billing', 'completed_per_minute')).toBe(0);
    });

    it('counts none of them in a minute that starts after they failed', async () => {
      node = openTestNode(redis.port, uniquePrefix('queues-source'));
      const queue = node.registry.get('billing');
      void queue.process('*', async () => {
        throw new Error('card declined');
      });
      await Promise.all([1, 2, 3].map((n) => queue.add('charge', { n })));
      await waitFor(async () => (await queue.getFailedCount()) === 3, 'three failed jobs');

      expect(await valueAt('billing', 'failed_per_minute', Date.now() + 60_001)).toBe(0);
      expect(await valueAt('billing', 'failed', Date.now() + 60_001)).toBe(3);
    });
  });

  describe('when jobs wait in a paused queue', () => {
    it('counts them as waiting', async () => {
      node = openTestNode(redis.port, uniquePrefix('queues-source'));
      const queue = node.registry.get('reports');
      await Promise.all([1, 2].map((n) => queue.add('render', { n })));
      expect(await valueAt('reports', 'waiting')).toBe(2);

      await queue.pause();

      expect(await valueAt('reports', 'waiting')).toBe(2);
      expect(await valueAt('reports', 'active')).toBe(0);
    });
  });

  describe('when more jobs finished within the minute than the bound', () => {
    it(`reports ${RATE_MAX_JOBS} per minute, reading no more jobs than that`, async () => {
      node = openTestNode(redis.port, uniquePrefix('queues-source'));
      const queue = node.registry.get('flood');
      const total = RATE_MAX_JOBS + 20;
      await queue.addBulk(Array.from({ length: total }, (_, n) => ({ name: 'x', data: { n } })));
      void queue.process('*', 50, async () => undefined);
      await waitFor(async () => (await queue.getCompletedCount()) === total, `${total} jobs`);

      const pages = vi.spyOn(queue, 'getCompleted');

      expect(await valueAt('flood', 'completed_per_minute')).toBe(RATE_MAX_JOBS);
      const read = pages.mock.calls.reduce((n, [start = 0, end = 0]) => n + end - start + 1, 0);
      expect(read).toBe(RATE_MAX_JOBS);
      expect(await valueAt('flood', 'completed')).toBe(total);
    });
  });

  describe('when a range is asked', () => {
    it('fails with BAD_REQUEST: queues keep no history', async () => {
      node = openTestNode(redis.port, uniquePrefix('queues-source'));

      const result = await source('billing', 'failed').range({
        query: '',
        fromMs: 0,
        toMs: 60_000,
        stepMs: 15_000,
      });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'queue "billing" keeps no history of failed; queues sources answer instant queries only',
      });
    });
  });

  describe('when Redis does not answer', () => {
    it('fails with TIMEOUT when the caller gives up', async () => {
      node = openTestNode(1, uniquePrefix('queues-source'));
      const startedAt = Date.now();

      const result = await source('billing', 'waiting').instant(
        { query: '', atMs: Date.now() },
        AbortSignal.timeout(300),
      );

      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(result).toMatchObject({ ok: false, code: 'TIMEOUT' });
      expect(result.ok || result.message).toMatch(
        /^reading waiting of queue "billing" was cancelled: /,
      );
    });
  });
});
