import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type TransportRequest } from '../../../../main/alerts/sources/http-transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server that counts the TCP connections it accepted. */
async function startServer(handler: Handler) {
  const state = { connections: 0, handler, seen: [] as IncomingMessage[] };
  const server: Server = createServer((req, res) => {
    state.seen.push(req);
    state.handler(req, res);
  });
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    state,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const limits = { okBytes: 1024, errorBytes: 64 };

function get(url: string, headers: Record<string, string> = {}): TransportRequest {
  return { url: new URL(url), method: 'GET', headers, timeoutMs: 2_000 };
}

describe('http transport', () => {
  let main: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    main = await startServer(() => undefined);
    other = await startServer((req, res) => res.end(JSON.stringify(req.headers)));
  });

  afterAll(async () => {
    await main.close();
    await other.close();
  });

  describe('when a source is queried again', () => {
    it('sends the second request on the kept-alive connection of the first', async () => {
      main.state.handler = (_req, res) => res.end('{"value":1}');
      const before = main.state.connections;

      const first = await exchange(get(`${main.url}/value`), limits);
      const second = await exchange(get(`${main.url}/value`), limits);

      expect(first).toMatchObject({ status: 200, text: '{"value":1}', isOverLimit: false });
      expect(second).toMatchObject({ status: 200, text: '{"value":1}' });
      expect(main.state.connections - before).toBe(1);
    });
  });

  describe('when the server closed the kept-alive connection', () => {
    it('sends the request again on a new connection', async () => {
      main.state.handler = (_req, res) => res.end('{"value":2}');
      await exchange(get(`${main.url}/value`), limits);
      // Closes idle connections without telling the agent first.
      main.state.handler = (_req, res) => res.end('{"value":3}');
      for (const req of main.state.seen) req.socket.destroy();

      const answer = await exchange(get(`${main.url}/value`), limits);

      expect(answer).toMatchObject({ status: 200, text: '{"value":3}' });
    });
  });

  describe('when the answer is gzip-encoded', () => {
    it('decodes it', async () => {
      main.state.handler = (_req, res) =>
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"value":4}'));

      const answer = await exchange(get(`${main.url}/value`), limits);

      expect(answer).toMatchObject({ status: 200, text: '{"value":4}' });
    });
  });

  describe('when the answer is a redirect', () => {
    it('follows it within the origin, keeping the Authorization header', async () => {
      main.state.handler = (req, res) => {
        if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
        else res.end(JSON.stringify({ url: req.url, auth: req.headers.authorization }));
      };

      const answer = await exchange(get(`${main.url}/old`, { authorization: 'Bearer t' }), limits);

      expect(answer).toMatchObject({ status: 200, text: '{"url":"/new","auth":"Bearer t"}' });
    });

    it('drops the Authorization header when it leads to another origin', async () => {
      main.state.handler = (_req, res) => res.writeHead(302, { location: `${other.url}/x` }).end();

      const answer = await exchange(get(`${main.url}/old`, { authorization: 'Bearer t' }), {
        okBytes: 4096,
        errorBytes: 64,
      });

      expect(answer).toMatchObject({ status: 200 });
      const headers = JSON.parse('text' in answer ? answer.text : '{}') as Record<string, string>;
      expect(headers.authorization).toBeUndefined();
      expect(headers.host).toBe(new URL(other.url).host);
    });
  });

  describe('when an error answer is long', () => {
    it('reads only the error limit of it', async () => {
      main.state.handler = (_req, res) => res.writeHead(500).end('e'.repeat(10_000));

      const answer = await exchange(get(`${main.url}/value`), limits);

      expect(answer).toMatchObject({ status: 500, text: 'e'.repeat(64), isOverLimit: true });
    });
  });
});
