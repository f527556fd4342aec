import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startConsoleServer, type ConsoleServer } from '../../../main/console/server.js';
import type { ServerMessage } from '../../../shared/api/wire.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { quietLog } from '../queues/queue-harness.js';
import { startTestConsole, type TestConsole } from './console-harness.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET, so that the Host and Cookie headers are exactly what the test says. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, rejects with the HTTP status when refused. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function callOver(ws: WebSocket, id: number, method: string, request: unknown) {
  return new Promise<ServerMessage>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, method, request }));
  });
}

describe('startConsoleServer', () => {
  let redis: TestRedis;
  let consoleHost: TestConsole;
  let server: ConsoleServer;
  let staticDir: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    consoleHost = await startTestConsole(redis.url, 'server', { liveIntervalMs: 100 });
    staticDir = await mkdtemp(join(tmpdir(), 'dipper-static-'));
    await mkdir(join(staticDir, 'assets'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Dipper</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startConsoleServer({
      host: consoleHost.host,
      staticDir,
      bindHost: '127.0.0.1',
      port: 0,
      log: quietLog,
      token: 'k3y-for-tests',
    });
  });

  afterAll(async () => {
    await server?.close();
    await consoleHost?.stop();
    await redis?.stop();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('prints a loopback URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=k3y-for-tests`);
  });

  it('makes a random token of 32 characters when none is given', async () => {
    const other = await startConsoleServer({
      host: consoleHost.host,
      staticDir,
      bindHost: '127.0.0.1',
      port: 0,
      log: quietLog,
    });
    await other.close();

    expect(other.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(other.token).not.toBe(server.token);
  });

  describe('over HTTP', () => {
    it('refuses a request without the token, naming what to do', async () => {
      const reply = await get(server.port, '/');

      expect(reply.status).toBe(401);
      expect(reply.body).toContain('open the console with the URL that `dipper serve` printed');
    });

    it('refuses a wrong token', async () => {
      expect((await get(server.port, '/?token=k3y-for-tesTS')).status).toBe(401);
    });

    it('serves the page for the token and sets a same-site, script-proof cookie', async () => {
      const reply = await get(server.port, '/?token=k3y-for-tests');

      expect(reply.status).toBe(200);
      expect(reply.body).toBe('<!doctype html><title>Dipper</title>');
      expect(reply.headers['set-cookie']).toEqual([
        'dipper_token=k3y-for-tests; HttpOnly; SameSite=Strict; Path=/',
      ]);
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    });

    it('serves assets to a holder of the cookie', async () => {
      const reply = await get(server.port, '/assets/app.js', {
        cookie: 'other=1; dipper_token=k3y-for-tests',
      });

      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(reply.body).toBe('console.log(1)');
    });

    it('answers the app routes with the page and unknown files with 404', async () => {
      const cookie = { cookie: 'dipper_token=k3y-for-tests' };

      expect((await get(server.port, '/jobs/mail', cookie)).body).toContain('<title>Dipper');
      expect((await get(server.port, '/assets/missing.js', cookie)).status).toBe(404);
    });

    it('never serves a file outside its folder', async () => {
      const reply = await get(server.port, '/..%2F..%2Fetc%2Fpasswd', {
        cookie: 'dipper_token=k3y-for-tests',
      });

      expect(reply.status).toBe(404);
    });

    it('refuses a request for another host name (DNS rebinding)', async () => {
      const reply = await get(server.port, '/?token=k3y-for-tests', {
        host: `attacker.example:${server.port}`,
      });

      expect(reply.status).toBe(421);
    });
  });

  describe('over the WebSocket', () => {
    const socketUrl = () => `ws://127.0.0.1:${server.port}/api/socket?token=k3y-for-tests`;

    it('refuses a socket without the token', async () => {
      await expect(connect(`ws://127.0.0.1:${server.port}/api/socket`)).rejects.toThrow('HTTP 401');
    });

    it('refuses a socket opened by a page of another origin', async () => {
      await expect(connect(socketUrl(), { origin: 'http://evil.example' })).rejects.toThrow(
        'HTTP 401',
      );
    });

    it('accepts the cookie instead of the query parameter', async () => {
      const ws = await connect(`ws://127.0.0.1:${server.port}/api/socket`, {
        cookie: 'dipper_token=k3y-for-tests',
        origin: `http://127.0.0.1:${server.port}`,
      });
      ws.close();
    });

    it('answers a call with its Result under the same id', async () => {
      const ws = await connect(socketUrl());
      const reply = await callOver(ws, 7, 'nodes.list', {});
      ws.close();

      expect(reply).toMatchObject({ type: 'result', id: 7, result: { ok: true } });
      const nodes = (reply as { result: { value: { id: string }[] } }).result.value;
      expect(nodes.map((n) => n.id)).toContain(consoleHost.session.node.nodeId);
    });

    it('answers a bad request with BAD_REQUEST, and keeps the socket open', async () => {
      const ws = await connect(socketUrl());
      const bad = await callOver(ws, 1, 'jobs.page', { queue: '', state: 'failed', page: 0 });
      const good = await callOver(ws, 2, 'app.info', {});
      ws.close();

      expect(bad).toMatchObject({
        type: 'result',
        id: 1,
        result: {
          ok: false,
          code: 'BAD_REQUEST',
          message: 'invalid jobs.page request: queue: queue must not be empty',
        },
      });
      expect(good).toMatchObject({ id: 2, result: { ok: true } });
    });

    it('pushes live snapshots while a socket is open', async () => {
      const ws = await connect(socketUrl());
      const event = await new Promise<ServerMessage>((resolve) =>
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as ServerMessage;
          if (message.type === 'event' && message.event === 'live.snapshot') resolve(message);
        }),
      );
      ws.close();

      expect(event).toMatchObject({ type: 'event', event: 'live.snapshot' });
      expect((event as { payload: { atMs: number } }).payload.atMs).toBeGreaterThan(0);
    });
  });
});
