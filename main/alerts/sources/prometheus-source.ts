import { z } from 'zod';
import type { Series } from '../../../shared/alerting/series.js';
import type { PrometheusSourceConfig } from '../../../shared/alerting/source.js';
import { fail, ok, type Failure, type Result } from '../../../shared/result.js';
import type { Logger } from '../../log/logger.js';
import { authHeaders, describeUrl, joinUrl, requestJson, textExcerpt } from './http-request.js';
import type { MetricSource } from './metric-source.js';

// [time in seconds, value as text]; the text is a Go float: "42", "1e+06", "NaN", "+Inf".
const SampleSchema = z.tuple([z.number(), z.string()]);
const MetricSchema = z.record(z.string(), z.string());

// Native histograms (`histogram`, `histograms`) carry no single value and are left out.
const SuccessSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ metric: MetricSchema, value: SampleSchema.optional() })),
    }),
    z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: MetricSchema, values: z.array(SampleSchema).optional() })),
    }),
    z.object({ resultType: z.literal('scalar'), result: SampleSchema }),
    z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) }),
  ]),
  warnings: z.array(z.string()).optional(),
});

const ErrorSchema = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string(),
});

/**
 * A Prometheus server over its HTTP API (`/api/v1/query`, `/api/v1/query_range`), queried
 * with POST form bodies so long PromQL fits. Vector, matrix and scalar results become series
 * (a scalar as one series without labels); a string result is BAD_REQUEST.
 */
export function createPrometheusSource(config: PrometheusSourceConfig, log: Logger): MetricSource {
  const headers = {
    ...authHeaders(config),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };

  async function query(
    path: string,
    params: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Result<Series[]>> {
    const url = joinUrl(config.url, path);
    // Prometheus stops evaluating at its own `timeout`, so an abandoned query costs it nothing.
    const form = new URLSearchParams({ ...params, timeout: `${config.timeoutMs / 1000}` });
    const answer = await requestJson({
      url,
      method: 'POST',
      headers,
      body: form.toString(),
      timeoutMs: config.timeoutMs,
      signal,
      describeError: (_status, json, where) => describePrometheusError(json, where),
    });
    if (!answer.ok) return answer;

    return parseResponse(answer.value, describeUrl(url), log);
  }

  return {
    instant: (q, signal) =>
      query('api/v1/query', { query: q.query, time: toSeconds(q.atMs) }, signal),
    range: (q, signal) =>
      query(
        'api/v1/query_range',
        {
          query: q.query,
          start: toSeconds(q.fromMs),
          end: toSeconds(q.toMs),
          step: `${q.stepMs / 1000}`,
        },
        signal,
      ),
  };
}

function toSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Prometheus' error JSON as a failure: its timeouts are TIMEOUT, the rest BAD_REQUEST. */
function describePrometheusError(json: unknown, where: string): Failure | undefined {
  const parsed = ErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;

  const { errorType, error } = parsed.data;
  const code = errorType === 'timeout' || errorType === 'canceled' ? 'TIMEOUT' : 'BAD_REQUEST';

  return fail(code, `prometheus at ${where}: ${errorType ?? 'error'}: ${textExcerpt(error, 500)}`);
}

function parseResponse(json: unknown, where: string, log: Logger): Result<Series[]> {
  const error = describePrometheusError(json, where);
  if (error) return error;
  const parsed = SuccessSchema.safeParse(json);
  if (!parsed.success) {
    return fail('BAD_REQUEST', `expected a Prometheus query response from ${where}`);
  }

  const { data, warnings } = parsed.data;
  if (warnings?.length) log.debug('prometheus warnings', { where, warnings });

  switch (data.resultType) {
    case 'vector':
      return ok(
        keepSamples(
          data.result.map((r) => ({ metric: r.metric, values: r.value ? [r.value] : [] })),
        ),
      );
    case 'matrix':
      return ok(
        keepSamples(data.result.map((r) => ({ metric: r.metric, values: r.values ?? [] }))),
      );
    case 'scalar':
      return ok(keepSamples([{ metric: {}, values: [data.result] }]));
    case 'string':
      return fail(
        'BAD_REQUEST',
        `the query gave a string, not numbers; expected a vector, matrix or scalar`,
      );
  }
}

// Non-finite samples are skipped (see MetricSource), and series left empty with them.
function keepSamples(
  results: { metric: Record<string, string>; values: [number, string][] }[],
): Series[] {
  const series: Series[] = [];
  for (const { metric, values } of results) {
    const samples = values
      .map(([seconds, text]) => ({ t: Math.round(seconds * 1000), v: Number(text) }))
      .filter((s) => Number.isFinite(s.v));
    if (samples.length > 0) series.push({ labels: metric, samples });
  }

  return series;
}
