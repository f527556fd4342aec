import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  /** The request target as sent, query string included. */
  rawUrl: string;
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  rawBody: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  receivedAtMs: number;
}

/** What the receiver answers; a string body is sent as is, anything else as JSON. */
export interface Answer {
  status: number;
  body?: unknown;
  /** Waits this long before answering, in ms. */
  delayMs?: number;
}

/** Decides the answer to one request; `index` counts from 0 over all requests. */
export type Responder = (request: ReceivedRequest, index: number) => Answer | 'hang';

/** A local HTTP server that records requests and answers as told. */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ReceivedRequest[];
  /** Answers every later request with `answer` (default: 200 `{"ok":true}`). */
  answer(answer: Answer): void;
  /** Answers each later request by `responder`. */
  respond(responder: Responder): void;
  /** Accepts later requests and never answers them. */
  hang(): void;
  /** Answers the next `times` requests with `failure`, then `then`. */
  failFirst(times: number, failure: Answer, then?: Answer): void;
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  let responder: Responder = () => ({ status: 200, body: { ok: true } });

  const server = createServer((req, res) => {
    void record(req).then((request) => {
      const index = requests.length;
      requests.push(request);
      for (const wake of waiters.splice(0)) wake();

      const answer = responder(request, index);
      if (answer === 'hang') return;
      setTimeout(() => reply(res, answer), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(answer) {
      responder = () => answer;
    },
    respond(next) {
      responder = next;
    },
    hang() {
      responder = () => 'hang';
    },
    failFirst(times, failure, then = { status: 200, body: { ok: true } }) {
      let left = times;
      responder = () => {
        if (left <= 0) return then;
        left -= 1;
        return failure;
      };
    },
    async waitForRequests(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `expected ${count} requests within ${timeoutMs} ms; got ${requests.length}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function record(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://receiver');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  return {
    method: req.method ?? '',
    rawUrl: req.url ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    rawBody,
    body: parseJson(rawBody),
    receivedAtMs: Date.now(),
  };
}

function reply(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;

  const isText = typeof answer.body === 'string';
  const text =
    answer.body === undefined ? '' : isText ? String(answer.body) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
  });
  res.end(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
