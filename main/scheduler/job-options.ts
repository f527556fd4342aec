import type { JobOptions } from 'bull';
import type { Schedule } from '../../shared/schedule.js';
import { tickJobId } from './tick-id.js';

/** Bull options for one tick's job, from the schedule's job options. */
export function jobOptionsFor(schedule: Schedule, tickMs: number): JobOptions {
  const o = schedule.options;
  const opts: JobOptions = {
    jobId: tickJobId(schedule.id, tickMs),
    attempts: o.attempts,
    removeOnComplete: o.keepCompleted,
    removeOnFail: o.keepFailed,
  };
  if (o.backoff) opts.backoff = { type: o.backoff.type, delay: o.backoff.delayMs };
  if (o.timeoutMs) opts.timeout = o.timeoutMs;
  if (o.priority) opts.priority = o.priority;

  return opts;
}
