import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seriesKey, type Series } from '../../../../shared/alerting/series.js';
import { SourceConfigSchema } from '../../../../shared/alerting/source.js';
import {
  createRecordedStore,
  createSource,
  type RecordedStore,
} from '../../../../main/alerts/sources/index.js';
import { startTestPrometheus, type TestPrometheus } from '../../../harness/prometheus.js';
import { startTestRedis, type TestRedis } from '../../../harness/redis.js';
import { waitFor } from '../../../harness/wait.js';
import { openTestNode, quietLog, uniquePrefix, type TestNode } from '../../queues/queue-harness.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const MINUTE = 60_000;

const CSV = [
  'timestamp,value,app,env',
  '2024-05-01T10:00:00Z,1,web,prod',
  `${T0 + MINUTE},2,web,prod`,
  '2024-05-01T10:02:00.000Z,3,web,prod',
  `${T0},10,api,`,
  `${T0 + MINUTE},"20",api,`,
].join('\n');

function sorted(series: Series[]): Series[] {
  return [...series].sort((a, b) => seriesKey(a.labels).localeCompare(seriesKey(b.labels)));
}

describe('recorded store', () => {
  let redis: TestRedis;
  let node: TestNode;
  let store: RecordedStore;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  beforeEach(() => {
    const prefix = uniquePrefix('recorded');
    node = openTestNode(redis.port, prefix);
    store = createRecordedStore(node.connection.client, prefix);
  });

  afterEach(async () => {
    await node.close();
  });

  describe('when a CSV has a bad line', () => {
    it('fails naming the line and writes nothing', async () => {
      const csv = ['timestamp,value,app', `${T0},1,web`, `${T0 + MINUTE},abc,web`].join('\n');

      const result = await store.importCsv('checkout', csv);

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'invalid CSV: line 3: value "abc" is not a finite number',
        issues: [{ path: 'line 3', message: 'value "abc" is not a finite number' }],
      });
      expect(await store.list()).toEqual({ ok: true, value: [] });
    });

    it('lists every bad line with its number', async () => {
      const csv = [
        'timestamp,value,app',
        'yesterday,1,web',
        `${T0},2`,
        `${T0},3,web`,
        `${T0},Infinity,web`,
      ].join('\r\n');

      const result = await store.importCsv('checkout', csv);

      expect(result.ok || result.issues).toEqual([
        { path: 'line 2', message: 'timestamp "yesterday" is neither epoch ms nor ISO 8601' },
        { path: 'line 3', message: 'expected 3 fields (timestamp,value,app), got 2' },
        { path: 'line 5', message: 'value "Infinity" is not a finite number' },
      ]);
    });

    it('refuses a header that does not start with timestamp,value', async () => {
      const result = await store.importCsv('checkout', `time,value\n${T0},1`);

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(result.ok || result.message).toContain('line 1: expected a header starting');
    });
  });

  describe('when a CSV is imported', () => {
    it('reads back the samples of a window, inclusive, per label set', async () => {
      expect(await store.importCsv('checkout', CSV)).toEqual({
        ok: true,
        value: { seriesCount: 2, sampleCount: 5 },
      });

      const result = await store.read('checkout', T0 + MINUTE, T0 + 2 * MINUTE);

      expect(result.ok && sorted(result.value)).toEqual([
        { labels: { app: 'api' }, samples: [{ t: T0 + MINUTE, v: 20 }] },
        {
          labels: { app: 'web', env: 'prod' },
          samples: [
            { t: T0 + MINUTE, v: 2 },
            { t: T0 + 2 * MINUTE, v: 3 },
          ],
        },
      ]);
    });

    it('replaces what the set held before', async () => {
      await store.importCsv('checkout', CSV);

      await store.importCsv('checkout', `timestamp,value,app\n${T0},99,db`);

      const result = await store.read('checkout', 0, T0 + 10 * MINUTE);
      expect(result).toEqual({
        ok: true,
        value: [{ labels: { app: 'db' }, samples: [{ t: T0, v: 99 }] }],
      });
    });

    it('lists the set with its counts and time span, and removes it', async () => {
      await store.importCsv('checkout', CSV);

      expect(await store.list()).toEqual({
        ok: true,
        value: [
          {
            name: 'checkout',
            seriesCount: 2,
            sampleCount: 5,
            fromMs: T0,
            toMs: T0 + 2 * MINUTE,
          },
        ],
      });
      expect(await store.remove('checkout')).toEqual({ ok: true, value: undefined });
      expect(await store.read('checkout', 0, T0)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'recorded set "checkout" does not exist',
      });
      expect(await store.remove('checkout')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    });
  });

  describe('when series are written in merge mode', () => {
    it('keeps one sample per time, the last written winning', async () => {
      const labels = { app: 'web' };
      await store.write('merge', [{ labels, samples: [{ t: T0, v: 1 }] }]);

      await store.write('merge', [
        {
          labels,
          samples: [
            { t: T0, v: 5 },
            { t: T0 + MINUTE, v: 6 },
          ],
        },
      ]);

      expect(await store.read('merge', 0, T0 + MINUTE)).toEqual({
        ok: true,
        value: [
          {
            labels,
            samples: [
              { t: T0, v: 5 },
              { t: T0 + MINUTE, v: 6 },
            ],
          },
        ],
      });
    });
  });

  describe('when JSON is imported', () => {
    it('stores the series it lists', async () => {
      const json = JSON.stringify([
        {
          labels: { app: 'web' },
          samples: [
            { t: T0 + MINUTE, v: 2 },
            { t: T0, v: 1 },
          ],
        },
      ]);

      expect(await store.importJson('from-json', json)).toEqual({
        ok: true,
        value: { seriesCount: 1, sampleCount: 2 },
      });
      expect(await store.read('from-json', T0, T0 + MINUTE)).toEqual({
        ok: true,
        value: [
          {
            labels: { app: 'web' },
            samples: [
              { t: T0, v: 1 },
              { t: T0 + MINUTE, v: 2 },
            ],
          },
        ],
      });
    });

    it('fails naming the path of a bad sample', async () => {
      const result = await store.importJson('from-json', [
        { labels: {}, samples: [{ t: T0, v: 'x' }] },
      ]);

      expect(result).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        issues: [{ path: '0.samples.0.v', message: 'expected a finite number' }],
      });
    });
  });

  describe('when a set name holds a colon', () => {
    it('fails with BAD_REQUEST', async () => {
      const result = await store.read('a:b', 0, 1);

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    });
  });

  describe('when a recorded source answers an instant query', () => {
    async function instantAt(atMs: number) {
      const config = SourceConfigSchema.parse({ kind: 'recorded', series: 'checkout' });
      const source = createSource(config, { recorded: store, log: quietLog });
      return source.instant({ query: '', atMs });
    }

    it('answers the newest sample at or before the time', async () => {
      await store.importCsv('checkout', CSV);

      const result = await instantAt(T0 + MINUTE + 30_000);

      expect(result.ok && sorted(result.value)).toEqual([
        { labels: { app: 'api' }, samples: [{ t: T0 + MINUTE, v: 20 }] },
        { labels: { app: 'web', env: 'prod' }, samples: [{ t: T0 + MINUTE, v: 2 }] },
      ]);
    });

    it('leaves out series whose newest sample is 5 minutes old or more', async () => {
      await store.importCsv('checkout', CSV);
      const lastApi = T0 + MINUTE;
      const lastWeb = T0 + 2 * MINUTE;

      const justFresh = await instantAt(lastApi + 5 * MINUTE - 1);
      const stale = await instantAt(lastApi + 5 * MINUTE);

      expect(justFresh.ok && justFresh.value.map((s) => s.labels.app).sort()).toEqual([
        'api',
        'web',
      ]);
      expect(stale).toEqual({
        ok: true,
        value: [{ labels: { app: 'web', env: 'prod' }, samples: [{ t: lastWeb, v: 3 }] }],
      });
      expect(await instantAt(lastWeb + 5 * MINUTE)).toEqual({ ok: true, value: [] });
      expect(await instantAt(T0 - 1)).toEqual({ ok: true, value: [] });
    });
  });

  describe('when a range of the real Prometheus is captured', () => {
    let prometheus: TestPrometheus;

    beforeAll(async () => {
      prometheus = await startTestPrometheus();
      prometheus.setValue('js_errors_total', { app: 'web' }, 42);
      await prometheus.waitForValue('js_errors_total{app="web"}', 42);
    });

    afterAll(async () => {
      await prometheus?.stop();
    });

    it('stores exactly what the range query answered', async () => {
      const fromMs = Math.ceil(Date.now() / 1000) * 1000;
      await waitFor(() => Date.now() >= fromMs + 2_000, 'two scrapes');
      prometheus.setValue('js_errors_total', { app: 'web' }, 43);
      await prometheus.waitForValue('js_errors_total{app="web"}', 43);
      const toMs = Math.ceil(Date.now() / 1000) * 1000;
      const config = SourceConfigSchema.parse({ kind: 'prometheus', url: prometheus.url });
      const source = createSource(config, { log: quietLog });
      const query = { query: 'js_errors_total', fromMs, toMs, stepMs: 1_000 };

      const captured = await store.capture('errors-replay', source, query);

      const answered = await source.range(query);
      const read = await store.read('errors-replay', fromMs, toMs);
      expect(answered.ok && answered.value[0]?.samples.map((s) => s.v)).toContain(43);
      expect(read).toEqual(answered);
      expect(captured).toEqual({
        ok: true,
        value: { seriesCount: 1, sampleCount: (toMs - fromMs) / 1000 + 1 },
      });
    });
  });
});
