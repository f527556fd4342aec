import type { JobOptions } from 'bull';
import type { QueueRegistry } from '../queues/queue-registry.js';
import type { Schedule } from '../../shared/schedule.js';
import { tickJobId } from './tick-id.js';
import type { ProducedTick, TickStore } from './tick-store.js';

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

/**
 * Adds the jobs of claimed ticks, one MULTI per queue, without recording them; the caller
 * records them with `tickStore.markProduced` once every job of the pass is in Redis, so ledger
 * writes never delay an add. A tick whose add fails stays pending; the sweeper re-adds it.
 */
export async function addTickJobs(
  ticks: { schedule: Schedule; tickMs: number }[],
  queues: QueueRegistry,
  nodeId: string,
  now: () => number,
): Promise<ProducedTick[]> {
  const byQueue = new Map<string, { schedule: Schedule; tickMs: number }[]>();
  for (const t of ticks) {
    const list = byQueue.get(t.schedule.queue) ?? [];
    list.push(t);
    byQueue.set(t.schedule.queue, list);
  }

  const produced: ProducedTick[] = [];
  await Promise.all(
    [...byQueue].map(async ([queueName, list]) => {
      const queue = queues.get(queueName);
      await queue.addBulk(
        list.map(({ schedule, tickMs }) => ({
          name: schedule.job,
          data: schedule.data,
          opts: jobOptionsFor(schedule, tickMs),
        })),
      );
      const atMs = now();
      for (const { schedule, tickMs } of list) {
        produced.push({
          scheduleId: schedule.id,
          tickMs,
          jobId: tickJobId(schedule.id, tickMs),
          nodeId,
          atMs,
        });
      }
    }),
  );

  return produced;
}

/** Adds the jobs of claimed ticks and records them as produced. */
export async function enqueueTicks(
  ticks: { schedule: Schedule; tickMs: number }[],
  queues: QueueRegistry,
  tickStore: TickStore,
  nodeId: string,
  now: () => number,
): Promise<ProducedTick[]> {
  const produced = await addTickJobs(ticks, queues, nodeId, now);
  await tickStore.markProduced(produced);

  return produced;
}

// Ticks per claim-and-add round trip in a large pass; big enough to amortise round trips, small
// enough that Redis never runs one script for long and chunks overlap with job building.
const CHUNK = 1_000;

/**
 * Claims and adds ticks in chunks that are all in flight at once: Redis runs one chunk's
 * scripts while this process builds the next chunk's jobs, on the same pipelined connection.
 * The ledger is written once every job of the pass is in Redis, so it never delays an add.
 */
export async function claimAndAddTicks(
  claims: { schedule: Schedule; tickMs: number }[],
  nowMs: number,
  queues: QueueRegistry,
  tickStore: TickStore,
  nodeId: string,
  now: () => number,
): Promise<ProducedTick[]> {
  const chunks: (typeof claims)[] = [];
  for (let i = 0; i < claims.length; i += CHUNK) chunks.push(claims.slice(i, i + CHUNK));

  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const granted = await tickStore.claimFlags(
        chunk.map((c) => ({ scheduleId: c.schedule.id, tickMs: c.tickMs })),
        nowMs,
      );
      return addTickJobs(
        chunk.filter((_, i) => granted[i]),
        queues,
        nodeId,
        now,
      );
    }),
  );
  const produced = results.flat();
  for (let i = 0; i < produced.length; i += CHUNK) {
    await tickStore.markProduced(produced.slice(i, i + CHUNK));
  }

  return produced;
}
