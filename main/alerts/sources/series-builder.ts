import { seriesKey, type Labels, type Series } from '../../../shared/alerting/series.js';

/** Groups samples by label set; `build` sorts them by time, the last write of a time winning. */
export interface SeriesBuilder {
  add(labels: Labels, t: number, v: number): void;
  /** With `latestOnly`, each series keeps only its newest sample (an instant answer). */
  build(options?: { latestOnly?: boolean }): Series[];
}

export function createSeriesBuilder(): SeriesBuilder {
  const byKey = new Map<string, { labels: Labels; samples: Map<number, number> }>();

  return {
    add(labels, t, v) {
      const key = seriesKey(labels);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { labels, samples: new Map() };
        byKey.set(key, entry);
      }
      entry.samples.set(t, v);
    },
    build(options = {}) {
      return [...byKey.values()].map(({ labels, samples }) => {
        const sorted = [...samples].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v }));
        return { labels, samples: options.latestOnly ? sorted.slice(-1) : sorted };
      });
    },
  };
}
