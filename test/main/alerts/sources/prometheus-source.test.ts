import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Series } from '../../../../shared/alerting/series.js';
import { SourceConfigSchema } from '../../../../shared/alerting/source.js';
import type { Result } from '../../../../shared/result.js';
import { createSource, type MetricSource } from '../../../../main/alerts/sources/index.js';
import {
  startTestPrometheus,
  TEST_SCRAPE_JOB,
  type TestPrometheus,
} from '../../../harness/prometheus.js';
import { waitFor } from '../../../harness/wait.js';
import { silentLog } from '../../connection/silent-log.js';

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}

function byLabel(name: string) {
  return (a: Series, b: Series) => (a.labels[name] ?? '').localeCompare(b.labels[name] ?? '');
}

describe('prometheus source', () => {
  let prometheus: TestPrometheus;
  let source: MetricSource;

  beforeAll(async () => {
    prometheus = await startTestPrometheus();
    prometheus.setValue('js_errors_total', { app: 'web' }, 42);
    prometheus.setValue('js_errors_total', { app: 'api' }, 7);
    prometheus.setValue('cache_ratio', { shard: 'a' }, NaN);
    prometheus.setValue('cache_ratio', { shard: 'b' }, 0.5);
    await prometheus.waitForValue('cache_ratio{shard="b"}', 0.5);
    await prometheus.waitForValue('js_errors_total{app="web"}', 42);

    const config = SourceConfigSchema.parse({ kind: 'prometheus', url: prometheus.url });
    source = createSource(config, { log: silentLog });
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  describe('when an instant query selects a vector', () => {
    it('answers one series per label set with the value at the query time', async () => {
      const atMs = Date.now();

      const series = valueOf(await source.instant({ query: 'js_errors_total', atMs }));

      expect(series.sort(byLabel('app'))).toEqual([
        {
          labels: {
            __name__: 'js_errors_total',
            app: 'api',
            instance: prometheus.instance,
            job: TEST_SCRAPE_JOB,
          },
          samples: [{ t: atMs, v: 7 }],
        },
        {
          labels: {
            __name__: 'js_errors_total',
            app: 'web',
            instance: prometheus.instance,
            job: TEST_SCRAPE_JOB,
          },
          samples: [{ t: atMs, v: 42 }],
        },
      ]);
    });

    it('keeps only the labels an aggregation leaves', async () => {
      const atMs = Date.now();

      const series = valueOf(
        await source.instant({ query: 'sum by (app) (js_errors_total)', atMs }),
      );

      expect(series.sort(byLabel('app'))).toEqual([
        { labels: { app: 'api' }, samples: [{ t: atMs, v: 7 }] },
        { labels: { app: 'web' }, samples: [{ t: atMs, v: 42 }] },
      ]);
    });

    it('answers vector(1) as one series without labels', async () => {
      const atMs = Date.now();

      const series = valueOf(await source.instant({ query: 'vector(1)', atMs }));

      expect(series).toEqual([{ labels: {}, samples: [{ t: atMs, v: 1 }] }]);
    });
  });

  describe('when an instant query gives a scalar', () => {
    it('answers one series without labels', async () => {
      const atMs = Date.now();
      const query = 'scalar(js_errors_total{app="web"})';

      const series = valueOf(await source.instant({ query, atMs }));

      expect(series).toEqual([{ labels: {}, samples: [{ t: atMs, v: 42 }] }]);
    });
  });

  describe('when values are not finite', () => {
    it('skips NaN samples and keeps the finite series', async () => {
      const atMs = Date.now();

      const series = valueOf(await source.instant({ query: 'cache_ratio', atMs }));

      expect(series.map((s) => [s.labels.shard, s.samples])).toEqual([
        ['b', [{ t: atMs, v: 0.5 }]],
      ]);
    });

    it('skips +Inf samples, leaving no series', async () => {
      const query = 'js_errors_total / 0';

      expect(await source.instant({ query, atMs: Date.now() })).toEqual({ ok: true, value: [] });
    });
  });

  describe('when a range query spans a change of value', () => {
    it('answers every step with the value scraped before it', async () => {
      // Whole seconds after samples exist: the first step sees 42, the last one 50.
      const fromMs = Math.ceil(Date.now() / 1000) * 1000;
      await waitFor(() => Date.now() >= fromMs + 3_000, 'three scrapes at 42');
      prometheus.setValue('js_errors_total', { app: 'web' }, 50);
      await prometheus.waitForValue('js_errors_total{app="web"}', 50);
      const toMs = Math.ceil(Date.now() / 1000) * 1000;

      const series = valueOf(
        await source.range({ query: 'js_errors_total{app="web"}', fromMs, toMs, stepMs: 1_000 }),
      );

      expect(series).toHaveLength(1);
      const [only] = series as [Series];
      expect(only.labels).toEqual({
        __name__: 'js_errors_total',
        app: 'web',
        instance: prometheus.instance,
        job: TEST_SCRAPE_JOB,
      });
      const steps = (toMs - fromMs) / 1_000 + 1;
      expect(only.samples.map((s) => s.t)).toEqual(
        Array.from({ length: steps }, (_, i) => fromMs + i * 1_000),
      );
      const values = only.samples.map((s) => s.v);
      const firstFifty = values.indexOf(50);
      expect(values.slice(0, 3)).toEqual([42, 42, 42]);
      expect(values.at(-1)).toBe(50);
      expect(values).toEqual([
        ...Array(firstFifty).fill(42),
        ...Array(steps - firstFifty).fill(50),
      ]);
    });
  });

  describe('when the PromQL is invalid', () => {
    it('fails with BAD_REQUEST carrying Prometheus’ message', async () => {
      const result = await source.instant({ query: 'sum(js_errors_total', atMs: Date.now() });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: expect.stringContaining(
          'bad_data: invalid parameter "query": 1:20: parse error: unclosed left parenthesis',
        ),
      });
      expect(result.ok || result.message).toMatch(
        new RegExp(`^prometheus at ${prometheus.url}/api/v1/query: `),
      );
    });
  });

  describe('when the query gives a string', () => {
    it('fails with BAD_REQUEST', async () => {
      const result = await source.instant({ query: '"hello"', atMs: Date.now() });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(result.ok || result.message).toContain('gave a string');
    });
  });
});
