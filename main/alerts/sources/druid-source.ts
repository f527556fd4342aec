import { z } from 'zod';
import type { Series } from '../../../shared/alerting/series.js';
import type { DruidSourceConfig } from '../../../shared/alerting/source.js';
import { fail, ok, type Failure, type Result } from '../../../shared/result.js';
import {
  authHeaders,
  codeOfStatus,
  describeUrl,
  joinUrl,
  requestJson,
  textExcerpt,
} from './http-request.js';
import type { MetricSource } from './metric-source.js';
import { rowsToSeries } from './druid-rows.js';

/** One bound `?` of a Druid SQL query, as its SQL API takes it. */
export interface DruidParameter {
  type: 'TIMESTAMP';
  /** `YYYY-MM-DD HH:MM:SS[.mmm]`, UTC. */
  value: string;
}

/** The body POSTed to `/druid/v2/sql`. */
export interface DruidSqlRequest {
  query: string;
  resultFormat: 'object';
  parameters: DruidParameter[];
  context: { sqlTimeZone: string; timeout: number };
}

// Legacy brokers answer { error, errorMessage, errorClass, host }; Druid 26+ answers
// { error: 'druidException', errorCode, persona, category, errorMessage, context }.
const DruidErrorSchema = z.object({
  error: z.string().optional(),
  errorMessage: z.string().nullable().optional(),
  errorClass: z.string().nullable().optional(),
  category: z.string().optional(),
});

const RowsSchema = z.array(z.record(z.string(), z.unknown()));

/**
 * A Druid router or broker over its SQL API (`POST /druid/v2/sql`, `resultFormat: object`).
 *
 * The query is Druid SQL. Placeholders bind times as TIMESTAMP parameters (the SQL sees `?`):
 * `{{at}}` in instant queries, `{{from}}` and `{{to}}` in range queries, e.g.
 * `SELECT TIME_FLOOR(__time, 'PT1M') AS __time, service, COUNT(*) AS "value" FROM errors
 * WHERE __time >= {{from}} AND __time <= {{to}} GROUP BY 1, 2`. They are replaced anywhere in
 * the text, string literals included. The range's `stepMs` is not applied: the SQL buckets.
 *
 * Each row is one sample (see druid-rows.ts for how columns map to value, labels and time).
 */
export function createDruidSource(config: DruidSourceConfig): MetricSource {
  const headers = { ...authHeaders(config), 'content-type': 'application/json' };
  const url = joinUrl(config.url, 'druid/v2/sql');

  async function run(
    sql: string,
    times: Record<string, number>,
    signal: AbortSignal | undefined,
    build: (rows: Record<string, unknown>[]) => Result<Series[]>,
  ): Promise<Result<Series[]>> {
    const bound = bindPlaceholders(sql, times);
    if (!bound.ok) return bound;

    const body: DruidSqlRequest = {
      query: bound.value.query,
      resultFormat: 'object',
      parameters: bound.value.parameters,
      // Druid stops the query at its own timeout, so an abandoned query costs it nothing.
      context: { sqlTimeZone: 'Etc/UTC', timeout: config.timeoutMs },
    };
    const answer = await requestJson({
      url,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      timeoutMs: config.timeoutMs,
      signal,
      describeError: describeDruidError,
    });
    if (!answer.ok) return answer;

    const rows = RowsSchema.safeParse(answer.value);
    if (!rows.success) {
      const error = describeDruidError(200, answer.value, describeUrl(url));
      return (
        error ?? fail('BAD_REQUEST', `expected an array of row objects from ${describeUrl(url)}`)
      );
    }

    return build(rows.data);
  }

  return {
    instant: (q, signal) =>
      run(q.query, { at: q.atMs }, signal, (rows) => rowsToSeries(rows, { defaultTimeMs: q.atMs })),
    range: (q, signal) =>
      run(q.query, { from: q.fromMs, to: q.toMs }, signal, (rows) => rowsToSeries(rows, {})),
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;
const KNOWN = ['at', 'from', 'to'];

/** Replaces `{{name}}` with `?` and binds its time, in order of appearance. */
export function bindPlaceholders(
  sql: string,
  times: Record<string, number>,
): Result<{ query: string; parameters: DruidParameter[] }> {
  const parameters: DruidParameter[] = [];
  let problem: string | undefined;

  const query = sql.replace(PLACEHOLDER, (whole, name: string) => {
    const ms = times[name];
    if (ms === undefined) {
      problem ??= KNOWN.includes(name)
        ? `${whole} is bound only in ${name === 'at' ? 'instant' : 'range'} queries`
        : `unknown placeholder ${whole}; expected {{at}} (instant) or {{from}} and {{to}} (range)`;
      return whole;
    }
    parameters.push({ type: 'TIMESTAMP', value: toSqlTimestamp(ms) });
    return '?';
  });

  return problem ? fail('BAD_REQUEST', problem) : ok({ query, parameters });
}

/** `2024-05-01 10:00:00` or `2024-05-01 10:00:00.250`, UTC, as Druid reads TIMESTAMP values. */
export function toSqlTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;

  return text.endsWith('.000') ? text.slice(0, -4) : text;
}

function describeDruidError(status: number, json: unknown, where: string): Failure | undefined {
  const parsed = DruidErrorSchema.safeParse(json);
  if (!parsed.success || (!parsed.data.error && !parsed.data.errorMessage)) return undefined;

  const { error, errorMessage, category } = parsed.data;
  const isTimeout = category === 'TIMEOUT' || error === 'Query timeout' || status === 504;
  const code = isTimeout ? 'TIMEOUT' : status === 200 ? 'BAD_REQUEST' : codeOfStatus(status);
  const message = textExcerpt(errorMessage ?? error ?? '', 500);

  return fail(code, `druid at ${where} answered HTTP ${status}: ${message}`);
}
