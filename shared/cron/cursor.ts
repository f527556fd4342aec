import type { ParsedCron } from './parse.js';
import { WallClockMatcher } from './wall-clock.js';
import { zoneOffsets, type ZoneOffsets } from './zone-offsets.js';

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
/** How far ahead `next` looks; the rarest valid expression (29 February) recurs within 8 years. */
const HORIZON_YEARS = 10;

/** A compiled cron expression in one IANA zone. */
export interface CronCursor {
  /** The first fire time strictly after `afterMs` (epoch ms); null when none is within 10 years. */
  next(afterMs: number): number | null;
}

/**
 * Builds the cursor for a parsed expression. DST rule (docs/dst.md): interval expressions fire
 * at every instant whose wall-clock time matches; fixed-time expressions fire once per matching
 * wall-clock time, at its first occurrence, or at the end of the gap when the clock skips it.
 */
export function createCursor(cron: ParsedCron, timeZone: string): CronCursor {
  const matcher = new WallClockMatcher(cron);
  const zone = zoneOffsets(timeZone);
  const nextFire = cron.isInterval ? nextByInstant : nextByWallClock;

  return {
    next(afterMs) {
      if (!Number.isFinite(afterMs)) {
        throw new RangeError(`afterMs ${afterMs} is not a finite epoch ms`);
      }

      const fromMs = Math.floor(afterMs / SECOND_MS) * SECOND_MS + SECOND_MS;
      const lastYear = new Date(fromMs).getUTCFullYear() + HORIZON_YEARS;
      return nextFire(matcher, zone, fromMs, lastYear);
    },
  };
}

/** Interval rule: walks spans of constant offset; inside one, wall clock and UTC move together. */
function nextByInstant(
  matcher: WallClockMatcher,
  zone: ZoneOffsets,
  fromMs: number,
  lastYear: number,
): number | null {
  let spanStartMs = fromMs;
  for (;;) {
    const offsetMs = zone.offsetAt(spanStartMs);
    const wallMs = matcher.nextAtOrAfter(spanStartMs + offsetMs, lastYear);
    if (wallMs === null) return null;

    const spanEndMs = zone.nextBoundary(spanStartMs);
    if (wallMs - offsetMs < spanEndMs) return wallMs - offsetMs;
    spanStartMs = spanEndMs;
  }
}

/** Fixed-time rule: the earliest matching wall-clock time that resolves to `fromMs` or later. */
function nextByWallClock(
  matcher: WallClockMatcher,
  zone: ZoneOffsets,
  fromMs: number,
  lastYear: number,
): number | null {
  const wallMs = matcher.nextAtOrAfter(firstWallClockFrom(zone, fromMs), lastYear);
  return wallMs === null ? null : resolveWallClock(zone, wallMs);
}

/**
 * The earliest wall-clock time whose instant is `fromMs` or later. Resolution is monotonic, so
 * every later wall-clock time qualifies too.
 */
function firstWallClockFrom(zone: ZoneOffsets, fromMs: number): number {
  const change = zone.lastChange(fromMs);
  if (change) {
    const shiftMs = change.beforeMs - change.afterMs;

    // In the second pass through a repeated hour: its times already fired in the first pass.
    if (shiftMs > 0 && fromMs < change.atMs + shiftMs) return change.atMs + change.beforeMs;
    // At the instant the clock jumps forward: the skipped times resolve to this very instant.
    if (shiftMs < 0 && fromMs === change.atMs) return change.atMs + change.beforeMs;
  }

  return fromMs + zone.offsetAt(fromMs);
}

/** The instant of a wall-clock time: its first occurrence, or the end of the gap that skips it. */
function resolveWallClock(zone: ZoneOffsets, wallMs: number): number {
  // Offsets are under a day, so the offsets a day either side bracket any change near wallMs.
  const offsetBeforeMs = zone.offsetAt(wallMs - DAY_MS);
  const offsetAfterMs = zone.offsetAt(wallMs + DAY_MS);
  const earlyMs = wallMs - offsetBeforeMs;
  const lateMs = wallMs - offsetAfterMs;
  const isEarly = zone.offsetAt(earlyMs) === offsetBeforeMs;
  const isLate = zone.offsetAt(lateMs) === offsetAfterMs;

  if (isEarly && isLate) return Math.min(earlyMs, lateMs);
  if (isEarly) return earlyMs;
  if (isLate) return lateMs;

  // In a gap, earlyMs lies past the change and lateMs before it; the change is the first instant
  // after the skipped time.
  return zone.lastChange(earlyMs)?.atMs ?? earlyMs;
}
