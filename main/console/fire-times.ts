import type { CronCursor } from '../../shared/cron.js';
import type { FireTime } from '../../shared/api/dto.js';

// ICU names a zone's abbreviation only in locales where it is in common use (CEST in en-GB,
// EDT in en-US, AEDT in en-AU, IST in en-IN, SGT in en-SG); elsewhere it answers "GMT+2".
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-SG'] as const;
const OFFSET_NAME = /^GMT[+-]/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, found);
  }

  return found;
}

function partsOf(atMs: number, locale: string, timeZone: string): Map<string, string> {
  const parts = formatter(locale, timeZone).formatToParts(new Date(atMs));

  return new Map(parts.map((p) => [p.type, p.value]));
}

/** The zone's abbreviation at that moment (CEST, EST), or its offset (GMT+8) when it has none. */
function zoneName(atMs: number, timeZone: string): string {
  let offset = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = partsOf(atMs, locale, timeZone).get('timeZoneName') ?? '';
    if (name !== '' && !OFFSET_NAME.test(name)) return name;
    offset ||= name;
  }

  return offset;
}

/** `2026-10-25 02:30:00 CEST`: the wall-clock time in `timeZone` with its abbreviation. */
export function formatZoned(atMs: number, timeZone: string): string {
  const parts = partsOf(atMs, 'en-US', timeZone);
  const get = (type: string) => parts.get(type) ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;

  return `${date} ${time} ${zoneName(atMs, timeZone)}`;
}

/** The next `count` fire times of `cursor` after `afterMs`, each in `timeZone` and in UTC. */
export function fireTimes(
  cursor: CronCursor,
  timeZone: string,
  afterMs: number,
  count: number,
): FireTime[] {
  const times: FireTime[] = [];
  for (let at = cursor.next(afterMs); at !== null && times.length < count; at = cursor.next(at)) {
    times.push({ atMs: at, zoned: formatZoned(at, timeZone), utc: formatZoned(at, 'UTC') });
  }

  return times;
}
