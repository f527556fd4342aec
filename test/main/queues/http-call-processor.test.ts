import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { startConsumer, type JobOutcome } from '../../../main/queues/consumer.js';
import { httpCallProcessor } from '../../../main/queues/http-call-processor.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { fakeContext } from './fake-context.js';
import { openTestNode, quietLog, uniquePrefix, waitFor } from './queue-harness.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('httpCallProcessor', () => {
  let server: Server;
  let base: string;
  let received: Received[];
  // What the server answers next: a status and a body, or 'hang' to never answer.
  let answer: { status: number; body: string } | 'hang';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (answer === 'hang') return;
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
    answer = { status: 200, body: 'ok' };
  });

  describe('when the call succeeds', () => {
    it('sends method, headers and a JSON body, and reports status and body size', async () => {
      answer = { status: 201, body: 'created #42' };
      const ctx = fakeContext({
        method: 'post',
        url: `${base}/hooks/deploy`,
        headers: { 'x-team': 'ops' },
        body: { service: 'billing', version: 7 },
      });

      const result = await httpCallProcessor(ctx);

      expect(result).toEqual({ status: 201, durationMs: expect.any(Number), bodyBytes: 11 });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        method: 'POST',
        url: '/hooks/deploy',
        headers: { 'x-team': 'ops', 'content-type': 'application/json' },
        body: '{"service":"billing","version":7}',
      });
      expect(ctx.lines).toEqual([
        expect.stringMatching(new RegExp(`^POST ${base}/hooks/deploy answered 201 in \\d+ ms$`)),
      ]);
    });

    it('sends a string body as given', async () => {
      const ctx = fakeContext({
        method: 'PUT',
        url: `${base}/raw`,
        headers: { 'content-type': 'text/csv' },
        body: 'a,b\n1,2',
      });

      await httpCallProcessor(ctx);

      expect(received[0]).toMatchObject({
        method: 'PUT',
        headers: { 'content-type': 'text/csv' },
        body: 'a,b\n1,2',
      });
    });
  });

  describe('when the status is not the expected one', () => {
    it('fails naming the URL, the expected 2xx and the status got', async () => {
      answer = { status: 500, body: 'boom' };

      await expect(httpCallProcessor(fakeContext({ url: `${base}/hook` }))).rejects.toThrow(
        `GET ${base}/hook: expected status 2xx, got 500`,
      );
    });

    it('names every accepted status of a list', async () => {
      answer = { status: 200, body: '' };
      const ctx = fakeContext({ method: 'DELETE', url: `${base}/x`, expectStatus: [202, 204] });

      await expect(httpCallProcessor(ctx)).rejects.toThrow(
        `DELETE ${base}/x: expected status one of 202, 204, got 200`,
      );
    });

    it('accepts a non-2xx status when it is the expected one', async () => {
      answer = { status: 404, body: '' };
      const ctx = fakeContext({ url: `${base}/gone`, expectStatus: 404 });

      expect(await httpCallProcessor(ctx)).toMatchObject({ status: 404, bodyBytes: 0 });
    });
  });

  describe('when the URL carries credentials and a query string', () => {
    it('sends them as a Basic header and keeps them out of the message', async () => {
      answer = { status: 403, body: '' };
      const url = `http://deploy:s3cret@127.0.0.1:${new URL(base).port}/hook?token=abc123`;

      const failure = await httpCallProcessor(fakeContext({ url })).catch((e: Error) => e);

      const expected = Buffer.from('deploy:s3cret').toString('base64');
      expect(received[0]?.headers.authorization).toBe(`Basic ${expected}`);
      expect(received[0]?.url).toBe('/hook?token=abc123');
      expect((failure as Error).message).toBe(`GET ${base}/hook?...: expected status 2xx, got 403`);
    });
  });

  describe('when the server does not answer within timeoutMs', () => {
    it('fails with the timeout', async () => {
      answer = 'hang';

      await expect(
        httpCallProcessor(fakeContext({ url: `${base}/slow`, timeoutMs: 100 })),
      ).rejects.toThrow(`GET ${base}/slow: no answer within 100 ms`);
    });
  });

  describe('when the job signal fires', () => {
    it('aborts the request with the reason', async () => {
      answer = 'hang';
      const ctx = fakeContext({ url: `${base}/slow` });

      const running = httpCallProcessor(ctx);
      await waitFor(() => received.length === 1, 'request arrival');
      ctx.abort(new Error('job 9 timed out after 50 ms'));

      await expect(running).rejects.toThrow(
        `GET ${base}/slow: aborted: job 9 timed out after 50 ms`,
      );
    });
  });

  describe('when nothing listens on the port', () => {
    it('fails with the connection error', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));

      await expect(
        httpCallProcessor(fakeContext({ url: `http://127.0.0.1:${port}/` })),
      ).rejects.toThrow(`GET http://127.0.0.1:${port}/: request failed: connect ECONNREFUSED`);
    });
  });

  describe('when the data is invalid', () => {
    it.each([
      [{ url: 'ftp://files.example/x' }, 'url: expected an absolute http or https URL'],
      [{ url: '/relative' }, 'url: expected an absolute http or https URL'],
      [{ url: `http://a.example`, method: 'GET', body: 'x' }, 'body: GET and HEAD requests'],
      [
        { url: `http://a.example`, method: 'FETCH' },
        'method: expected one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"; got "FETCH"',
      ],
      [{ url: `http://a.example`, timeoutMs: 300_001 }, 'timeoutMs: Too big'],
      [
        { url: `http://a.example`, headers: { 'x-token': 'abc\r\nx: y' } },
        'headers.x-token: header values cannot hold line breaks',
      ],
      [
        { url: `http://a.example`, headers: { 'bad name': 'v' } },
        'headers.bad name: Invalid key in record',
      ],
      [
        { url: `http://a.example`, expectStatus: 700 },
        'expectStatus: Too big: expected number to be <=599',
      ],
    ])('rejects %j', async (data, expected) => {
      await expect(httpCallProcessor(fakeContext(data))).rejects.toThrow(
        `invalid http.call data: ${expected}`,
      );
      expect(received).toEqual([]);
    });
  });

  describe('when a consumer runs an http.call job', () => {
    let redis: TestRedis;

    beforeAll(async () => {
      redis = await startTestRedis({ appendOnly: false });
    });

    afterAll(async () => {
      await redis.stop();
    });

    it('stores the result and the log line on the job', async () => {
      answer = { status: 204, body: '' };
      const node = openTestNode(redis.port, uniquePrefix('http'));
      const outcomes: JobOutcome[] = [];
      const consumer = startConsumer({
        registry: node.registry,
        queues: ['hooks'],
        concurrency: 2,
        processors: createProcessorRegistry(builtinProcessors()),
        log: quietLog,
        onOutcome: (e) => outcomes.push(e),
      });
      const queue = node.registry.get('hooks');

      const job = await queue.add('http.call', { method: 'POST', url: `${base}/ping`, body: '' });
      await waitFor(() => outcomes.length === 1, 'http.call job');

      const stored = await queue.getJob(String(job.id));
      const { logs } = await queue.getJobLogs(String(job.id));
      expect(outcomes[0]).toMatchObject({ outcome: 'completed', name: 'http.call' });
      expect(stored?.returnvalue).toEqual({
        status: 204,
        durationMs: expect.any(Number),
        bodyBytes: 0,
      });
      expect(logs).toEqual([
        expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/ping answered 204/),
      ]);
      expect(received[0]?.method).toBe('POST');
      await consumer.stop(1_000);
      await node.close();
    });
  });
});
