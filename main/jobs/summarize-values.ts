import type { SeriesStats } from '../../shared/jobs.js';

/** The value at percentile `p` (0-100] of ascending `sorted` values, by nearest rank. */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));

  return sorted[Math.min(rank, sorted.length) - 1] ?? NaN;
}

/**
 * Count, mean, min, max and the 50th, 95th and 99th percentiles of `values`, or null for none.
 * Percentiles are by nearest rank: the smallest sample with at least p% of the samples at or
 * below it (`sorted[ceil(p/100 * n) - 1]`), always one of the samples, never interpolated; for
 * 1..100 that is p50 50, p95 95, p99 99.
 */
export function summarizeValues(values: readonly number[]): Omit<SeriesStats, 'labels'> | null {
  if (values.length === 0) return null;

  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, v) => total + v, 0);

  return {
    count: sorted.length,
    mean: sum / sorted.length,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
  };
}
