import type { CronCursor } from '../../shared/cron.js';
import type { MisfirePolicy } from '../../shared/schedule.js';

/** Bound on ticks walked for one schedule in one pass (an every-second cron after a long sleep). */
export const MAX_TICKS_WALKED = 100_000;

/** Which ticks of one schedule to produce now, and which the misfire policy skipped. */
export interface TickPlan {
  produce: number[];
  skipped: number;
  /** The newest skipped tick, for the ledger. */
  lastSkippedMs: number | null;
  /** The first tick after `nowMs`: when the schedule is due next. */
  nextMs: number | null;
}

/**
 * Plans the ticks from `firstMs` (the schedule's first unhandled tick) to `nowMs`. A tick at
 * most `lateToleranceMs` old is on time and always produced: a slow start, a GC pause or a
 * failover within the tolerance loses nothing. Older ticks were missed (sleep, outage, everyone
 * down): `skip` drops them, `run-latest` produces only the newest of them, once.
 */
export function planTicks(
  cursor: CronCursor,
  firstMs: number | null,
  nowMs: number,
  lateToleranceMs: number,
  policy: MisfirePolicy,
): TickPlan {
  const onTime: number[] = [];
  let skipped = 0;
  let lastSkippedMs: number | null = null;
  const lateBound = nowMs - lateToleranceMs;
  let at = firstMs;

  for (let n = 0; at !== null && at <= nowMs && n < MAX_TICKS_WALKED; n++) {
    if (at < lateBound) {
      skipped += 1;
      lastSkippedMs = at;
    } else {
      onTime.push(at);
    }
    at = cursor.next(at);
  }

  if (policy === 'run-latest' && lastSkippedMs !== null) {
    const produce = [lastSkippedMs, ...onTime];
    return { produce, skipped: skipped - 1, lastSkippedMs: null, nextMs: at };
  }

  return { produce: onTime, skipped, lastSkippedMs, nextMs: at };
}
