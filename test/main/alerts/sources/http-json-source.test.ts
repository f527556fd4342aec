import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfigInput } from '../../../../shared/alerting/source.js';
import { createSource, type MetricSource } from '../../../../main/alerts/sources/index.js';
import { silentLog } from '../../connection/silent-log.js';
import { sendJson, startFakeHttp, type FakeHttp } from './fake-http.js';

const AT = Date.parse('2024-05-01T10:00:00Z');

describe('http-json source', () => {
  let server: FakeHttp;
  let answer: unknown;

  function httpJson(extra: Partial<SourceConfigInput>): MetricSource {
    const config = SourceConfigSchema.parse({
      kind: 'http-json',
      url: `${server.url}/status`,
      ...extra,
    });
    return createSource(config, { log: silentLog });
  }

  beforeAll(async () => {
    server = await startFakeHttp();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.respond((_req, res) => sendJson(res, answer));
  });

  describe('when items are nested and carry labels', () => {
    it('answers one series per item with labels and values from their paths', async () => {
      answer = {
        data: {
          clusters: [
            { name: 'eu-1', owner: { team: 'payments' }, health: { errors: 3 } },
            { name: 'us-1', owner: { team: 'search' }, health: { errors: '7.5' } },
            { name: 'ap-1', health: { errors: 0 } },
          ],
        },
      };
      const source = httpJson({
        itemsPath: '$.data.clusters[*]',
        valuePath: '$.health.errors',
        labelPaths: { cluster: '$.name', team: '$.owner.team' },
      });

      const result = await source.instant({ query: '', atMs: AT });

      expect(result).toEqual({
        ok: true,
        value: [
          { labels: { cluster: 'eu-1', team: 'payments' }, samples: [{ t: AT, v: 3 }] },
          { labels: { cluster: 'us-1', team: 'search' }, samples: [{ t: AT, v: 7.5 }] },
          { labels: { cluster: 'ap-1' }, samples: [{ t: AT, v: 0 }] },
        ],
      });
    });

    it('takes the elements of an itemsPath that selects one array', async () => {
      answer = { queues: [{ depth: 4 }, { depth: 9 }], total: 13 };
      const source = httpJson({ itemsPath: '$.queues', valuePath: '$.depth' });

      const result = await source.instant({ query: '', atMs: AT });

      // Without labels, both items are the same series: the last one is the instant answer.
      expect(result).toEqual({ ok: true, value: [{ labels: {}, samples: [{ t: AT, v: 9 }] }] });
    });
  });

  describe('when there is no itemsPath', () => {
    it('reads the whole answer as one item, a boolean as 1 or 0', async () => {
      answer = { healthy: false, checks: 12 };

      const result = await httpJson({ valuePath: '$.healthy' }).instant({ query: '', atMs: AT });

      expect(result).toEqual({ ok: true, value: [{ labels: {}, samples: [{ t: AT, v: 0 }] }] });
    });
  });

  describe('when values are null or not finite', () => {
    it('skips those items', async () => {
      answer = [
        { id: 'a', v: null },
        { id: 'b', v: 'NaN' },
        { id: 'c', v: 2 },
      ];
      const source = httpJson({ itemsPath: '$[*]', valuePath: '$.v', labelPaths: { id: '$.id' } });

      const result = await source.instant({ query: '', atMs: AT });

      expect(result).toEqual({
        ok: true,
        value: [{ labels: { id: 'c' }, samples: [{ t: AT, v: 2 }] }],
      });
    });
  });

  describe('when a value is not a number', () => {
    it('fails naming the item and the path', async () => {
      answer = [{ v: 1 }, { v: { nested: true } }];

      const result = await httpJson({ itemsPath: '$[*]', valuePath: '$.v' }).instant({
        query: '',
        atMs: AT,
      });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'item 2: valuePath $.v selects {"nested":true}, expected a number',
      });
    });
  });

  describe('when a range query reads items with a timePath', () => {
    it('keeps the samples inside the window, grouped by labels', async () => {
      answer = {
        points: [
          { at: '2024-05-01T09:59:00Z', host: 'a', load: 1 },
          { at: '2024-05-01T10:00:00Z', host: 'a', load: 2 },
          { at: AT + 60_000, host: 'a', load: 3 },
          { at: AT + 60_000, host: 'b', load: 4 },
          { at: AT + 120_000, host: 'b', load: 5 },
        ],
      };
      const source = httpJson({
        itemsPath: '$.points[*]',
        valuePath: '$.load',
        labelPaths: { host: '$.host' },
        timePath: '$.at',
      });

      const result = await source.range({
        query: '',
        fromMs: AT,
        toMs: AT + 60_000,
        stepMs: 60_000,
      });

      expect(result).toEqual({
        ok: true,
        value: [
          {
            labels: { host: 'a' },
            samples: [
              { t: AT, v: 2 },
              { t: AT + 60_000, v: 3 },
            ],
          },
          { labels: { host: 'b' }, samples: [{ t: AT + 60_000, v: 4 }] },
        ],
      });
    });

    it('fails without a timePath', async () => {
      const result = await httpJson({ valuePath: '$.x' }).range({
        query: '',
        fromMs: AT,
        toMs: AT,
        stepMs: 1_000,
      });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'range queries on an http-json source need a timePath',
      });
    });
  });

  describe('when the config is a POST with a JSON body and headers', () => {
    it('sends them', async () => {
      answer = { n: 1 };
      const source = httpJson({
        method: 'POST',
        body: { window: '5m' },
        headers: { 'x-api-key': 'k1' },
        valuePath: '$.n',
      });

      await source.instant({ query: '', atMs: AT });

      expect(server.requests[0]).toMatchObject({
        method: 'POST',
        url: '/status',
        body: '{"window":"5m"}',
        headers: { 'x-api-key': 'k1', 'content-type': 'application/json' },
      });
    });
  });
});
