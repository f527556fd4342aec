import type { Logger } from '../log/logger.js';

/**
 * Watches for system sleep and wall-clock changes. Timers run on the monotonic clock, which
 * stops during suspend and ignores clock changes, so a tick timer armed before either fires at
 * the wrong wall time. Both show up as the wall clock moving differently from the monotonic one.
 */
export function watchClock(
  onJump: (info: { jumpMs: number }) => void,
  log: Logger,
  options: { intervalMs?: number; thresholdMs?: number } = {},
) {
  const intervalMs = options.intervalMs ?? 1_000;
  const thresholdMs = options.thresholdMs ?? 2_000;
  let wall = Date.now();
  let mono = performance.now();

  const timer = setInterval(() => {
    const nextWall = Date.now();
    const nextMono = performance.now();
    const jumpMs = Math.round(nextWall - wall - (nextMono - mono));
    wall = nextWall;
    mono = nextMono;
    if (Math.abs(jumpMs) < thresholdMs) return;

    log.info('wall clock jumped (sleep, wake or clock change); re-arming timers', { jumpMs });
    onJump({ jumpMs });
  }, intervalMs);
  timer.unref();

  return { stop: () => clearInterval(timer) };
}
