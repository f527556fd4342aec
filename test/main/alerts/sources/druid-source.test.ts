import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfigInput } from '../../../../shared/alerting/source.js';
import { createSource, type MetricSource } from '../../../../main/alerts/sources/index.js';
import { silentLog } from '../../connection/silent-log.js';
import { sendJson, startFakeHttp, type FakeHttp, type ReceivedRequest } from './fake-http.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');

// Checks a request the way Druid's SQL endpoint would, and answers Druid's error JSON if not.
function druidProblem(req: ReceivedRequest): string | undefined {
  if (req.method !== 'POST' || req.url !== '/druid/v2/sql') return `no route ${req.url}`;
  if (req.headers['content-type'] !== 'application/json') return 'unsupported media type';
  const body = JSON.parse(req.body) as { query?: unknown; parameters?: unknown[] };
  if (typeof body.query !== 'string') return 'query is required';
  const marks = body.query.split('?').length - 1;
  if (marks !== (body.parameters?.length ?? 0)) return `${marks} parameters expected`;

  return undefined;
}

describe('druid source', () => {
  let server: FakeHttp;
  let rows: unknown;

  function druid(extra: Partial<SourceConfigInput> = {}): MetricSource {
    const config = SourceConfigSchema.parse({ kind: 'druid', url: server.url, ...extra });
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
    server.respond((req, res) => {
      const problem = druidProblem(req);
      if (!problem) return sendJson(res, rows);
      sendJson(res, { error: 'Unknown exception', errorMessage: problem, errorClass: 'x' }, 400);
    });
  });

  describe('when a range query uses {{from}} and {{to}}', () => {
    it('binds them as TIMESTAMP parameters and sends the documented body', async () => {
      rows = [];
      const query =
        'SELECT __time, service, "value" FROM errors WHERE __time >= {{from}} AND __time <= {{ to }}';

      const result = await druid({ timeoutMs: 5_000 }).range({
        query,
        fromMs: T0,
        toMs: T0 + 60_250,
        stepMs: 60_000,
      });

      expect(result).toEqual({ ok: true, value: [] });
      expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
        query: 'SELECT __time, service, "value" FROM errors WHERE __time >= ? AND __time <= ?',
        resultFormat: 'object',
        parameters: [
          { type: 'TIMESTAMP', value: '2024-05-01 10:00:00' },
          { type: 'TIMESTAMP', value: '2024-05-01 10:01:00.250' },
        ],
        context: { sqlTimeZone: 'Etc/UTC', timeout: 5_000 },
      });
    });

    it('turns rows into one series per label set, samples ordered by __time', async () => {
      rows = [
        { __time: '2024-05-01T10:01:00.000Z', service: 'api', value: 5 },
        { __time: '2024-05-01T10:00:00.000Z', service: 'api', value: 3 },
        { __time: T0, service: 'web', value: 1.5 },
        { __time: '2024-05-01T10:01:00.000Z', service: 'web', value: null },
      ];

      const result = await druid().range({
        query: 'SELECT ...',
        fromMs: T0,
        toMs: T0 + 60_000,
        stepMs: 60_000,
      });

      expect(result).toEqual({
        ok: true,
        value: [
          {
            labels: { service: 'api' },
            samples: [
              { t: T0, v: 3 },
              { t: T0 + 60_000, v: 5 },
            ],
          },
          { labels: { service: 'web' }, samples: [{ t: T0, v: 1.5 }] },
        ],
      });
    });

    it('fails naming the row when a row has no __time', async () => {
      rows = [{ service: 'api', value: 5 }];

      const result = await druid().range({ query: 'x', fromMs: T0, toMs: T0, stepMs: 1 });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'druid row 1 has no __time column; range queries need one in every row',
      });
    });
  });

  describe('when an instant query answers rows without __time', () => {
    it('stamps them with the query time and takes the only numeric column as value', async () => {
      rows = [
        { service: 'api', region: 'eu', errors: 12 },
        { service: 'web', region: 'eu', errors: 4 },
      ];

      const result = await druid().instant({
        query:
          "SELECT service, region, COUNT(*) AS errors FROM e WHERE __time > {{at}} - INTERVAL '5' MINUTE GROUP BY 1, 2",
        atMs: T0,
      });

      expect(result).toEqual({
        ok: true,
        value: [
          { labels: { service: 'api', region: 'eu' }, samples: [{ t: T0, v: 12 }] },
          { labels: { service: 'web', region: 'eu' }, samples: [{ t: T0, v: 4 }] },
        ],
      });
      expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({
        parameters: [{ type: 'TIMESTAMP', value: '2024-05-01 10:00:00' }],
      });
    });

    it('fails when two numeric columns leave the value ambiguous', async () => {
      rows = [{ service: 'api', errors: 1, requests: 10 }];

      const result = await druid().instant({ query: 'x', atMs: T0 });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'druid rows have numeric columns errors, requests; name the one to alert on "value"',
      });
    });
  });

  describe('when a placeholder does not belong to the query kind', () => {
    it('fails without sending the query', async () => {
      const result = await druid().instant({ query: 'WHERE __time >= {{from}}', atMs: T0 });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: '{{from}} is bound only in range queries',
      });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('when Druid answers its error JSON', () => {
    it('fails with BAD_REQUEST carrying errorMessage', async () => {
      server.respond((_req, res) =>
        sendJson(
          res,
          {
            error: 'Plan validation failed',
            errorMessage: "Column 'foo' not found in any table",
            errorClass: 'org.apache.calcite.tools.ValidationException',
            host: null,
          },
          400,
        ),
      );

      const result = await druid().instant({ query: 'SELECT foo FROM t', atMs: T0 });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: `druid at ${server.url}/druid/v2/sql answered HTTP 400: Column 'foo' not found in any table`,
      });
    });

    it('reports a Druid timeout as TIMEOUT', async () => {
      server.respond((_req, res) =>
        sendJson(
          res,
          {
            error: 'druidException',
            errorCode: 'legacyQueryException',
            persona: 'OPERATOR',
            category: 'TIMEOUT',
            errorMessage: 'Query [abc] timed out.',
            context: {},
          },
          504,
        ),
      );

      const result = await druid().instant({ query: 'SELECT 1', atMs: T0 });

      expect(result).toMatchObject({ ok: false, code: 'TIMEOUT' });
      expect(result.ok || result.message).toContain('Query [abc] timed out.');
    });
  });

  describe('when the config has basic auth', () => {
    it('sends a Basic Authorization header', async () => {
      rows = [];

      await druid({ basicAuth: { username: 'druid', password: 'pw' } }).instant({
        query: 'SELECT 1',
        atMs: T0,
      });

      const expected = `Basic ${Buffer.from('druid:pw').toString('base64')}`;
      expect(server.requests[0]?.headers.authorization).toBe(expected);
    });
  });
});
