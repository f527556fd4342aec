import type { QueueRegistry } from '../queues/queue-registry.js';
import type { Schedule } from '../../shared/schedule.js';
import { isDirectAdd } from './claim-add.js';
import { jobOptionsFor } from './job-options.js';
import { tickJobId } from './tick-id.js';
import type { ProducedTick, TickStore } from './tick-store.js';

export { jobOptionsFor };

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

// Ticks per claim-and-add script in a large pass; big enough to amortise round trips, small
// enough that Redis never runs one script for long (about 10 ms) and chunks overlap with the
// building of the next chunk's arguments.
const CHUNK = 1_000;

function chunked<T>(list: T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) chunks.push(list.slice(i, i + CHUNK));

  return chunks;
}

/**
 * Claims ticks and adds their jobs, in chunks that are all in flight at once. Ticks of plain FIFO
 * schedules are claimed, added and recorded in one script per chunk and queue (claim-add.ts).
 * Prioritised ones take Bull's own add: claimed as pending, added with `addBulk`, then recorded;
 * a node dying in between leaves them to the sweeper.
 */
export async function claimAndAddTicks(
  claims: { schedule: Schedule; tickMs: number }[],
  nowMs: number,
  queues: QueueRegistry,
  tickStore: TickStore,
  nodeId: string,
  now: () => number,
): Promise<ProducedTick[]> {
  const byQueue = new Map<string, typeof claims>();
  const viaBull: typeof claims = [];
  for (const claim of claims) {
    if (!isDirectAdd(claim.schedule)) {
      viaBull.push(claim);
      continue;
    }
    const list = byQueue.get(claim.schedule.queue) ?? [];
    list.push(claim);
    byQueue.set(claim.schedule.queue, list);
  }

  const direct = [...byQueue].flatMap(([queueName, list]) =>
    chunked(list).map((chunk) => tickStore.claimAndAdd(queues.get(queueName), chunk, nodeId)),
  );
  const pending = chunked(viaBull).map(async (chunk) => {
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
  });
  const [added, viaBullAdded] = await Promise.all([
    Promise.all(direct),
    Promise.all(pending).then((r) => r.flat()),
  ]);
  for (const chunk of chunked(viaBullAdded)) await tickStore.markProduced(chunk);

  return [...added.flat(), ...viaBullAdded];
}
