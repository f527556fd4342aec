import type { AlertTransition } from '../../../shared/alerting/alert.js';

/** Most series the replay chart draws: beyond this lines become unreadable. */
export const MAX_CHART_SERIES = 8;

export interface ReplayChartData {
  /** Series keys drawn, those with the most transitions first. */
  seriesKeys: string[];
  /** One row per transition time: the value of each series that changed then. */
  rows: Record<string, number | null>[];
  /** Spans during which a drawn series was firing, epoch ms. */
  firing: { seriesKey: string; fromMs: number; toMs: number }[];
}

/**
 * The chart of a replay, built from its transitions alone (the timeline carries no samples):
 * each series' value at each of its state changes, and the spans it spent firing.
 */
export function replayChartData(
  transitions: readonly AlertTransition[],
  toMs: number,
): ReplayChartData {
  const counts = new Map<string, number>();
  for (const tr of transitions) counts.set(tr.seriesKey, (counts.get(tr.seriesKey) ?? 0) + 1);
  const seriesKeys = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_CHART_SERIES)
    .map(([key]) => key);
  const drawn = new Set(seriesKeys);

  const byTime = new Map<number, Record<string, number | null>>();
  const firing: ReplayChartData['firing'] = [];
  const firingSince = new Map<string, number>();
  for (const tr of transitions) {
    if (!drawn.has(tr.seriesKey)) continue;
    const row = byTime.get(tr.atMs) ?? { atMs: tr.atMs };
    row[tr.seriesKey] = tr.value;
    byTime.set(tr.atMs, row);

    if (tr.to === 'firing') firingSince.set(tr.seriesKey, tr.atMs);
    const since = firingSince.get(tr.seriesKey);
    if (tr.from === 'firing' && since !== undefined) {
      firing.push({ seriesKey: tr.seriesKey, fromMs: since, toMs: tr.atMs });
      firingSince.delete(tr.seriesKey);
    }
  }
  for (const [seriesKey, fromMs] of firingSince) firing.push({ seriesKey, fromMs, toMs });

  const rows = [...byTime.values()].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  return { seriesKeys, rows, firing };
}
