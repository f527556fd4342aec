import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** One request as the transport sends it. */
export interface TransportRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** The answer's status and (decoded) body text, cut at the limit for its status. */
export interface TransportAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The body was longer than the limit (declared or counted); `text` is cut or empty. */
  isOverLimit: boolean;
}

/** Why a request ended without an answer; `error` is what Node reported otherwise. */
export type TransportFailure =
  { kind: 'timeout' } | { kind: 'aborted' } | { kind: 'error'; error: Error };

export interface BodyLimits {
  /** For 2xx answers, in bytes; a larger declared length is refused before reading. */
  okBytes: number;
  /** For other statuses (only quoted), in bytes. */
  errorBytes: number;
}

// Kept-alive sockets: the same sources are queried every few seconds, and a new TCP (and TLS)
// handshake per query cost more CPU and latency than the query itself on fast sources. Idle
// sockets close after 4 s (Node servers close theirs at 5 s; a server's Keep-Alive hint is
// honoured when shorter). Global fetch() cost about three times the CPU per request here.
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' } as const;
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// What fetch() asked for, so servers answer as they did before.
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Sends one request with node:http on a keep-alive agent and reads its body up to the limit
 * for its status. Follows redirects like fetch() (up to 10, Authorization and Cookie dropped
 * across origins, 303 and a POST's 301/302 become a GET), decodes gzip, deflate and br, and
 * retries once when a kept-alive socket turns out closed by the server before any answer.
 */
export async function exchange(
  request: TransportRequest,
  limits: BodyLimits,
): Promise<TransportAnswer | TransportFailure> {
  const deadlineAt = performance.now() + request.timeoutMs;
  let current = { ...request };

  for (let hop = 0; ; hop++) {
    const answer = await exchangeOnce(current, limits, deadlineAt);
    if ('kind' in answer || !('location' in answer)) return answer;
    if (hop >= MAX_REDIRECTS) {
      return { kind: 'error', error: transportError(`more than ${MAX_REDIRECTS} redirects`) };
    }
    current = redirected(current, answer.status, answer.location);
  }
}

/** The code of the transport's own errors, whose messages quote nothing of the request. */
export const TRANSPORT_ERROR = 'ERR_DIPPER_TRANSPORT';

function transportError(message: string): Error {
  return Object.assign(new Error(message), { code: TRANSPORT_ERROR });
}

type OnceAnswer = TransportAnswer | TransportFailure | { status: number; location: URL };

function redirected(request: TransportRequest, status: number, location: URL): TransportRequest {
  const headers = { ...request.headers };
  if (location.origin !== request.url.origin) {
    for (const name of Object.keys(headers)) {
      if (/^(authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name];
    }
  }
  const isGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  if (!isGet) return { ...request, url: location, headers };

  for (const name of Object.keys(headers)) {
    if (/^content-/i.test(name)) delete headers[name];
  }
  return { ...request, url: location, method: 'GET', headers, body: undefined };
}

async function exchangeOnce(
  request: TransportRequest,
  limits: BodyLimits,
  deadlineAt: number,
): Promise<OnceAnswer> {
  const first = await attempt(request, limits, deadlineAt);
  // A kept-alive socket the server closed just before our request: nothing was answered.
  if ('kind' in first && first.kind === 'error' && isStaleSocket(first.error)) {
    return attempt(request, limits, deadlineAt);
  }

  return first;
}

function isStaleSocket(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (error as { reusedSocket?: boolean }).reusedSocket === true &&
    (code === 'ECONNRESET' || code === 'EPIPE')
  );
}

function attempt(
  request: TransportRequest,
  limits: BodyLimits,
  deadlineAt: number,
): Promise<OnceAnswer> {
  const { url, signal } = request;
  const isHttps = url.protocol === 'https:';
  const headers: OutgoingHttpHeaders = { 'accept-encoding': ACCEPT_ENCODING, ...request.headers };
  if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);

  return new Promise<OnceAnswer>((resolve) => {
    let isSettled = false;
    const settle = (answer: OnceAnswer) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    const stop = (failure: TransportFailure) => {
      settle(failure);
      req.destroy();
    };
    const onAbort = () => stop({ kind: 'aborted' });
    if (signal?.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }

    // User info in the URL is never sent: credentials come from the config's own fields.
    const req = (isHttps ? httpsRequest : httpRequest)({
      agent: isHttps ? httpsAgent : httpAgent,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
    });
    const timer = setTimeout(
      () => stop({ kind: 'timeout' }),
      Math.max(0, deadlineAt - performance.now()),
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error: Error) => {
      (error as { reusedSocket?: boolean }).reusedSocket = req.reusedSocket;
      settle({ kind: 'error', error });
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        res.resume();
        settle({ status, location: new URL(location, url) });
        return;
      }

      const contentType = res.headers['content-type'] ?? 'no content type';
      const isOk = status >= 200 && status < 300;
      const limit = isOk ? limits.okBytes : limits.errorBytes;
      if (isOk && Number(res.headers['content-length']) > limit) {
        settle({ status, contentType, text: '', isOverLimit: true });
        req.destroy();
        return;
      }
      readBody(decoded(res), limit).then(
        (body) => {
          settle({ status, contentType, ...body });
          if (body.isOverLimit) req.destroy();
        },
        (error: Error) => settle({ kind: 'error', error }),
      );
    });
    req.end(request.body);
  });
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return res;

  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}

/** Reads at most `limitBytes`; stops (without waiting for the end) once past it. */
function readBody(
  stream: Readable,
  limitBytes: number,
): Promise<{ text: string; isOverLimit: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.byteLength;
      if (bytes <= limitBytes) return;

      stream.off('data', onData);
      stream.pause();
      resolve({ text: Buffer.concat(chunks).toString('utf8', 0, limitBytes), isOverLimit: true });
    };
    stream.on('data', onData);
    let hasEnded = false;
    stream.once('end', () => {
      hasEnded = true;
      resolve({ text: textOf(chunks), isOverLimit: false });
    });
    stream.once('error', reject);
    // An answer cut short by the server ends with 'aborted'/'close' and no 'end'.
    stream.once('close', () => {
      if (!hasEnded) reject(transportError('the answer ended before its body was complete'));
    });
  });
}

function textOf(chunks: Buffer[]): string {
  if (chunks.length === 1) return (chunks[0] as Buffer).toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}
