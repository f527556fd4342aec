import type { Logger } from '../log/logger.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import type { Schedule } from '../../shared/schedule.js';
import { enqueueTicks } from './enqueue.js';
import type { TickStore } from './tick-store.js';

export interface SweeperOptions {
  tickStore: TickStore;
  queues: QueueRegistry;
  nodeId: string;
  now: () => number;
  schedule: (id: string) => Schedule | undefined;
  log: Logger;
  /** A claimed tick still pending after this long is re-added, in ms. */
  staleAfterMs?: number;
  intervalMs?: number;
}

/**
 * Re-adds the jobs of ticks that were claimed but never recorded as produced: the claiming
 * node died between claim and add, or Redis went away in between. The job id is the same, so
 * Bull ignores the re-add when the first add did land and its job still exists.
 */
export function startPendingSweeper(options: SweeperOptions) {
  const { tickStore, log } = options;
  const staleAfterMs = options.staleAfterMs ?? 15_000;

  async function sweep(): Promise<number> {
    const nowMs = options.now();
    const stale = await tickStore.stalePending(nowMs, staleAfterMs);
    const ticks: { schedule: Schedule; tickMs: number }[] = [];
    for (const claim of stale) {
      if (!(await tickStore.takePending(claim, nowMs))) continue;
      const schedule = options.schedule(claim.scheduleId);
      if (schedule) ticks.push({ schedule, tickMs: claim.tickMs });
    }
    if (ticks.length === 0) return 0;

    log.warn('re-adding ticks left pending', { count: ticks.length });
    await enqueueTicks(ticks, options.queues, tickStore, options.nodeId, options.now);

    return ticks.length;
  }

  const timer = setInterval(() => {
    sweep().catch((error: Error) => log.warn('pending sweep failed', { error: error.message }));
  }, options.intervalMs ?? 5_000);

  return {
    sweep,
    stop: () => clearInterval(timer),
  };
}
