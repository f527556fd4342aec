import { compileCron } from '../../../shared/cron.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import {
  MAX_REPLAY_TICKS,
  REPLAY_STALENESS_MS,
  type ReplayWindow,
} from '../../../shared/alerting/replay.js';
import { MAX_RANGE_POINTS } from '../../../shared/alerting/source.js';
import { fail, ok, type Result } from '../../../shared/result.js';

/** The evaluation ticks of a replay, epoch ms ascending; warm-up ticks come first. */
export interface TickPlan {
  times: number[];
  /** Index of the first tick at or after the window's fromMs. */
  firstInWindow: number;
}

// Range-query steps to fall back to when the ticks' own spacing gives too many points; each
// divides the next whole minute or hour, so samples stay on whole-minute ticks where possible.
const QUERY_STEPS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The Rule's cron ticks from one pending period (forMs) before the window to its end: the
 * scheduler evaluates a Rule on exactly these ticks (`spread` is not applied by it either).
 * With `stepMs`, a tick closer than that to the previous replayed one is skipped, so a long
 * window can be replayed coarsely (the pending period is then checked at fewer ticks); the
 * window's ticks start from its first cron tick, whatever the warm-up's spacing.
 */
export function planTicks(rule: Rule, window: ReplayWindow): Result<TickPlan> {
  const { cron, tz } = rule.evaluate;
  let cursor: ReturnType<typeof compileCron>;
  try {
    cursor = compileCron(cron, tz);
  } catch (error) {
    return fail('BAD_REQUEST', `rule "${rule.id}": ${(error as Error).message}`);
  }

  const startMs = Math.max(0, window.fromMs - rule.forMs);
  const times: number[] = [];
  const walk = (fromMs: number, untilMs: number): boolean => {
    // Cron ticks are whole seconds, so next(t - 1) is the first tick at or after t.
    for (let at = cursor.next(fromMs - 1); at !== null && at <= untilMs;) {
      times.push(at);
      if (times.length > MAX_REPLAY_TICKS) return false;
      at = cursor.next(window.stepMs === undefined ? at : at + window.stepMs - 1);
    }

    return true;
  };
  const isWithinBound =
    (startMs === window.fromMs || walk(startMs, window.fromMs - 1)) &&
    walk(window.fromMs, window.toMs);
  if (!isWithinBound) {
    const stepMs = Math.ceil((window.toMs - startMs) / MAX_REPLAY_TICKS / 1_000) * 1_000;
    return fail(
      'BAD_REQUEST',
      `cron "${cron}" ticks more than ${MAX_REPLAY_TICKS} times from ${iso(startMs)} to ` +
        `${iso(window.toMs)} (the window plus forMs); narrow the window or set stepMs to ` +
        `at least ${stepMs}`,
    );
  }

  const firstInWindow = times.findIndex((at) => at >= window.fromMs);
  return ok({ times, firstInWindow: firstInWindow < 0 ? times.length : firstInWindow });
}

/**
 * The one range query that feeds every tick: from a staleness window before the first tick
 * to the window's end. Its step is the ticks' smallest spacing capped at one minute, aligned
 * so that samples of a stepped source (Prometheus) fall on whole-minute or whole-second ticks
 * and each tick sees what an instant query would; when that exceeds MAX_RANGE_POINTS the step
 * grows, up to the staleness window, and ticks then see samples up to one step old.
 */
export function planRangeQuery(
  times: readonly number[],
  toMs: number,
): Result<{ fromMs: number; toMs: number; stepMs: number }> {
  const first = times[0] ?? toMs;
  let gapMs = 60_000;
  let previousMs: number | undefined;
  for (const at of times) {
    if (previousMs !== undefined) gapMs = Math.min(gapMs, at - previousMs);
    previousMs = at;
  }

  const candidates = [gapMs, ...QUERY_STEPS_MS.filter((s) => s > gapMs)];
  for (const stepMs of candidates) {
    const fromMs = Math.max(0, Math.floor((first - REPLAY_STALENESS_MS) / stepMs) * stepMs);
    if (Math.floor((toMs - fromMs) / stepMs) + 1 <= MAX_RANGE_POINTS) {
      return ok({ fromMs, toMs, stepMs });
    }
  }

  const maxDays = Math.floor(((MAX_RANGE_POINTS - 1) * REPLAY_STALENESS_MS) / 86_400_000);
  return fail(
    'BAD_REQUEST',
    `from ${iso(first)} to ${iso(toMs)} is too long for one range query with samples at most ` +
      `${REPLAY_STALENESS_MS / 60_000} min apart; replay at most ${maxDays} days at a time`,
  );
}
