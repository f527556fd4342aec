import { validateCron, validateTimeZone, type CronCursor } from '../../../shared/cron.js';
import { fail } from '../../../shared/result.js';
import { scheduleCursor } from '../../../shared/schedule.js';
import { createScheduleStore } from '../../scheduler/schedule-store.js';
import { withSession, type CommonOptions } from '../context.js';
import { CliFailure, printRows } from '../output.js';

function localTime(ms: number, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';

  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;

  return `${date} ${time} ${get('timeZoneName')}`;
}

function nextTimes(cursor: CronCursor, afterMs: number, count: number): number[] {
  const times: number[] = [];
  for (let at = cursor.next(afterMs); at !== null && times.length < count; at = cursor.next(at)) {
    times.push(at);
  }

  return times;
}

/** Prints the next fire times of a stored schedule or of `--cron` in the zone and in UTC. */
export async function previewSchedule(
  id: string | undefined,
  flags: CommonOptions & { cron?: string; tz?: string; count: number },
): Promise<void> {
  let cron = flags.cron;
  let tz = flags.tz ?? 'UTC';
  let offsetMs = 0;
  if (id !== undefined) {
    const stored = await withSession(flags, async (s) => {
      const store = createScheduleStore(s.client, s.keys, s.log);
      return s.call(store.get(id), 'reading the schedule');
    });
    if (!stored) throw new CliFailure(fail('NOT_FOUND', `schedule "${id}" does not exist`));
    cron = stored.cron;
    tz = stored.tz;
    offsetMs = stored.offsetMs;
  }
  if (cron === undefined) {
    throw new CliFailure(fail('BAD_REQUEST', 'preview needs a schedule id or --cron <expr>'));
  }
  const problem = validateCron(cron) ?? validateTimeZone(tz);
  if (problem) throw new CliFailure(fail('BAD_REQUEST', problem));

  // A stored schedule fires its offset after each cron time (a spread rule's evaluations).
  const times = nextTimes(scheduleCursor({ cron, tz, offsetMs }), Date.now(), flags.count);
  printRows(
    times,
    [
      { header: `LOCAL (${tz})`, value: (t) => localTime(t, tz) },
      { header: 'UTC', value: (t) => new Date(t).toISOString() },
    ],
    flags.json ?? false,
    {
      cron,
      tz,
      offsetMs,
      times: times.map((t) => ({
        utc: new Date(t).toISOString(),
        local: localTime(t, tz),
        epochMs: t,
      })),
    },
  );
}
