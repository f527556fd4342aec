import type { Logger } from '../log/logger.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

/** The shell's exit code for a process ended by the signal. */
const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Waits for SIGINT or SIGTERM, then runs `shutdown`. A process that waits on Redis to shut down
 * must not hang its terminal when Redis is gone: a second signal exits at once, and a shutdown
 * still running `hardDeadlineMs` after the first signal exits with code 1. Both say so on the
 * log; servers this process started are stopped as it exits (see redis-process.ts).
 */
export async function runUntilStopSignal(
  log: Logger,
  hardDeadlineMs: number,
  shutdown: () => Promise<void>,
): Promise<void> {
  const signal = await new Promise<StopSignal>((resolve) => {
    for (const name of SIGNALS) process.once(name, () => resolve(name));
  });
  log.info('shutting down', { signal, hardDeadlineMs });

  const onSecond = (second: StopSignal) => {
    log.warn('second signal: exiting without finishing the shutdown', { signal: second });
    process.exit(SIGNAL_EXIT[second]);
  };
  for (const name of SIGNALS) process.once(name, onSecond);
  const timer = setTimeout(() => {
    log.error('shutdown did not finish in time: exiting', { hardDeadlineMs });
    process.exit(1);
  }, hardDeadlineMs);
  timer.unref();

  try {
    await shutdown();
  } finally {
    clearTimeout(timer);
    for (const name of SIGNALS) process.off(name, onSecond);
  }
}
