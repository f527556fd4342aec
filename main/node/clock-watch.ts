import type { Logger } from '../log/logger.js';

/** A detected jump: how far the wall clock moved beyond the monotonic one, and since when
 * (wall ms) the process has certainly been awake. */
export interface ClockJump {
  jumpMs: number;
  awakeSinceMs: number;
}

/**
 * Watches for system sleep and wall-clock changes. Timers run on the monotonic clock, which
 * stops during suspend and ignores clock changes, so a tick timer armed before either fires at
 * the wrong wall time. Both show up as the wall clock moving differently from the monotonic one.
 * `check()` compares against the last sample (at most `intervalMs` old) and can be called at any
 * time, so a timer that fires right after a wake-up sees the jump before it acts.
 */
export function watchClock(
  onJump: (jump: ClockJump) => void,
  log: Logger,
  options: { intervalMs?: number; thresholdMs?: number } = {},
) {
  const intervalMs = options.intervalMs ?? 1_000;
  const thresholdMs = options.thresholdMs ?? 2_000;
  let wall = Date.now();
  let mono = performance.now();

  function check(): ClockJump | null {
    const nextWall = Date.now();
    const nextMono = performance.now();
    const awakeMs = nextMono - mono;
    const jumpMs = Math.round(nextWall - wall - awakeMs);
    wall = nextWall;
    mono = nextMono;
    if (Math.abs(jumpMs) < thresholdMs) return null;

    const jump = { jumpMs, awakeSinceMs: Math.round(nextWall - awakeMs) };
    log.info('wall clock jumped (sleep, wake or clock change); re-arming timers', { jumpMs });
    onJump(jump);

    return jump;
  }

  const timer = setInterval(check, intervalMs);
  timer.unref();

  return { check, stop: () => clearInterval(timer) };
}
