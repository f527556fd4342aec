import { createHash } from 'node:crypto';
import { seriesKey, type Labels, type Series } from '../../../shared/alerting/series.js';
import { RecordedSetNameSchema, type RangeQuery } from '../../../shared/alerting/source.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import type { RedisClient } from '../../connection/connection.js';
import { DEFAULT_DEADLINE_MS, withDeadline } from '../../connection/deadline.js';
import type { MetricSource } from './metric-source.js';
import { parseSeriesCsv, parseSeriesJson } from './recorded-import.js';

/** Most samples one read returns; a wider window is BAD_REQUEST. */
export const MAX_READ_SAMPLES = 200_000;

const WRITE_DEADLINE_MS = 30_000;
const ZADD_BATCH = 1_000;

/** A recorded set as `list()` shows it; times are epoch ms, null for a set without samples. */
export interface RecordedSetSummary {
  name: string;
  seriesCount: number;
  sampleCount: number;
  fromMs: number | null;
  toMs: number | null;
}

/** What a write stored. */
export interface WriteSummary {
  seriesCount: number;
  sampleCount: number;
}

/**
 * Named sets of series in the Profile's Redis, for backtesting and replaying Rules. Each
 * series is a sorted set (member `t:v`, score t) beside a hash of the set's label sets.
 * Every call has a deadline and returns REDIS_UNAVAILABLE when Redis does not answer.
 */
export interface RecordedStore {
  /**
   * `merge` (default) adds samples, one per time; `replace` drops the set's old series first.
   * Samples with a non-finite time or value are skipped.
   */
  write(
    setName: string,
    series: Series[],
    mode?: 'merge' | 'replace',
  ): Promise<Result<WriteSummary>>;
  /** Samples from `fromMs` to `toMs` inclusive; NOT_FOUND for an unknown set. */
  read(setName: string, fromMs: number, toMs: number): Promise<Result<Series[]>>;
  /** Each series' newest sample in (atMs - lookbackMs, atMs]; series without one are left out. */
  readLatest(setName: string, atMs: number, lookbackMs: number): Promise<Result<Series[]>>;
  list(): Promise<Result<RecordedSetSummary[]>>;
  /** NOT_FOUND for an unknown set. */
  remove(setName: string): Promise<Result<void>>;
  /** Replaces the set with the series of a CSV text (see parseSeriesCsv). */
  importCsv(setName: string, text: string): Promise<Result<WriteSummary>>;
  /** Replaces the set with series JSON, as text or parsed (see parseSeriesJson). */
  importJson(setName: string, input: unknown): Promise<Result<WriteSummary>>;
  /** Replaces the set with the answer of a range query on another source. */
  capture(
    setName: string,
    source: MetricSource,
    query: RangeQuery,
    signal?: AbortSignal,
  ): Promise<Result<WriteSummary>>;
}

/** The store's keys, under the Profile prefix so one hash tag covers them on a cluster. */
export function recordedKeys(prefix: string) {
  const base = `${prefix}:dipper:recorded`;

  return {
    sets: `${base}:sets`,
    labels: (set: string) => `${base}:set:${set}:labels`,
    samples: (set: string, id: string) => `${base}:set:${set}:samples:${id}`,
  };
}

