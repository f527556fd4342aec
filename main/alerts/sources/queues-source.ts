import type Bull from 'bull';
import type { Series } from '../../../shared/alerting/series.js';
import type { QueuesSourceConfig } from '../../../shared/alerting/source.js';
import { fail, ok } from '../../../shared/result.js';
import type { Logger } from '../../log/logger.js';
import { REDIS_SOURCE_TIMEOUT_MS, settleRedis, type MetricSource } from './metric-source.js';

/** Window of the per-minute rates, in ms. */
export const RATE_WINDOW_MS = 60_000;

/**
 * Most finished Jobs a rate reads per call. Jobs are read newest first in pages of
 * RATE_PAGE_SIZE and reading stops at the first one older than the window, so a quiet Queue
 * costs one small page; a Queue finishing more than this many Jobs a minute reports this many.
 */
export const RATE_MAX_JOBS = 1_000;
const RATE_PAGE_SIZE = 100;

/** How a `queues` source reaches the Bull Queues of its Profile. */
export type GetQueue = (name: string) => Bull.Queue;

/**
 * Counts and per-minute rates of one Bull Queue, as one series labelled `{ queue, metric }`.
 * Counts are Bull's (`waiting` includes a paused Queue's jobs). Rates count the Jobs whose
 * `finishedOn` falls in the minute ending at the query's time, among those Bull still keeps:
 * a Queue with `removeOnComplete` / `removeOnFail` reports 0 for the Jobs it removed.
 * Queues have no history, so only instant queries are answered; counts are always the
 * present ones, stamped with the query's time.
 */
export function createQueuesSource(
  config: QueuesSourceConfig,
  getQueue: GetQueue,
  log: Logger,
): MetricSource {
  const labels = { queue: config.queue, metric: config.metric };

  async function read(queue: Bull.Queue, atMs: number): Promise<number> {
    if (config.metric === 'failed_per_minute' || config.metric === 'completed_per_minute') {
      const state = config.metric === 'failed_per_minute' ? 'failed' : 'completed';
      const count = await countFinished(queue, state, atMs);
      if (count >= RATE_MAX_JOBS) {
        log.warn('queue rate capped', { queue: config.queue, metric: config.metric, count });
      }
      return count;
    }

    // getJobCounts() also reports `paused`, which its type leaves out.
    const counts = (await queue.getJobCounts()) as Bull.JobCounts & { paused?: number };
    return config.metric === 'waiting'
      ? counts.waiting + (counts.paused ?? 0)
      : counts[config.metric];
  }

  return {
    async instant(q, signal) {
      const what = `reading ${config.metric} of queue "${config.queue}"`;
      const value = await settleRedis(
        Promise.resolve().then(() => read(getQueue(config.queue), q.atMs)),
        what,
        REDIS_SOURCE_TIMEOUT_MS,
        signal,
      );
      if (!value.ok) return value;

      const series: Series = { labels, samples: [{ t: q.atMs, v: value.value }] };
      return ok([series]);
    },
    async range() {
      return fail(
        'BAD_REQUEST',
        `queue "${config.queue}" keeps no history of ${config.metric}; queues sources answer instant queries only`,
      );
    },
  };
}

/** Jobs that finished in (atMs - RATE_WINDOW_MS, atMs], at most RATE_MAX_JOBS of them. */
async function countFinished(
  queue: Bull.Queue,
  state: 'failed' | 'completed',
  atMs: number,
): Promise<number> {
  const since = atMs - RATE_WINDOW_MS;
  // Pages can overlap when Jobs finish between two reads; ids keep a Job from counting twice.
  const seen = new Set<string>();

  for (let start = 0; start < RATE_MAX_JOBS; start += RATE_PAGE_SIZE) {
    const end = Math.min(start + RATE_PAGE_SIZE, RATE_MAX_JOBS) - 1;
    // Bull keeps finished Jobs in a sorted set scored by finishedOn; these read it newest first.
    const page =
      state === 'failed' ? await queue.getFailed(start, end) : await queue.getCompleted(start, end);
    let isPastWindow = page.length < end - start + 1;

    for (const job of page) {
      // A Job removed between reading its id and its hash comes back as null.
      const finishedOn = (job as Bull.Job | null)?.finishedOn;
      if (finishedOn === undefined || finishedOn === null) continue;
      if (finishedOn <= since) {
        isPastWindow = true;
        continue;
      }
      if (finishedOn <= atMs) seen.add(String(job.id));
    }
    if (isPastWindow) break;
  }

  return seen.size;
}
