import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readStatsSamples, statsKeys } from '../../../main/jobs/index.js';
import { createStatsSampleProcessor } from '../../../main/jobs/stats-sample.js';
import { createRecordedStore } from '../../../main/alerts/sources/index.js';
import type { Processor } from '../../../main/queues/processor.js';
import { STATS_SAMPLE_JOB } from '../../../shared/jobs.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openPlatformNode, tickContext, type PlatformNode } from './platform-harness.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const TICK = T0 + 100_000;
const DATA = { sourceId: 'recorded', query: '', rangeMs: 99_000, stepMs: 1_000, key: 'js-errors' };

describe('stats.sample', () => {
  let redis: TestRedis;
  let node: PlatformNode;
  let sample: Processor;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  beforeEach(async () => {
    node = openPlatformNode(redis.port, 'stats');
    const recorded = createRecordedStore(node.connection.client, node.prefix);
    // web: 1..100, one a second up to the tick; api: three samples, and one before the range.
    const written = await recorded.write('errors', [
      {
        labels: { app: 'web' },
        samples: Array.from({ length: 100 }, (_, i) => ({ t: T0 + (i + 1) * 1_000, v: i + 1 })),
      },
      {
        labels: { app: 'api' },
        samples: [
          { t: T0, v: 1_000 },
          { t: T0 + 10_000, v: 5 },
          { t: T0 + 20_000, v: 1 },
          { t: T0 + 30_000, v: 3 },
        ],
      },
    ]);
    expect(written.ok).toBe(true);
    const source = {
      id: 'recorded',
      name: 'Recorded',
      config: { kind: 'recorded', series: 'errors' },
    };
    expect((await node.alerting.config.sources.save(source)).ok).toBe(true);
    sample = createStatsSampleProcessor(node.deps);
  });

  afterEach(async () => {
    await node.close();
  });

  const run = (tickMs: number, data: object = DATA) =>
    sample(tickContext(STATS_SAMPLE_JOB, { ...DATA, ...data }, tickMs));

  describe('when a tick samples known values', () => {
    it('stores count, mean and nearest-rank percentiles per series under the tick', async () => {
      const result = await run(TICK);

      expect(result).toEqual({ key: 'js-errors', atMs: TICK, series: 2, dropped: 0 });
      expect(await readStatsSamples(node.connection.client, node.prefix, 'js-errors', 10)).toEqual([
        {
          atMs: TICK,
          fromMs: T0 + 1_000,
          series: [
            { labels: { app: 'api' }, count: 3, mean: 3, min: 1, max: 5, p50: 3, p95: 5, p99: 5 },
            {
              labels: { app: 'web' },
              count: 100,
              mean: 50.5,
              min: 1,
              max: 100,
              p50: 50,
              p95: 95,
              p99: 99,
            },
          ],
        },
      ]);
    });
  });

  describe('when the same tick runs again', () => {
    it('replaces its sample instead of adding a second one', async () => {
      await run(TICK);
      await run(TICK);

      const { samples, index } = statsKeys(node.prefix, 'js-errors');
      const client = node.connection.client;
      expect(await client.hkeys(samples)).toEqual([String(TICK)]);
      expect(await client.zrange(index, 0, -1, 'WITHSCORES')).toEqual([String(TICK), String(TICK)]);
    });
  });

  describe('when more ticks run than the key keeps', () => {
    it('drops the oldest from samples and index, and ignores a late older tick', async () => {
      for (const tickMs of [TICK, TICK + 1_000, TICK + 2_000]) await run(tickMs, { keep: 2 });
      const late = await run(TICK - 1_000, { keep: 2 });

      const kept = await readStatsSamples(node.connection.client, node.prefix, 'js-errors', 10);
      expect(kept.map((s) => s.atMs)).toEqual([TICK + 2_000, TICK + 1_000]);
      expect(late).toMatchObject({ atMs: TICK - 1_000, dropped: 1 });
      const { samples } = statsKeys(node.prefix, 'js-errors');
      expect((await node.connection.client.hkeys(samples)).sort()).toEqual([
        String(TICK + 1_000),
        String(TICK + 2_000),
      ]);
    });
  });

  describe('when the data is invalid', () => {
    it('fails the Job naming every problem', async () => {
      const bad = run(TICK, { key: 'a:b', rangeMs: 100_000_000, stepMs: 1_000 });

      await expect(bad).rejects.toThrow(
        'invalid stats.sample data: ' +
          'key: key must be 1-128 of A-Z a-z 0-9 _ . - (no ":" or braces); got "a:b"; ' +
          'stepMs: rangeMs 100000000 / stepMs 1000 gives more than 11000 points; raise stepMs',
      );
    });
  });

  describe('when the source is not configured', () => {
    it('fails the Job naming the configured sources', async () => {
      await expect(run(TICK, { sourceId: 'prom' })).rejects.toThrow(
        'source "prom" does not exist; configured: recorded',
      );
    });
  });
});
