// Placeholder signatures; the strict validator and DST-correct cursor replace these bodies.
import { CronExpressionParser } from 'cron-parser';

/** A compiled cron expression in one IANA zone. */
export interface CronCursor {
  /** The first fire time strictly after `afterMs` (epoch ms), or null when there is none. */
  next(afterMs: number): number | null;
}

/** Null when `expression` is a valid 5- or 6-field cron expression, else what is wrong. */
export function validateCron(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `cron "${expression}" has ${fields.length} fields; expected 5 (minute hour day month weekday) or 6 (second first)`;
  }

  return null;
}

/** Null when `tz` is an IANA time zone this runtime knows, else what is wrong. */
export function validateTimeZone(tz: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return null;
  } catch {
    return `time zone "${tz}" is not a known IANA zone; expected a name such as "Europe/Berlin" or "UTC"`;
  }
}

/** Compiles a valid expression; throws on an invalid one (validate first). */
export function compileCron(expression: string, tz: string): CronCursor {
  return {
    next(afterMs) {
      const it = CronExpressionParser.parse(expression, { tz, currentDate: new Date(afterMs) });
      return it.next().getTime();
    },
  };
}

/** The next `count` fire times strictly after `afterMs`, in epoch ms. */
export function nextFireTimes(
  expression: string,
  tz: string,
  afterMs: number,
  count: number,
): number[] {
  const cursor = compileCron(expression, tz);
  const out: number[] = [];
  let at = afterMs;
  while (out.length < count) {
    const next = cursor.next(at);
    if (next === null) break;
    out.push(next);
    at = next;
  }

  return out;
}
