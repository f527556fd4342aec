import { describe, expect, it } from 'vitest';
import { compileCron } from '../../shared/cron.js';
import { DAY, HOUR, MINUTE, MONTH, WEEKDAY, parseField } from '../../shared/cron/fields.js';

// A slow, obvious second implementation of the DST rule in docs/dst.md: it reads the wall clock
// of every minute through Intl instead of working with offsets, then compares with the cursor.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const WINDOW_MS = 12 * HOUR_MS;

/** The wall clock of `tz` at an instant, as UTC ms; remembered, since Intl is slow. */
function wallClockOf(tz: string): (ms: number) => number {
  const known = new Map<number, number>();
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });

  return (ms) => {
    let wallMs = known.get(ms);
    if (wallMs === undefined) {
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(ms)) parts[part.type] = Number(part.value);
      const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
      wallMs = Date.UTC(year, month - 1, day, hour, minute);
      known.set(ms, wallMs);
    }
    return wallMs;
  };
}

/** Whether a wall-clock minute (written as UTC ms) matches a five-field expression. */
function matcherOf(expression: string): (wallMs: number) => boolean {
  const texts = expression.split(' ');
  const [minutes, hours, days, months, weekdays] = [MINUTE, HOUR, DAY, MONTH, WEEKDAY].map(
    (field, index) => {
      const parsed = parseField(field, texts[index] ?? '');
      if ('problem' in parsed) throw new Error(parsed.problem);
      return new Set(parsed.values.map((value) => (field === WEEKDAY ? value % 7 : value)));
    },
  );
  const isEither = texts[2] !== '*' && texts[4] !== '*';

  return (wallMs) => {
    const wall = new Date(wallMs);
    const isDay = days?.has(wall.getUTCDate()) ?? false;
    const isWeekday = weekdays?.has(wall.getUTCDay()) ?? false;

    return (
      (minutes?.has(wall.getUTCMinutes()) ?? false) &&
      (hours?.has(wall.getUTCHours()) ?? false) &&
      (months?.has(wall.getUTCMonth() + 1) ?? false) &&
      (isEither ? isDay || isWeekday : isDay && isWeekday)
    );
  };
}

/** Fire times in [fromMs, toMs] by brute force. */
function referenceTimes(
  expression: string,
  wallClock: (ms: number) => number,
  fromMs: number,
  toMs: number,
): number[] {
  const isMatch = matcherOf(expression);
  const hour = expression.split(' ')[1] ?? '';

  if (hour === '*' || hour.startsWith('*/')) {
    const times: number[] = [];
    for (let ms = fromMs; ms <= toMs; ms += MINUTE_MS) if (isMatch(wallClock(ms))) times.push(ms);
    return times;
  }

  // Fixed time: each matching wall-clock minute fires at the first instant showing it, or, when
  // no instant shows it, at the first instant showing a later wall-clock time.
  const instants: [number, number][] = [];
  for (let ms = fromMs - WINDOW_MS; ms <= toMs + WINDOW_MS; ms += MINUTE_MS) {
    instants.push([ms, wallClock(ms)]);
  }
  const times = new Set<number>();
  for (
    let wallMs = wallClock(fromMs) - 3 * HOUR_MS;
    wallMs <= wallClock(toMs);
    wallMs += MINUTE_MS
  ) {
    if (!isMatch(wallMs)) continue;
    const instant =
      instants.find(([, wall]) => wall === wallMs) ?? instants.find(([, wall]) => wall > wallMs);
    if (instant && instant[0] >= fromMs && instant[0] <= toMs) times.add(instant[0]);
  }
  return [...times].sort((a, b) => a - b);
}

/** Instants in 2026 where the zone's offset changes, to the hour. */
function offsetChanges(wallClock: (ms: number) => number): number[] {
  const changes: number[] = [];
  let previousMs = Date.UTC(2026, 0, 1);
  for (let ms = previousMs + HOUR_MS; ms < Date.UTC(2027, 0, 1); ms += HOUR_MS) {
    if (wallClock(ms) - ms !== wallClock(previousMs) - previousMs) changes.push(ms);
    previousMs = ms;
  }
  return changes;
}

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Chatham',
  'Europe/Dublin',
  'Antarctica/Troll',
];
const EXPRESSIONS = [
  '*/30 * * * *',
  '0 * * * *',
  '*/7 */2 * * *',
  '30 2 * * *',
  '0 0 * * *',
  '*/5 2 * * *',
  '15 1,2,3 * * *',
];

describe('the cursor against a minute-by-minute reference', () => {
  describe.each(ZONES)('when the zone is %s', (tz) => {
    const wallClock = wallClockOf(tz);
    const changes = offsetChanges(wallClock);

    it('finds two offset changes in 2026', () => {
      expect(changes).toHaveLength(2);
    });

    it.each(EXPRESSIONS)('fires %j as the reference does around each change', (expression) => {
      const cursor = compileCron(expression, tz);

      for (const changeMs of changes) {
        const [fromMs, toMs] = [changeMs - WINDOW_MS, changeMs + WINDOW_MS];
        const times: number[] = [];
        for (let at = cursor.next(fromMs - 1); at !== null && at <= toMs; at = cursor.next(at)) {
          times.push(at);
        }

        const expected = referenceTimes(expression, wallClock, fromMs, toMs);
        expect(times.map((ms) => new Date(ms).toISOString())).toEqual(
          expected.map((ms) => new Date(ms).toISOString()),
        );
      }
    });
  });
});