export function createRecordedStore(client: RedisClient, prefix: string): RecordedStore {
  const keys = recordedKeys(prefix);

  async function run<T>(
    setName: string | null,
    what: string,
    deadlineMs: number,
    work: () => Promise<Result<T>>,
  ): Promise<Result<T>> {
    if (setName !== null) {
      const name = parseWith(RecordedSetNameSchema, setName, 'recorded set name');
      if (!name.ok) return name;
    }
    const done = await withDeadline(work(), what, deadlineMs);

    return done.ok ? done.value : done;
  }

  async function write(set: string, series: Series[], mode: 'merge' | 'replace') {
    // TODO: WATCH the labels hash; two concurrent replaces of one set can keep series of both.
    const old = mode === 'replace' ? await client.hkeys(keys.labels(set)) : [];
    const multi = client.multi();
    if (old.length > 0) multi.del(keys.labels(set), ...old.map((id) => keys.samples(set, id)));
    multi.sadd(keys.sets, set);

    let sampleCount = 0;
    for (const { labels, samples } of series) {
      const id = seriesId(labels);
      const key = keys.samples(set, id);
      const finite = samples.filter((s) => Number.isFinite(s.t) && Number.isFinite(s.v));
      const byTime = new Map(finite.map((s) => [Math.round(s.t), s.v]));
      multi.hset(keys.labels(set), id, JSON.stringify(labels));
      // One sample per time: an older member for the same time has another `t:v` text.
      if (mode === 'merge') for (const t of byTime.keys()) multi.zremrangebyscore(key, t, t);
      const members = [...byTime].flatMap(([t, v]) => [t, `${t}:${v}`]);
      for (let i = 0; i < members.length; i += ZADD_BATCH * 2) {
        multi.zadd(key, ...members.slice(i, i + ZADD_BATCH * 2));
      }
      sampleCount += byTime.size;
    }
    await execOrThrow(multi);

    return ok({ seriesCount: series.length, sampleCount });
  }

  /** Reads every series of a set with `command`, which queues one read per sorted set. */
  async function readSet(
    set: string,
    command: (pipeline: ReturnType<RedisClient['pipeline']>, key: string) => void,
  ): Promise<Result<Series[]>> {
    const stored = await client.hgetall(keys.labels(set));
    const ids = Object.keys(stored);
    if (ids.length === 0 && (await client.sismember(keys.sets, set)) === 0) {
      return fail('NOT_FOUND', `recorded set "${set}" does not exist`);
    }

    const pipeline = client.pipeline();
    for (const id of ids) command(pipeline, keys.samples(set, id));
    const replies = await execOrThrow(pipeline);

    const series: Series[] = [];
    let total = 0;
    for (const [i, id] of ids.entries()) {
      const members = replies[i] as string[];
      total += members.length;
      if (total > MAX_READ_SAMPLES) {
        return fail(
          'BAD_REQUEST',
          `recorded set "${set}" holds more than ${MAX_READ_SAMPLES} samples in the window; narrow it`,
        );
      }
      const samples = members.map(parseMember);
      if (samples.length > 0) series.push({ labels: parseLabels(stored[id]), samples });
    }

    return ok(series);
  }

  const store: RecordedStore = {
    write: (set, series, mode = 'merge') =>
      run(set, `writing recorded set "${set}"`, WRITE_DEADLINE_MS, () => write(set, series, mode)),
    read: (set, fromMs, toMs) =>
      run(set, `reading recorded set "${set}"`, DEFAULT_DEADLINE_MS, () =>
        readSet(set, (p, key) =>
          p.zrangebyscore(key, fromMs, toMs, 'LIMIT', 0, MAX_READ_SAMPLES + 1),
        ),
      ),
    readLatest: (set, atMs, lookbackMs) =>
      run(set, `reading recorded set "${set}"`, DEFAULT_DEADLINE_MS, () =>
        readSet(set, (p, key) =>
          p.zrevrangebyscore(key, atMs, `(${atMs - lookbackMs}`, 'LIMIT', 0, 1),
        ),
      ),
    list: () => run(null, 'listing recorded sets', DEFAULT_DEADLINE_MS, () => list()),
    remove: (set) =>
      run(set, `removing recorded set "${set}"`, DEFAULT_DEADLINE_MS, async () => {
        const ids = await client.hkeys(keys.labels(set));
        const multi = client.multi();
        multi.srem(keys.sets, set);
        multi.del(keys.labels(set), ...ids.map((id) => keys.samples(set, id)));
        const [removed] = await execOrThrow(multi);

        return removed === 0 && ids.length === 0
          ? fail('NOT_FOUND', `recorded set "${set}" does not exist`)
          : ok(undefined);
      }),
    async importCsv(set, text) {
      const series = parseSeriesCsv(text);
      return series.ok ? store.write(set, series.value, 'replace') : series;
    },
    async importJson(set, input) {
      const series = parseSeriesJson(input);
      return series.ok ? store.write(set, series.value, 'replace') : series;
    },
    async capture(set, source, query, signal) {
      const name = parseWith(RecordedSetNameSchema, set, 'recorded set name');
      if (!name.ok) return name;
      const series = await source.range(query, signal);

      return series.ok ? store.write(set, series.value, 'replace') : series;
    },
  };

  // TODO: one pipeline for all sets; one round trip per set is fine for the few dozen a team keeps.
  async function list(): Promise<Result<RecordedSetSummary[]>> {
    const names = (await client.smembers(keys.sets)).sort();
    const summaries: RecordedSetSummary[] = [];

    for (const name of names) {
      const ids = await client.hkeys(keys.labels(name));
      const pipeline = client.pipeline();
      for (const id of ids) {
        const key = keys.samples(name, id);
        pipeline.zcard(key).zrange(key, 0, 0, 'WITHSCORES').zrange(key, -1, -1, 'WITHSCORES');
      }
      const replies = await execOrThrow(pipeline);

      const summary: RecordedSetSummary = {
        name,
        seriesCount: ids.length,
        sampleCount: 0,
        fromMs: null,
        toMs: null,
      };
      for (let i = 0; i < ids.length; i++) {
        summary.sampleCount += Number(replies[i * 3]);
        const first = Number((replies[i * 3 + 1] as string[])[1] ?? NaN);
        const last = Number((replies[i * 3 + 2] as string[])[1] ?? NaN);
        if (!Number.isNaN(first)) summary.fromMs = Math.min(summary.fromMs ?? first, first);
        if (!Number.isNaN(last)) summary.toMs = Math.max(summary.toMs ?? last, last);
      }
      summaries.push(summary);
    }

    return ok(summaries);
  }

  return store;
}

/** A short, key-safe id of a label set. */
function seriesId(labels: Labels): string {
  return createHash('sha1').update(seriesKey(labels)).digest('hex');
}

function parseMember(member: string): { t: number; v: number } {
  const colon = member.indexOf(':');

  return { t: Number(member.slice(0, colon)), v: Number(member.slice(colon + 1)) };
}

function parseLabels(raw: string | undefined): Labels {
  try {
    const parsed: unknown = JSON.parse(raw ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    }
  } catch {
    // A damaged entry reads as a series without labels rather than failing the whole set.
  }

  return {};
}

/** Runs a MULTI or pipeline; a failed command throws, so the deadline wrapper reports it. */
async function execOrThrow(batch: {
  exec(): Promise<[Error | null, unknown][] | null>;
}): Promise<unknown[]> {
  const replies = (await batch.exec()) ?? [];
  const failed = replies.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];

  return replies.map(([, value]) => value);
}
