import { fail, ok, type ErrorCode, type Failure, type Result } from '../../shared/result.js';
import { excerpt } from './redact.js';
import type { SenderContext, SendFailure, SendResult } from './sender.js';

/** Receivers may de-duplicate on this header; the body carries the same key where it can. */
export const IDEMPOTENCY_HEADER = 'X-Dipper-Idempotency-Key';

/** Most answer bytes read; robots answer with a few dozen, anything beyond is noise. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface HttpRequest {
  url: URL;
  method: 'POST' | 'PUT';
  /** Later entries win over the defaults, matched without regard to case. */
  headers?: Record<string, string>;
  /** JSON text. */
  body: string;
  /** The endpoint as messages show it (see describeEndpoint). */
  shownAs: string;
  idempotencyKey: string;
}

/** What the receiver answered; `text` is untrusted and at most 64 KiB. */
export interface HttpAnswer {
  status: number;
  text: string;
}

/** Sends one JSON request; a failure is a network error or the call's signal firing. */
export async function requestJson(
  request: HttpRequest,
  ctx: SenderContext,
): Promise<Result<HttpAnswer>> {
  const headers = mergeHeaders(
    {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Dipper',
      [IDEMPOTENCY_HEADER]: request.idempotencyKey,
    },
    request.headers ?? {},
  );
  const what = `${request.method} ${request.shownAs}`;

  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body,
      signal: ctx.signal,
      redirect: 'error',
    });
    const text = await readText(response);

    return ok({ status: response.status, text });
  } catch (error) {
    if (ctx.signal.aborted) return ctx.abortFailure(what);

    return networkFailure(what, error);
  }
}

/**
 * A network error told by what the user can fix: a host that does not resolve is a wrong URL
 * (NOT_FOUND), a port fetch never calls a wrong port (BAD_REQUEST); the rest (refused, reset)
 * is the receiver's side (INTERNAL), with the system's words.
 */
function networkFailure(what: string, error: unknown): Failure {
  const reason = causeOf(error);
  const message = `${what}: request failed: ${reason}`;
  const dns = /getaddrinfo (?:ENOTFOUND|EAI_NONAME) (\S+)/.exec(reason);
  if (dns) {
    return fail(
      'NOT_FOUND',
      `${message}; the host ${dns[1] ?? ''} does not resolve: check the URL`,
    );
  }
  if (reason === 'bad port') {
    const hint =
      'the port is one that fetch refuses to call (such as 25 or 6667): use another port';
    return fail('BAD_REQUEST', `${message}; ${hint}`);
  }

  return fail('INTERNAL', message);
}

/** Success for any 2xx; otherwise the status and an excerpt of the answer. */
export function expect2xx(answer: HttpAnswer, what: string): SendResult {
  if (answer.status >= 200 && answer.status < 300) {
    return ok({ status: answer.status, ...detailOf(answer.text) });
  }

  return httpFailure(answer, what);
}

export function httpFailure(answer: HttpAnswer, what: string): SendFailure {
  const text = excerpt(answer.text);
  const message = `${what}: answered ${answer.status}${text ? `: ${text}` : ''}`;

  return { ...fail(codeForStatus(answer.status), message), status: answer.status };
}

/**
 * Checks a chat robot's JSON answer: HTTP 200 with `field` 0 is success, any other value a
 * failure quoting the robot's own message (`errmsg` or `msg`).
 */
export function expectRobotOk(
  answer: HttpAnswer,
  what: string,
  read: (body: Record<string, unknown>) => { code: unknown; message: unknown },
): SendResult {
  if (answer.status !== 200) return httpFailure(answer, what);

  const body = parseObject(answer.text);
  if (!body) {
    const message = `${what}: answered 200 with ${excerpt(answer.text) || 'an empty body'}; expected JSON`;
    return { ...fail('INTERNAL', message), status: 200 };
  }

  const { code, message } = read(body);
  if (code === 0) return ok({ status: 200, ...detailOf(answer.text) });

  const said = excerpt(typeof message === 'string' ? message : JSON.stringify(message ?? null));
  const failure = fail('BAD_REQUEST', `${what}: robot refused with code ${String(code)}: ${said}`);
  return { ...failure, status: 200 };
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status === 409) return 'CONFLICT';

  return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}

function detailOf(text: string): { detail?: string } {
  const line = excerpt(text);
  return line ? { detail: line } : {};
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function mergeHeaders(
  defaults: Record<string, string>,
  given: Record<string, string>,
): Record<string, string> {
  const names = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  const kept = Object.entries(defaults).filter(([name]) => !names.has(name.toLowerCase()));

  return { ...Object.fromEntries(kept), ...given };
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';

  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    bytes += chunk.byteLength;
    if (bytes >= MAX_ANSWER_BYTES) break;
  }

  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

// fetch reports network errors as "fetch failed" with the useful part in `cause`; other errors
// can quote the request, so only their kind is shown.
function causeOf(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (error instanceof Error && error.message === 'fetch failed' && cause instanceof Error) {
    return cause.message;
  }

  return error instanceof Error ? error.name : typeof error;
}
