import { powerMonitor } from 'electron';
import type { Logger } from '../log/logger.js';
import type { Producer } from '../scheduler/producer.js';

export interface PowerWatchOptions {
  /** The running node's producer; undefined while a profile switch is under way. */
  producer: () => Pick<Producer, 'noteWake'> | undefined;
  log: Logger;
  now?: () => number;
}

/**
 * Feeds suspend and resume into the scheduler's stale-tick handling. On resume the producer
 * learns at once that ticks due before now were slept through (they go to the misfire policy)
 * and re-arms its timer. Wall-clock changes have no Electron event: the node's own clock watch
 * (main/node/clock-watch.ts) notices them within a second, and covers the Linux desktops where
 * these events never come. Returns the undo.
 */
export function watchPower(options: PowerWatchOptions): () => void {
  const { log } = options;
  const now = options.now ?? Date.now;
  let suspendedAtMs: number | undefined;

  const onSuspend = () => {
    suspendedAtMs = now();
    log.info('system suspending');
  };
  const onResume = () => {
    const resumedAtMs = now();
    const sleptMs = suspendedAtMs === undefined ? undefined : resumedAtMs - suspendedAtMs;
    suspendedAtMs = undefined;
    log.info('system resumed; ticks due while asleep go to the misfire policy', { sleptMs });
    options.producer()?.noteWake(resumedAtMs);
  };

  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  return () => {
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('resume', onResume);
  };
}
