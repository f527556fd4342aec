import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCacheRefreshProcessor } from '../../../main/jobs/cache-refresh.js';
import { cacheKey } from '../../../main/jobs/index.js';
import { createRecordedStore } from '../../../main/alerts/sources/index.js';
import type { Processor } from '../../../main/queues/processor.js';
import { CACHE_REFRESH_JOB, type CachedSeries } from '../../../shared/jobs.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openPlatformNode, tickContext, type PlatformNode } from './platform-harness.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const MINUTE = 60_000;
const TTL_MS = 10 * MINUTE;
const DATA = { sourceId: 'recorded', key: 'frontend-errors', ttlMs: TTL_MS };

describe('cache.refresh', () => {
  let redis: TestRedis;
  let node: PlatformNode;
  let refresh: Processor;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  beforeEach(async () => {
    node = openPlatformNode(redis.port, 'cache');
    const recorded = createRecordedStore(node.connection.client, node.prefix);
    const written = await recorded.write('errors', [
      {
        labels: { app: 'web' },
        samples: [0, 1, 2, 3].map((i) => ({ t: T0 + i * MINUTE, v: 10 * (i + 1) })),
      },
      { labels: { app: 'api' }, samples: [{ t: T0, v: 7 }] },
    ]);
    expect(written.ok).toBe(true);
    const source = {
      id: 'recorded',
      name: 'Recorded',
      config: { kind: 'recorded', series: 'errors' },
    };
    expect((await node.alerting.config.sources.save(source)).ok).toBe(true);
    refresh = createCacheRefreshProcessor(node.deps);
  });

  afterEach(async () => {
    await node.close();
  });

  const run = (tickMs: number, data: object = DATA) =>
    refresh(tickContext(CACHE_REFRESH_JOB, { ...DATA, ...data }, tickMs));

  /** The stored entry, series in label order (a recorded set answers in hash order). */
  async function stored(): Promise<{ entry: CachedSeries | null; ttlMs: number }> {
    const key = cacheKey(node.prefix, 'frontend-errors');
    const [json, ttlMs] = await Promise.all([
      node.connection.client.get(key),
      node.connection.client.pttl(key),
    ]);
    if (json === null) return { entry: null, ttlMs };

    const entry = JSON.parse(json) as CachedSeries;
    entry.series.sort((a, b) => ((a.labels.app ?? '') < (b.labels.app ?? '') ? -1 : 1));
    return { entry, ttlMs };
  }

  describe('when a tick refreshes the entry', () => {
    it('stores the instant answer at the tick as JSON with the TTL', async () => {
      const tickMs = T0 + 2 * MINUTE;

      const result = await run(tickMs);

      const { entry, ttlMs } = await stored();
      expect(entry).toEqual({
        atMs: tickMs,
        sourceId: 'recorded',
        query: '',
        series: [
          // Two minutes old: within the 5-minute staleness of an instant query.
          { labels: { app: 'api' }, samples: [{ t: T0, v: 7 }] },
          { labels: { app: 'web' }, samples: [{ t: tickMs, v: 30 }] },
        ],
      });
      expect(ttlMs).toBeGreaterThan(TTL_MS - 5_000);
      expect(ttlMs).toBeLessThanOrEqual(TTL_MS);
      expect(result).toMatchObject({ key: 'frontend-errors', atMs: tickMs, series: 2 });
      expect(result).toMatchObject({ isWritten: true });
    });
  });

  describe('when the same tick runs again', () => {
    it('overwrites the entry with the same answer and a fresh TTL', async () => {
      const tickMs = T0 + 2 * MINUTE;
      await run(tickMs);
      const key = cacheKey(node.prefix, 'frontend-errors');
      await node.connection.client.pexpire(key, 1_000);

      const again = await run(tickMs);

      const { entry, ttlMs } = await stored();
      expect(again).toMatchObject({ atMs: tickMs, isWritten: true });
      expect(entry?.atMs).toBe(tickMs);
      expect(entry?.series.map((s) => s.samples)).toEqual([
        [{ t: T0, v: 7 }],
        [{ t: tickMs, v: 30 }],
      ]);
      expect(ttlMs).toBeGreaterThan(TTL_MS - 5_000);
      expect(await node.connection.client.keys(`${node.prefix}:dipper:cache:*`)).toEqual([key]);
    });
  });

  describe('when an older tick runs late, after a newer one', () => {
    it('keeps the newer answer', async () => {
      await run(T0 + 3 * MINUTE);

      const late = await run(T0 + MINUTE);

      expect(late).toMatchObject({ atMs: T0 + MINUTE, isWritten: false });
      const { entry } = await stored();
      expect(entry?.atMs).toBe(T0 + 3 * MINUTE);
      expect(entry?.series.find((s) => s.labels.app === 'web')?.samples).toEqual([
        { t: T0 + 3 * MINUTE, v: 40 },
      ]);
    });
  });

  describe('when the data is invalid', () => {
    it('fails the Job naming the field, and stores nothing', async () => {
      await expect(run(T0, { ttlMs: 0 })).rejects.toThrow(
        'invalid cache.refresh data: ttlMs: ttlMs must be at least 1000 ms',
      );
      expect((await stored()).entry).toBeNull();
    });
  });

  describe('when the source fails', () => {
    it("fails the Job with the source's message and keeps the previous entry", async () => {
      await run(T0 + MINUTE);
      const broken = { id: 'recorded', name: 'Gone', config: { kind: 'recorded', series: 'gone' } };
      expect((await node.alerting.config.sources.save(broken)).ok).toBe(true);

      await expect(run(T0 + 2 * MINUTE)).rejects.toThrow(
        'source "recorded" failed: recorded set "gone" does not exist',
      );
      expect((await stored()).entry?.atMs).toBe(T0 + MINUTE);
    });
  });
});
