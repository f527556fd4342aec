import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import type { Logger } from '../log/logger.js';
import type { Schedule } from '../../shared/schedule.js';
import type { ScheduleStore } from './schedule-store.js';

/** How often the store revision is polled, healing a lost change notification, in ms. */
export const DEFAULT_HEAL_INTERVAL_MS = 2_000;

/**
 * Keeps `onSchedules` fed with the full set of schedules: reloads on every change message
 * (pub/sub, immediate) and whenever the polled revision moved (a message lost across a
 * disconnect, or published while this node was subscribing).
 */
export async function watchSchedules(
  store: ScheduleStore,
  subscriber: RedisClient,
  keys: DipperKeys,
  log: Logger,
  onSchedules: (schedules: Schedule[]) => void,
  healIntervalMs = DEFAULT_HEAL_INTERVAL_MS,
) {
  let seenRev = -1;
  let isStopped = false;
  let reloading: Promise<void> | null = null;
  let isReloadQueued = false;

  async function reload(): Promise<void> {
    if (reloading) {
      isReloadQueued = true;
      return reloading;
    }
    reloading = (async () => {
      const rev = await store.revision();
      const schedules = await store.list();
      seenRev = rev;
      onSchedules(schedules);
    })().finally(() => {
      reloading = null;
      if (isReloadQueued && !isStopped) {
        isReloadQueued = false;
        void reload().catch((error: Error) =>
          log.warn('schedule reload failed', { error: error.message }),
        );
      }
    });

    return reloading;
  }

  const onMessage = (channel: string) => {
    if (channel !== keys.schedulesChannel) return;
    reload().catch((error: Error) => log.warn('schedule reload failed', { error: error.message }));
  };
  subscriber.on('message', onMessage);
  await subscriber.subscribe(keys.schedulesChannel);
  await reload();

  const timer = setInterval(() => {
    store
      .revision()
      .then((rev) => (rev !== seenRev ? reload() : undefined))
      .catch((error: Error) =>
        log.debug('schedule revision poll failed', { error: error.message }),
      );
  }, healIntervalMs);

  return {
    reload,
    async stop(): Promise<void> {
      isStopped = true;
      clearInterval(timer);
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(keys.schedulesChannel).catch(() => undefined);
    },
  };
}
