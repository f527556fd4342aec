import { z } from 'zod';
import type { Labels, Series } from './alerting/series.js';
import { MAX_RANGE_POINTS } from './alerting/source.js';

/** Job names of the platform's scheduled work; schedules name them in `job`. */
export const CACHE_REFRESH_JOB = 'cache.refresh';
export const STATS_SAMPLE_JOB = 'stats.sample';
export const WEEKLY_REPORT_JOB = 'report.weekly';

/** Largest cached answer, in bytes of JSON: a cache entry is one Redis string. */
export const MAX_CACHED_BYTES = 1_048_576;
/** Most series one stats sample summarizes. */
export const MAX_STATS_SERIES = 1_000;
/** Most samples a stats key keeps by default, newest first. */
export const DEFAULT_STATS_KEEP = 1_000;
/** A series flaps when it fires again at most this long after it resolved, in ms: 1 hour. */
export const FLAP_WINDOW_MS = 3_600_000;
/** One report week, in ms. */
export const WEEK_MS = 7 * 86_400_000;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
// Part of a Redis key: no ":" (our separator) and no braces (a Cluster hash tag).
const STORE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function quote(text: unknown): string {
  const value = typeof text === 'string' ? text : JSON.stringify(text);
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

const id = (field: string) =>
  z.string({ error: (i) => `${field} must be a string; got ${quote(i.input)}` }).regex(ID, {
    error: (i) =>
      `${field} must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got ${quote(i.input)}`,
  });

const storeKey = z
  .string({ error: (i) => `key must be a string; got ${quote(i.input)}` })
  .regex(STORE_KEY, {
    error: (i) =>
      `key must be 1-128 of A-Z a-z 0-9 _ . - (no ":" or braces); got ${quote(i.input)}`,
  });

const query = z.string().max(4_000, 'query is longer than 4000').default('');

const ms = (field: string, min: number, max: number) =>
  z
    .number({ error: (i) => `${field} must be a number of ms; got ${quote(i.input)}` })
    .int(`${field} must be whole ms`)
    .min(min, `${field} must be at least ${min} ms`)
    .max(max, `${field} must be at most ${max} ms`);

/** `cache.refresh`: an instant query of a source at the tick, kept in Redis for `ttlMs`. */
export const CacheRefreshDataSchema = z.strictObject({
  sourceId: id('sourceId'),
  /** PromQL, Druid SQL, or unused, as the source's kind says. */
  query,
  /** The entry's name: `<prefix>:dipper:cache:<key>`. */
  key: storeKey,
  ttlMs: ms('ttlMs', 1_000, 30 * 86_400_000),
});

/** `stats.sample`: count, mean and percentiles of each series over the range before the tick. */
export const StatsSampleDataSchema = z
  .strictObject({
    sourceId: id('sourceId'),
    query,
    rangeMs: ms('rangeMs', 1_000, 31 * 86_400_000),
    stepMs: ms('stepMs', 1_000, 86_400_000),
    /** The samples' name: `<prefix>:dipper:stats:<key>`. */
    key: storeKey,
    /** Samples kept, newest first. */
    keep: z
      .number()
      .int()
      .min(1)
      .max(10_000, 'keep must be at most 10000')
      .default(DEFAULT_STATS_KEEP),
  })
  .refine((d) => d.rangeMs / d.stepMs + 1 <= MAX_RANGE_POINTS, {
    error: (i) => {
      const d = i.input as { rangeMs: number; stepMs: number };
      return `rangeMs ${d.rangeMs} / stepMs ${d.stepMs} gives more than ${MAX_RANGE_POINTS} points; raise stepMs`;
    },
    path: ['stepMs'],
  });

/** `report.weekly`: a digest of the alert history of the last `weeks` weeks, per Rule. */
export const WeeklyReportDataSchema = z.strictObject({
  channelIds: z.array(id('channel id')).min(1, 'channelIds needs at least one channel').max(32),
  /** Without it: every configured Rule and every Rule seen in the history. */
  ruleIds: z.array(id('rule id')).min(1).max(1_000).optional(),
  weeks: z.number().int().min(1, 'weeks must be 1-4').max(4, 'weeks must be 1-4').default(1),
});

export type CacheRefreshData = z.infer<typeof CacheRefreshDataSchema>;
export type StatsSampleData = z.infer<typeof StatsSampleDataSchema>;
export type WeeklyReportData = z.infer<typeof WeeklyReportDataSchema>;

/** What `cache.refresh` stores: the answer of one instant query at `atMs` (epoch ms). */
export interface CachedSeries {
  atMs: number;
  sourceId: string;
  query: string;
  series: Series[];
}

/** One series over a stats range; percentiles by nearest rank (see summarizeValues). */
export interface SeriesStats {
  labels: Labels;
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

/** One `stats.sample` run: series that had samples in [fromMs, atMs], epoch ms. */
export interface StatsSample {
  atMs: number;
  fromMs: number;
  series: SeriesStats[];
}

/** One Rule's week. Durations in ms; see main/jobs/report-digest.ts for the definitions. */
export interface RuleDigest {
  ruleId: string;
  ruleName: string;
  /** Transitions into firing. */
  firings: number;
  /** Time its Alerts spent firing within the period, summed over series. */
  firingMs: number;
  /** Episodes that both began firing and resolved within the period. */
  resolutions: number;
  /** Mean firing-to-resolved time of those episodes; null when there were none. */
  meanTimeToResolveMs: number | null;
  /** Firings that came at most FLAP_WINDOW_MS after the same series resolved. */
  flaps: number;
}

/** The digest a `report.weekly` run sends; [fromMs, toMs] in epoch ms. */
export interface WeeklyReport {
  fromMs: number;
  toMs: number;
  rules: RuleDigest[];
  /** True when the history held more transitions than one report reads. */
  isPartial: boolean;
}
