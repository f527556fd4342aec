import type { z } from 'zod';
import type { AlertingConfig } from '../alerts/config-stores.js';
import { createSource, type MetricSource, type SourceDeps } from '../alerts/sources/index.js';
import type { ProcessorContext } from '../queues/processor.js';
import { parseTickJobId } from '../scheduler/tick-id.js';
import { parseWith } from '../../shared/validation.js';

/**
 * The tick a Job stands for: the scheduled fire time when a Schedule produced it, so every
 * re-run of that tick does the same work and writes the same keys; `now()` for a Job added by
 * hand.
 */
export function tickOf(ctx: ProcessorContext, now: () => number): number {
  return parseTickJobId(ctx.jobId)?.fireMs ?? now();
}

/** The Job's data parsed with `schema`; a bad Job fails at once with every problem named. */
export function parseJobData<S extends z.ZodType>(schema: S, ctx: ProcessorContext): z.infer<S> {
  const parsed = parseWith(schema, ctx.data, `${ctx.name} data`);
  if (!parsed.ok) throw new Error(parsed.message);

  return parsed.value;
}

/** The configured source by id; a missing one fails the Job naming the configured ones. */
export async function loadSource(
  config: AlertingConfig,
  sourceDeps: SourceDeps,
  sourceId: string,
): Promise<MetricSource> {
  const def = await config.sources.get(sourceId);
  if (!def) {
    const known = (await config.sources.list()).map((s) => s.id).join(', ') || '(none)';
    throw new Error(`source "${sourceId}" does not exist; configured: ${known}`);
  }

  return createSource(def.config, sourceDeps);
}
