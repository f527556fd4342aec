import type { RecordedSourceConfig } from '../../../shared/alerting/source.js';
import { REDIS_SOURCE_TIMEOUT_MS, settleRedis, type MetricSource } from './metric-source.js';
import type { RecordedStore } from './recorded-store.js';

/** How far back an instant query looks for a sample, in ms, as Prometheus' lookback delta. */
export const RECORDED_STALENESS_MS = 5 * 60_000;

/**
 * Series recorded in the Profile's Redis (see recorded-store.ts); the query text is unused.
 * An instant query answers each series' newest sample in (atMs - 5 min, atMs], leaving out
 * series without one; a range query answers the stored samples in the window, not stepped.
 */
export function createRecordedSource(
  config: RecordedSourceConfig,
  store: RecordedStore,
): MetricSource {
  const what = `reading recorded set "${config.series}"`;

  return {
    async instant(q, signal) {
      const read = store.readLatest(config.series, q.atMs, RECORDED_STALENESS_MS);
      const settled = await settleRedis(read, what, REDIS_SOURCE_TIMEOUT_MS, signal);

      return settled.ok ? settled.value : settled;
    },
    async range(q, signal) {
      const read = store.read(config.series, q.fromMs, q.toMs);
      const settled = await settleRedis(read, what, REDIS_SOURCE_TIMEOUT_MS, signal);

      return settled.ok ? settled.value : settled;
    },
  };
}
