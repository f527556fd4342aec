import { createCursor, type CronCursor } from './cron/cursor.js';
import { parseCron } from './cron/parse.js';

export type { CronCursor } from './cron/cursor.js';
export { MAX_CRON_LENGTH } from './cron/parse.js';
export { validateTimeZone } from './cron/time-zone.js';

/**
 * Null when `expression` is a valid 5-field (minute hour day month weekday) or 6-field (second
 * first) expression or one of @yearly @annually @monthly @weekly @daily @hourly, else a message
 * naming the field and what was expected.
 */
export function validateCron(expression: string): string | null {
  const parsed = parseCron(expression);
  return typeof parsed === 'string' ? parsed : null;
}

/** Compiles an expression for one IANA zone; throws on an invalid one (validate both first). */
export function compileCron(expression: string, tz: string): CronCursor {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') throw new Error(parsed);

  return createCursor(parsed, tz);
}

/** The next `count` fire times strictly after `afterMs`, in epoch ms; fewer when none are left. */
export function nextFireTimes(
  expression: string,
  tz: string,
  afterMs: number,
  count: number,
): number[] {
  const cursor = compileCron(expression, tz);
  const times: number[] = [];

  for (let at = cursor.next(afterMs); at !== null && times.length < count; at = cursor.next(at)) {
    times.push(at);
  }

  return times;
}
