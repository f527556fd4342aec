import { JSONPath } from 'jsonpath-plus';
import type { Labels } from '../../../shared/alerting/series.js';
import type { HttpJsonSourceConfig } from '../../../shared/alerting/source.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { authHeaders, requestJson } from './http-request.js';
import { messageOf, type MetricSource } from './metric-source.js';
import { parseTimeMs, showJson, toSampleValue } from './sample-values.js';
import { createSeriesBuilder } from './series-builder.js';

interface ItemSample {
  labels: Labels;
  /** Undefined without a timePath. */
  t: number | undefined;
  /** Undefined when the value was null, non-finite, or not there. */
  v: number | undefined;
}

/**
 * Any HTTP endpoint answering JSON. `itemsPath` picks the items (default: the whole answer as
 * one item; a path selecting one array uses its elements); within each item, `valuePath` picks
 * the value (a number, numeric text, or a boolean as 1/0), `labelPaths` the labels and
 * `timePath` the time. An item whose value is absent, null or non-finite is skipped; a value,
 * label or time of the wrong kind is BAD_REQUEST naming the item. The query text is unused.
 *
 * An instant query keeps the newest item of each label set, at the query's time when there is
 * no timePath. A range query needs a timePath and keeps the items inside the window.
 */
export function createHttpJsonSource(config: HttpJsonSourceConfig): MetricSource {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(config) };
  const body =
    config.body === undefined || typeof config.body === 'string'
      ? config.body
      : JSON.stringify(config.body);
  // A JSON body goes out as JSON unless the config names its own content type.
  const hasContentType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  if (config.body !== undefined && typeof config.body !== 'string' && !hasContentType) {
    headers['content-type'] = 'application/json';
  }

  // Parsed once: a source is kept and queried on every evaluation.
  const url = new URL(config.url);

  async function fetchSamples(signal: AbortSignal | undefined): Promise<Result<ItemSample[]>> {
    const answer = await requestJson({
      url,
      method: config.method,
      headers,
      body,
      timeoutMs: config.timeoutMs,
      signal,
    });
    if (!answer.ok) return answer;

    const items = selectItems(config.itemsPath ?? '$', answer.value);
    if (!items.ok) return items;

    const samples: ItemSample[] = [];
    for (const [index, item] of items.value.entries()) {
      const sample = readItem(config, item, `item ${index + 1}`);
      if (!sample.ok) return sample;
      samples.push(sample.value);
    }

    return ok(samples);
  }

  return {
    async instant(q, signal) {
      const samples = await fetchSamples(signal);
      if (!samples.ok) return samples;

      const builder = createSeriesBuilder();
      for (const { labels, t, v } of samples.value) {
        if (v !== undefined) builder.add(labels, t ?? q.atMs, v);
      }

      return ok(builder.build({ latestOnly: true }));
    },
    async range(q, signal) {
      if (config.timePath === undefined) {
        return fail('BAD_REQUEST', 'range queries on an http-json source need a timePath');
      }
      const samples = await fetchSamples(signal);
      if (!samples.ok) return samples;

      const builder = createSeriesBuilder();
      for (const { labels, t, v } of samples.value) {
        if (v !== undefined && t !== undefined && t >= q.fromMs && t <= q.toMs) {
          builder.add(labels, t, v);
        }
      }

      return ok(builder.build());
    },
  };
}

function selectItems(path: string, json: unknown): Result<unknown[]> {
  const selected = select(path, json, 'itemsPath');
  if (!selected.ok) return selected;

  const [only] = selected.value;
  return ok(
    selected.value.length === 1 && Array.isArray(only) ? (only as unknown[]) : selected.value,
  );
}

function readItem(config: HttpJsonSourceConfig, item: unknown, where: string): Result<ItemSample> {
  const value = selectOne(config.valuePath, item, `${where}: valuePath`);
  if (!value.ok) return value;
  const v = toSampleValue(value.value, true);
  if (v === 'invalid') {
    return fail(
      'BAD_REQUEST',
      `${where}: valuePath ${config.valuePath} selects ${showJson(value.value)}, expected a number`,
    );
  }

  const labels: Labels = {};
  for (const [name, path] of Object.entries(config.labelPaths ?? {})) {
    const raw = selectOne(path, item, `${where}: label ${name}`);
    if (!raw.ok) return raw;
    if (raw.value === undefined || raw.value === null) continue;
    if (typeof raw.value === 'object') {
      return fail(
        'BAD_REQUEST',
        `${where}: label ${name} (${path}) selects ${showJson(raw.value)}, expected text`,
      );
    }
    labels[name] = String(raw.value);
  }

  if (config.timePath === undefined) return ok({ labels, t: undefined, v });
  const time = selectOne(config.timePath, item, `${where}: timePath`);
  if (!time.ok) return time;
  const t = parseTimeMs(time.value);
  if (t === undefined) {
    return fail(
      'BAD_REQUEST',
      `${where}: timePath ${config.timePath} selects ${showJson(time.value)}, expected epoch ms or ISO 8601`,
    );
  }

  return ok({ labels, t, v });
}

/** The one value `path` selects in `json`, undefined for none; more than one is BAD_REQUEST. */
function selectOne(path: string, json: unknown, what: string): Result<unknown> {
  const selected = select(path, json, what);
  if (!selected.ok) return selected;
  if (selected.value.length > 1) {
    return fail(
      'BAD_REQUEST',
      `${what} ${path} selects ${selected.value.length} values; expected one`,
    );
  }

  return ok(selected.value[0]);
}

function select(path: string, json: unknown, what: string): Result<unknown[]> {
  try {
    // 'safe' evaluates filter expressions without eval(); the answer is untrusted.
    const found: unknown = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' });
    return ok(Array.isArray(found) ? found : []);
  } catch (error) {
    return fail('BAD_REQUEST', `${what} ${path} cannot be evaluated: ${messageOf(error)}`);
  }
}
