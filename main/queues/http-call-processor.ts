import { z } from 'zod';
import { parseWith } from '../../shared/validation.js';
import type { Processor } from './processor.js';

/** Ceiling for `timeoutMs`: an http.call Job holds a concurrency slot while it waits. */
export const HTTP_CALL_MAX_TIMEOUT_MS = 300_000;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const statusSchema = z.number().int().min(100).max(599);
// Checked here because fetch's own complaint about a bad header quotes the value.
const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'invalid header name');
const headerValueSchema = z.string().regex(/^[^\r\n\0]*$/, 'header values cannot hold line breaks');

/** The data of an `http.call` Job. */
export const httpCallSchema = z
  .object({
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS))
      .default('GET'),
    url: z.url({ protocol: /^https?$/, error: 'expected an absolute http or https URL' }),
    headers: z.record(headerNameSchema, headerValueSchema).default({}),
    body: z.union([z.string(), z.json()]).optional(),
    expectStatus: z.union([statusSchema, z.array(statusSchema).min(1)]).optional(),
    timeoutMs: z.number().int().positive().max(HTTP_CALL_MAX_TIMEOUT_MS).default(10_000),
  })
  .refine((d) => d.body === undefined || (d.method !== 'GET' && d.method !== 'HEAD'), {
    message: 'GET and HEAD requests carry no body',
    path: ['body'],
  });

export type HttpCallData = z.infer<typeof httpCallSchema>;

/** What an http.call Job returns. */
export interface HttpCallResult {
  status: number;
  durationMs: number;
  bodyBytes: number;
}

/** Calls an HTTP endpoint and fails unless the status is the expected one (default 2xx). */
export const httpCallProcessor: Processor = async (ctx): Promise<HttpCallResult> => {
  const parsed = parseWith(httpCallSchema, ctx.data, 'http.call data');
  if (!parsed.ok) throw new Error(parsed.message);

  const call = parsed.value;
  const { url, headers } = splitCredentials(new URL(call.url), call.headers);
  const what = `${call.method} ${describeUrl(url)}`;
  const body = encodeBody(call.body, headers);
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(call.timeoutMs)]);
  const startedAt = performance.now();

  let status: number;
  let bodyBytes: number;
  try {
    const response = await fetch(url, { method: call.method, headers, body, signal });
    status = response.status;
    bodyBytes = await countBodyBytes(response);
  } catch (error) {
    const message = ctx.signal.aborted
      ? `aborted: ${reasonOf(ctx.signal)}`
      : signal.aborted
        ? `no answer within ${call.timeoutMs} ms`
        : `request failed: ${causeOf(error)}`;
    throw new Error(`${what}: ${message}`, { cause: error });
  }

  const durationMs = Math.round(performance.now() - startedAt);
  await ctx.log(`${what} answered ${status} in ${durationMs} ms`);

  if (!isExpected(status, call.expectStatus)) {
    throw new Error(
      `${what}: expected status ${describeExpected(call.expectStatus)}, got ${status}`,
    );
  }

  return { status, durationMs, bodyBytes };
};

/** The URL as messages show it: no user info, and a query string (often a token) elided. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?...' : ''}`;
}

// fetch refuses URLs with user info; they become a Basic header unless one is given.
function splitCredentials(
  url: URL,
  given: Record<string, string>,
): { url: URL; headers: Record<string, string> } {
  const headers = { ...given };
  if (url.username === '' && url.password === '') return { url, headers };

  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!hasHeader(headers, 'authorization')) {
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';

  return { url: bare, headers };
}

// A JSON body goes out as JSON unless the Job names its own content type.
function encodeBody(
  body: HttpCallData['body'],
  headers: Record<string, string>,
): string | undefined {
  if (body === undefined || typeof body === 'string') return body;

  if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

// Counts without keeping the body: only its size is reported.
async function countBodyBytes(response: Response): Promise<number> {
  if (!response.body) return 0;

  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.byteLength;

  return bytes;
}

function isExpected(status: number, expected: HttpCallData['expectStatus']): boolean {
  if (expected === undefined) return status >= 200 && status < 300;

  return typeof expected === 'number' ? status === expected : expected.includes(status);
}

function describeExpected(expected: HttpCallData['expectStatus']): string {
  if (expected === undefined) return '2xx';
  if (typeof expected === 'number') return String(expected);

  return expected.length === 1 ? String(expected[0]) : `one of ${expected.join(', ')}`;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;

  return reason instanceof Error ? reason.message : String(reason);
}

// fetch reports network errors as "fetch failed" with the useful part in `cause`. Other
// errors can quote the request (headers included), so only their kind is shown.
function causeOf(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (error instanceof Error && error.message === 'fetch failed' && cause instanceof Error) {
    return cause.message;
  }

  return error instanceof Error ? error.name : typeof error;
}
