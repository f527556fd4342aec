import type { Series } from '../../../shared/alerting/series.js';

/** Reads, for ascending ticks, each series' latest sample as an instant query would see it. */
export interface SampleCursor {
  /**
   * The series that have a sample in (tickMs - stalenessMs, tickMs], each with only its
   * latest one. Ticks must not go backwards: the cursor only moves forward.
   */
  at(tickMs: number): Series[];
}

/** One pass over every series for all ticks together: O(samples + ticks x series). */
export function createSampleCursor(series: readonly Series[], stalenessMs: number): SampleCursor {
  const sorted = series.map((s) => ({
    labels: s.labels,
    samples: [...s.samples].sort((a, b) => a.t - b.t),
  }));
  // Per series, the index of the latest sample at or before the last tick asked; -1 for none.
  const positions = sorted.map(() => -1);

  return {
    at(tickMs) {
      const present: Series[] = [];

      sorted.forEach(({ labels, samples }, i) => {
        let position = positions[i] ?? -1;
        while ((samples[position + 1]?.t ?? Infinity) <= tickMs) position += 1;
        positions[i] = position;

        const latest = samples[position];
        if (latest && latest.t > tickMs - stalenessMs) present.push({ labels, samples: [latest] });
      });

      return present;
    },
  };
}
