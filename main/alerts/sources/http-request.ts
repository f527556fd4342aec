import { fail, ok, type ErrorCode, type Failure, type Result } from '../../../shared/result.js';
import { describeUrl } from '../../queues/http-call-processor.js';
import {
  exchange,
  TRANSPORT_ERROR,
  type TransportFailure,
  type TransportRequest,
} from './http-transport.js';

// Messages show URLs without user info and with the query string (often a token) elided.
export { describeUrl };

/** Largest response body a source reads, in bytes; larger answers are refused, not parsed. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

// Error bodies are only quoted, so less is read of them.
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const EXCERPT_CHARS = 200;

/** Credentials of an HTTP source config, turned into headers by `authHeaders`. */
export interface HttpAuthConfig {
  headers?: Record<string, string> | undefined;
  bearerToken?: string | undefined;
  basicAuth?: { username: string; password: string } | undefined;
}

/** A transport request (the caller's signal ends it too) for a JSON answer. */
export interface JsonRequest extends TransportRequest {
  /** Turns the JSON body of a non-2xx answer into the source's own failure, when it can. */
  describeError?: (status: number, json: unknown, where: string) => Failure | undefined;
}

/** The config's headers plus its Authorization header, if any. */
export function authHeaders(config: HttpAuthConfig): Record<string, string> {
  const headers = { ...config.headers };
  if (config.bearerToken !== undefined) headers.authorization = `Bearer ${config.bearerToken}`;
  if (config.basicAuth !== undefined) {
    const { username, password } = config.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  return headers;
}

/** `path` under the base URL, keeping a base path such as `https://host/prometheus`. */
export function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;

  return new URL(path, url);
}

/**
 * Sends one request and returns its parsed JSON body. Never throws: a deadline or the caller's
 * abort is TIMEOUT, an HTTP error carries the status and a text excerpt of the body, a body
 * over MAX_BODY_BYTES or one that is not JSON is BAD_REQUEST. Messages name the URL without
 * credentials or query string, and never quote request headers.
 */
export async function requestJson(request: JsonRequest): Promise<Result<unknown>> {
  const answer = await exchange(request, {
    okBytes: MAX_BODY_BYTES,
    errorBytes: MAX_ERROR_BODY_BYTES,
  });
  const isOk = !('kind' in answer) && answer.status >= 200 && answer.status < 300;
  if (isOk && !answer.isOverLimit) {
    try {
      return ok(JSON.parse(answer.text));
    } catch {
      // reported below, with the URL
    }
  }

  const where = describeUrl(request.url);
  if ('kind' in answer) return requestFailure(answer, where, request);
  if (!isOk) return httpFailure(answer.status, answer.text, where, request.describeError);
  if (answer.isOverLimit) return tooLarge(where);

  return notJson(answer.text, answer.contentType, where);
}

function tooLarge(where: string): Failure {
  const limitMb = MAX_BODY_BYTES / 2 ** 20;

  return fail('BAD_REQUEST', `${where} answered more than ${limitMb} MB; narrow the query`);
}

function notJson(text: string, contentType: string, where: string): Failure {
  const shown = text.trim() === '' ? '(empty body)' : textExcerpt(text);

  return fail('BAD_REQUEST', `expected JSON from ${where}, got ${contentType}: ${shown}`);
}

function httpFailure(
  status: number,
  text: string,
  where: string,
  describeError: JsonRequest['describeError'],
): Failure {
  if (describeError) {
    const json = tryParse(text);
    const described = json === undefined ? undefined : describeError(status, json, where);
    if (described) return described;
  }
  const shown = text.trim() === '' ? '(empty body)' : textExcerpt(text);

  return fail(codeOfStatus(status), `${where} answered HTTP ${status}: ${shown}`);
}

/** The failure code that matches an HTTP status. */
export function codeOfStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status >= 400 && status < 500 && status !== 429) return 'BAD_REQUEST';

  return 'INTERNAL';
}

function requestFailure(failure: TransportFailure, where: string, request: JsonRequest): Failure {
  if (failure.kind === 'aborted' && request.signal) {
    return fail('TIMEOUT', `request to ${where} was cancelled: ${reasonOf(request.signal)}`);
  }
  if (failure.kind !== 'error') {
    return fail('TIMEOUT', `no answer from ${where} within ${request.timeoutMs} ms`);
  }

  return fail('INTERNAL', `cannot reach ${where}: ${causeOf(failure.error)}`);
}

/**
 * Untrusted text made safe to show: tags, scripts and control characters removed, whitespace
 * collapsed, cut to `maxChars`.
 */
export function textExcerpt(text: string, maxChars = EXCERPT_CHARS): string {
  const plain = text
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  return plain.length > maxChars ? `${plain.slice(0, maxChars)}...` : plain;
}

const ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  '#39': "'",
  nbsp: ' ',
};

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;

  return reason instanceof Error ? reason.message : String(reason);
}

// Node's network errors (connect ECONNREFUSED ..., getaddrinfo ENOTFOUND ..., socket hang up)
// name the address only; other errors can quote the request, headers included, so only their
// kind is shown.
function causeOf(error: Error): string {
  const { code, syscall } = error as NodeJS.ErrnoException;
  const isNetwork = syscall !== undefined || code === 'ECONNRESET' || code === 'EPIPE';
  const isOwn = code === TRANSPORT_ERROR;

  return isNetwork || isOwn ? error.message : error.name;
}
