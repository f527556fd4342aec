import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MAX_WIRE_MESSAGE_BYTES,
  TOKEN_COOKIE,
  TOKEN_PARAM,
  WIRE_PATH,
  type ServerMessage,
  type WireCall,
} from '../../shared/api/wire.js';
import type { Logger } from '../log/logger.js';
import type { ConsoleHost } from './host.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { newConsoleToken } from './token.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface ConsoleServerOptions {
  host: ConsoleHost;
  /** The built renderer: dist/renderer, with index.html. */
  staticDir: string;
  bindHost: string;
  port: number;
  log: Logger;
  /** The access token; a random one when absent. */
  token?: string;
}

export interface ConsoleServer {
  /** The console's address with the token, as printed for the person. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Serves the renderer over HTTP and the console contract over one WebSocket. Every request and
 * every socket needs the access token (query parameter once, then a same-site cookie), and the
 * Host header must name this server, so that other pages and rebinding DNS names get nowhere.
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const { host, log } = options;
  const token = options.token ?? newConsoleToken();
  const staticRoot = normalize(options.staticDir);
  let port = 0;
  const allowedHosts = () =>
    new Set(
      [options.bindHost, '127.0.0.1', 'localhost', '[::1]'].map((name) =>
        name.includes(':') && !name.startsWith('[') ? `[${name}]:${port}` : `${name}:${port}`,
      ),
    );

  function authorize(request: IncomingMessage, url: URL): 'ok' | 'host' | 'token' {
    if (!allowedHosts().has(request.headers.host ?? '')) return 'host';
    const given = url.searchParams.get(TOKEN_PARAM) ?? cookieToken(request);
    return sameToken(given, token) ? 'ok' : 'token';
  }

  function refuse(response: ServerResponse, why: 'host' | 'token'): void {
    response.writeHead(why === 'host' ? 421 : 401, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(
      why === 'host'
        ? 'this console only answers requests addressed to its own host and port\n'
        : 'open the console with the URL that `dipper serve` printed: it carries the access token\n',
    );
  }

  async function serveFile(url: URL, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(staticRoot, path));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      response.writeHead(404).end();
      return;
    }
    let target = file;
    try {
      if (!(await stat(target)).isFile()) throw new Error('not a file');
    } catch {
      // Unknown paths are the app's own routes: give it the page.
      if (extname(path) !== '') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      target = join(staticRoot, 'index.html');
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    createReadStream(target)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://console');
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    const verdict = authorize(request, url);
    if (verdict !== 'ok') {
      refuse(response, verdict);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.searchParams.has(TOKEN_PARAM)) {
      response.setHeader(
        'set-cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    serveFile(url, response).catch((error: unknown) => {
      log.warn('static file failed', { path: url.pathname, err: error });
      response.destroy();
    });
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES });
  let unsubscribe: (() => void) | undefined;
  const broadcast = (message: ServerMessage) => {
    const text = JSON.stringify(message);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://console');
    const verdict = url.pathname === WIRE_PATH ? authorize(request, url) : 'token';
    // A page on another origin may open sockets to loopback: only our own page may.
    const origin = request.headers.origin;
    const originOk = !origin || allowedHosts().has(origin.replace(/^https?:\/\//, ''));
    if (verdict !== 'ok' || !originOk) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    unsubscribe ??= host.subscribe((event, payload) =>
      broadcast({ type: 'event', event, payload }),
    );
    ws.on('error', (error) => log.debug('socket error', { err: error }));
    ws.on('close', () => {
      sockets.delete(ws);
      if (sockets.size === 0) {
        unsubscribe?.();
        unsubscribe = undefined;
      }
    });
    ws.on('message', (data) => {
      let call: WireCall;
      try {
        call = JSON.parse(String(data)) as WireCall;
      } catch {
        return;
      }
      if (call?.type !== 'call' || typeof call.id !== 'number' || typeof call.method !== 'string')
        return;
      host.dispatch(call.method, call.request).then(
        (result) => {
          if (ws.readyState === ws.OPEN)
            ws.send(JSON.stringify({ type: 'result', id: call.id, result }));
        },
        (error: unknown) => log.error('dispatch threw', { method: call.method, err: error }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.bindHost.includes(':') ? `[${options.bindHost}]` : options.bindHost;

  return {
    url: `http://${shownHost}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    async close() {
      unsubscribe?.();
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
