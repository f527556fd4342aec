import Redlock, { type Lock } from 'redlock';
import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import type { Logger } from '../log/logger.js';
import type { Schedule } from '../../shared/schedule.js';
import { tickJobId } from './tick-id.js';
import type { TickStore } from './tick-store.js';

/** What the lock dispatcher needs to run a tick's task in place. */
export type InPlaceRunner = (
  schedule: Schedule,
  tickMs: number,
  signal: AbortSignal,
) => Promise<unknown>;

export interface LockDispatchOptions {
  client: RedisClient;
  keys: DipperKeys;
  nodeId: string;
  tickStore: TickStore;
  runTask: InPlaceRunner;
  log: Logger;
  /** Lock time to live; extended while the task runs, in ms. */
  lockDurationMs?: number;
  /** A lock with less time than this left is not used, in ms. */
  minRemainingMs?: number;
}

/**
 * The legacy dispatch: every node tries to lock (schedule, tick) with Redlock and the winner
 * runs the task in place. The lock is never released early, so a node that is late by less
 * than the lock's lifetime cannot run the tick again; later than that, it can, and the ledger
 * shows it. This costs a Redis round trip per node per tick, unlike queue dispatch.
 */
export function createLockDispatcher(options: LockDispatchOptions) {
  const { tickStore, nodeId, log } = options;
  const durationMs = options.lockDurationMs ?? 30_000;
  const minRemainingMs = options.minRemainingMs ?? Math.min(5_000, durationMs / 2);
  // No retries: a lock acquired after retries may be close to expiry when handed over.
  const redlock = new Redlock([options.client], { retryCount: 0, driftFactor: 0.01 });
  redlock.on('error', () => undefined);
  const active = new Set<Promise<void>>();

  function remainingMs(lock: Lock): number {
    return lock.expiration - Date.now();
  }

  async function keepExtended(lock: Lock, controller: AbortController): Promise<() => void> {
    let current = lock;
    const timer = setInterval(
      () => {
        current
          .extend(durationMs)
          .then((next) => (current = next))
          .catch((error: Error) => {
            log.warn('lock extension failed; aborting task', { error: error.message });
            controller.abort(new Error('lock extension failed'));
          });
      },
      Math.max(100, durationMs / 3),
    );

    return () => clearInterval(timer);
  }

  async function run(schedule: Schedule, tickMs: number): Promise<void> {
    let lock: Lock;
    try {
      lock = await redlock.acquire([options.keys.lock(schedule.id, tickMs)], durationMs);
    } catch {
      return; // Another node holds the tick.
    }
    if (remainingMs(lock) < minRemainingMs) {
      log.warn('lock acquired too close to expiry; not running', {
        scheduleId: schedule.id,
        tickMs,
      });
      return;
    }

    const atMs = Date.now();
    const jobId = tickJobId(schedule.id, tickMs);
    await tickStore.append(schedule.id, {
      tickMs,
      event: 'lock-won',
      nodeId,
      atMs,
      jobId,
      lagMs: atMs - tickMs,
    });
    const controller = new AbortController();
    const stopExtending = await keepExtended(lock, controller);
    try {
      await options.runTask(schedule, tickMs, controller.signal);
      await tickStore.append(schedule.id, {
        tickMs,
        event: 'completed',
        nodeId,
        atMs: Date.now(),
        attempt: 1,
      });
    } catch (error) {
      const message = (error as Error).message;
      await tickStore.append(schedule.id, {
        tickMs,
        event: 'failed',
        nodeId,
        atMs: Date.now(),
        error: message,
      });
    } finally {
      stopExtending();
    }
  }

  return {
    /** Starts one tick in the background; errors end up in the ledger and the log. */
    dispatch(schedule: Schedule, tickMs: number): void {
      const task = run(schedule, tickMs)
        .catch((error: Error) =>
          log.warn('lock dispatch failed', { scheduleId: schedule.id, error: error.message }),
        )
        .finally(() => active.delete(task));
      active.add(task);
    },
    async idle(): Promise<void> {
      await Promise.all([...active]);
    },
  };
}
