import { z } from 'zod';

/** The labels that tell series apart: label name to value, e.g. `{ app: 'web' }`. */
export type Labels = Record<string, string>;

/** One observation: `t` in epoch ms, `v` a finite number. */
export interface Sample {
  t: number;
  v: number;
}

/** Samples of one labelled series, ordered by `t` ascending. */
export interface Series {
  labels: Labels;
  samples: Sample[];
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The canonical text of a label set, `{app="web",env="prod"}`: names in code-unit order, values
 * JSON-quoted, so equal sets give equal keys and different sets never collide. Keys per-series
 * Alert state.
 */
export function seriesKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  const pairs = names.map((name) => {
    const key = PLAIN_NAME.test(name) ? name : JSON.stringify(name);
    return `${key}=${JSON.stringify(labels[name])}`;
  });

  return `{${pairs.join(',')}}`;
}

const epochMs = z
  .number({ error: 'expected a timestamp in epoch ms' })
  .int('expected whole epoch milliseconds');

/** A label set as it arrives from outside (imports, the console). */
export const LabelsSchema = z.record(
  z.string().min(1, 'label names must not be empty').max(128, 'label name is longer than 128'),
  z.string({ error: 'label values must be strings' }).max(1_024, 'label value is longer than 1024'),
);

/** A Series as JSON, e.g. in an import: samples need finite values; order is not required. */
export const SeriesSchema = z.strictObject({
  labels: LabelsSchema,
  samples: z.array(
    z.strictObject({
      t: epochMs,
      v: z.number({ error: 'expected a finite number' }),
    }),
  ),
});
