import type { Processor } from '../queues/processor.js';
import { seriesKey } from '../../shared/alerting/series.js';
import {
  MAX_STATS_SERIES,
  StatsSampleDataSchema,
  type SeriesStats,
  type StatsSample,
} from '../../shared/jobs.js';
import { loadSource, parseJobData, tickOf } from './job-support.js';
import type { PlatformDeps } from './platform-deps.js';
import { writeStatsSample } from './stats-store.js';
import { summarizeValues } from './summarize-values.js';

/** What a `stats.sample` Job returns. */
export interface StatsSampleResult {
  key: string;
  atMs: number;
  series: number;
  /** Older samples dropped to stay within `keep`. */
  dropped: number;
}

/**
 * `stats.sample`: range-queries a source over [tick - rangeMs, tick] and stores, per series,
 * count, mean, min, max and nearest-rank p50/p95/p99 under the tick (see stats-store.ts). A
 * re-run of the same tick replaces that tick's sample instead of adding a second one.
 */
export function createStatsSampleProcessor(deps: PlatformDeps): Processor {
  return async (ctx): Promise<StatsSampleResult> => {
    const data = parseJobData(StatsSampleDataSchema, ctx);
    const atMs = tickOf(ctx, deps.now ?? Date.now);
    const fromMs = atMs - data.rangeMs;
    const source = await loadSource(deps.config, deps.sourceDeps, data.sourceId);

    const range = { query: data.query, fromMs, toMs: atMs, stepMs: data.stepMs };
    const answer = await source.range(range, ctx.signal);
    if (!answer.ok) throw new Error(`source "${data.sourceId}" failed: ${answer.message}`);
    if (answer.value.length > MAX_STATS_SERIES) {
      throw new Error(
        `the query gave ${answer.value.length} series; a stats sample keeps at most ${MAX_STATS_SERIES}; narrow the query`,
      );
    }

    const series: SeriesStats[] = answer.value
      .flatMap(({ labels, samples }) => {
        const stats = summarizeValues(samples.map((s) => s.v));
        return stats ? [{ labels, ...stats }] : [];
      })
      .sort((a, b) => (seriesKey(a.labels) < seriesKey(b.labels) ? -1 : 1));
    const sample: StatsSample = { atMs, fromMs, series };
    const dropped = await writeStatsSample(deps.client, deps.prefix, data.key, sample, data.keep);
    deps.log.debug('stats sampled', { key: data.key, atMs, series: series.length });

    return { key: data.key, atMs, series: series.length, dropped };
  };
}
