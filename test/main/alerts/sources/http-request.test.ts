import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfigInput } from '../../../../shared/alerting/source.js';
import { createSource, type MetricSource } from '../../../../main/alerts/sources/index.js';
import { silentLog } from '../../connection/silent-log.js';
import { sendJson, startFakeHttp, type FakeHttp } from './fake-http.js';

// These run the Prometheus source against a fake server answering in Prometheus' documented
// format, for what a real Prometheus cannot be made to do: hang, lie, or answer 15 MB.
describe('HTTP sources', () => {
  let server: FakeHttp;

  function prometheus(extra: Partial<SourceConfigInput> = {}): MetricSource {
    const config = SourceConfigSchema.parse({ kind: 'prometheus', url: server.url, ...extra });
    return createSource(config, { log: silentLog });
  }

  const atMs = 1_714_557_600_250;
  const vector = {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [{ metric: { app: 'web' }, value: [atMs / 1000, '42'] }],
    },
  };

  beforeAll(async () => {
    server = await startFakeHttp();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.respond((_req, res) => sendJson(res, vector));
  });

  describe('when the config has a bearer token and a base path', () => {
    it('sends the token and the documented form to the path under the base', async () => {
      const source = prometheus({ url: `${server.url}/prom`, bearerToken: 's3cret' });

      const result = await source.instant({ query: 'up == 0', atMs });

      expect(result).toEqual({
        ok: true,
        value: [{ labels: { app: 'web' }, samples: [{ t: atMs, v: 42 }] }],
      });
      const [request] = server.requests;
      expect(request).toMatchObject({ method: 'POST', url: '/prom/api/v1/query' });
      expect(request?.headers.authorization).toBe('Bearer s3cret');
      expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
        query: 'up == 0',
        time: '1714557600.250',
        timeout: '10',
      });
    });
  });

  describe('when the config has basic auth', () => {
    it('sends a Basic Authorization header', async () => {
      const source = prometheus({ basicAuth: { username: 'ops', password: 'pa:ss' } });

      await source.instant({ query: 'up', atMs });

      const expected = `Basic ${Buffer.from('ops:pa:ss').toString('base64')}`;
      expect(server.requests[0]?.headers.authorization).toBe(expected);
    });
  });

  describe('when a range query answers a matrix', () => {
    it('sends start, end and step in seconds and skips NaN samples', async () => {
      server.respond((_req, res) =>
        sendJson(res, {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { app: 'web' },
                values: [
                  [1_714_557_600, '1'],
                  [1_714_557_615, 'NaN'],
                  [1_714_557_630, '3.5'],
                ],
              },
              { metric: { app: 'api' }, values: [[1_714_557_600, '+Inf']] },
            ],
          },
        }),
      );

      const result = await prometheus().range({
        query: 'rate(x[1m])',
        fromMs: 1_714_557_600_000,
        toMs: 1_714_557_630_000,
        stepMs: 15_000,
      });

      expect(server.requests[0]?.url).toBe('/api/v1/query_range');
      expect(Object.fromEntries(new URLSearchParams(server.requests[0]?.body))).toMatchObject({
        start: '1714557600.000',
        end: '1714557630.000',
        step: '15',
      });
      expect(result).toEqual({
        ok: true,
        value: [
          {
            labels: { app: 'web' },
            samples: [
              { t: 1_714_557_600_000, v: 1 },
              { t: 1_714_557_630_000, v: 3.5 },
            ],
          },
        ],
      });
    });
  });

  describe('when the server never answers', () => {
    it('fails with TIMEOUT within the deadline, naming the URL and not the token', async () => {
      server.respond(() => undefined);
      const source = prometheus({ timeoutMs: 300, bearerToken: 's3cret' });
      const startedAt = Date.now();

      const result = await source.instant({ query: 'up', atMs });

      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `no answer from ${server.url}/api/v1/query within 300 ms`,
      });
    });

    it('fails with TIMEOUT as soon as the caller aborts', async () => {
      server.respond(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('rule evaluation stopped')), 50);

      const result = await prometheus().instant({ query: 'up', atMs }, controller.signal);

      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `request to ${server.url}/api/v1/query was cancelled: rule evaluation stopped`,
      });
    });
  });

  describe('when the body is not JSON', () => {
    it('fails with BAD_REQUEST naming the URL and the content type', async () => {
      server.respond((_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<html><head><title>SSO</title></head><body><h1>Sign in</h1></body></html>'),
      );

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: `expected JSON from ${server.url}/api/v1/query, got text/html; charset=utf-8: SSO Sign in`,
      });
    });
  });

  describe('when the server answers an HTTP error', () => {
    it('fails with the status and a text-only excerpt of the body', async () => {
      const html = `<html><style>h1{color:red}</style><h1>502 Bad Gateway</h1><p>${'x'.repeat(500)}</p></html>`;
      server.respond((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(html));

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: `${server.url}/api/v1/query answered HTTP 502: 502 Bad Gateway ${'x'.repeat(184)}...`,
      });
    });

    it('maps 401 to FORBIDDEN', async () => {
      server.respond((_req, res) => res.writeHead(401).end('unauthorized'));

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('reads Prometheus’ error JSON, with its timeouts as TIMEOUT', async () => {
      server.respond((_req, res) =>
        sendJson(res, { status: 'error', errorType: 'timeout', error: 'query timed out' }, 503),
      );

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `prometheus at ${server.url}/api/v1/query: timeout: query timed out`,
      });
    });
  });

  describe('when the body is larger than 10 MB', () => {
    it('refuses a 15 MB chunked body', async () => {
      server.respond((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        void writeChunks(res, 15 * 2 ** 20);
      });

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: `${server.url}/api/v1/query answered more than 10 MB; narrow the query`,
      });
    });

    it('refuses a declared 15 MB body before reading it', async () => {
      server.respond((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(15 * 2 ** 20),
        });
        res.write('[');
      });

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(result.ok || result.message).toContain('answered more than 10 MB');
    });

    it('stops reading an endless body instead of waiting for its end', async () => {
      server.respond((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        void writeChunks(res, Infinity);
      });

      const result = await prometheus({ timeoutMs: 20_000 }).instant({ query: 'up', atMs });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    });
  });

  describe('when the JSON is not a Prometheus answer', () => {
    it('fails with BAD_REQUEST', async () => {
      server.respond((_req, res) => sendJson(res, { hello: 'world' }));

      const result = await prometheus().instant({ query: 'up', atMs });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: `expected a Prometheus query response from ${server.url}/api/v1/query`,
      });
    });
  });

  describe('when nothing listens at the URL', () => {
    it('fails with INTERNAL naming the URL', async () => {
      const source = createSource(
        SourceConfigSchema.parse({ kind: 'prometheus', url: 'http://127.0.0.1:9' }),
        { log: silentLog },
      );

      const result = await source.instant({ query: 'up', atMs });

      expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(result.ok || result.message).toMatch(
        /^cannot reach http:\/\/127\.0\.0\.1:9\/api\/v1\/query: /,
      );
    });
  });
});

/** Writes `total` bytes of JSON-ish text in 64 KiB chunks, minding backpressure. */
async function writeChunks(res: ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  for (let written = 0; written < total && !res.destroyed; written += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}
