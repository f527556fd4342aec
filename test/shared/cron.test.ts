import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { compileCron, nextFireTimes, validateCron, validateTimeZone } from '../../shared/cron.js';

const FIVE =
  'expected 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)';
const FORMS = 'a range a-b, a step */n, a-b/n or a/n, or a comma list of these';
const MINUTES = `expected *, 0-59, ${FORMS}`;
const DAYS = `expected *, 1-31, ${FORMS}`;
const WEEKDAYS = `expected *, 0-7 (0 and 7 are Sunday) or SUN-SAT, ${FORMS}`;
const ZONES = 'expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"';

/** Fire times as UTC ISO strings, for readable failures. */
function fires(expression: string, tz: string, afterIso: string, count: number): string[] {
  const times = nextFireTimes(expression, tz, Date.parse(afterIso), count);
  return times.map((ms) => new Date(ms).toISOString());
}

describe('validateCron', () => {
  describe('when the expression is standard cron', () => {
    it.each([
      '0 9 * * *',
      '*/15 * * * *',
      '0 0 1 1 *',
      '0 9 * * MON-FRI',
      '0 9 * jan,Jul sun',
      '30 8-18/2 * * 1-5',
      '5/15 * * * *',
      '0 12 1,15 * 5',
      '0 0 * * 7',
      '0 0 * * 5-7',
      '0 0 29 2 *',
      '0 0 31 1-12 *',
      '0 0 30 2 1',
      '0 0 */30 * *',
      '*/59 * * * *',
      '*/10 * * * * *',
      '0 30 2 * * *',
      '  0 9 * * *  ',
      '0\t9\t*\t*\t*',
      '@daily',
      '@annually',
      '@HOURLY',
    ])('accepts %j', (expression) => {
      expect(validateCron(expression)).toBeNull();
    });
  });

  describe('when the expression is wrong', () => {
    it.each([
      ['0 9 * *', `cron "0 9 * *" has 4 fields; ${FIVE}`],
      ['0 9 * * 1 2 3', `cron "0 9 * * 1 2 3" has 7 fields; ${FIVE}`],
      ['', `cron "" has 0 fields; ${FIVE}`],
      ['   ', `cron "" has 0 fields; ${FIVE}`],
      ['2026-01-01', `cron "2026-01-01" looks like a date, not a cron expression; ${FIVE} fields`],
      [
        '2026-01-01 10:00:00',
        `cron "2026-01-01 10:00:00" looks like a date, not a cron expression; ${FIVE} fields`,
      ],
      ['0 25 * * *', 'cron "0 25 * * *": hour field "25" is out of range; expected 0-23'],
      ['60 * * * *', 'cron "60 * * * *": minute field "60" is out of range; expected 0-59'],
      ['0 0 0 * *', 'cron "0 0 0 * *": day field "0" is out of range; expected 1-31'],
      ['0 0 * 13 *', 'cron "0 0 * 13 *": month field "13" is out of range; expected 1-12'],
      ['0 0 * * 8', 'cron "0 0 * * 8": weekday field "8" is out of range; expected 0-7'],
      [
        '0 1,24 * * *',
        'cron "0 1,24 * * *": hour field "1,24": "24" is out of range; expected 0-23',
      ],
      ['60 0 9 * * *', 'cron "60 0 9 * * *": second field "60" is out of range; expected 0-59'],
      ['*/0 * * * *', 'cron "*/0 * * * *": minute field "*/0" has step 0; expected a step of 1-59'],
      [
        '*/60 * * * *',
        'cron "*/60 * * * *": minute field "*/60" has step 60; expected a step of 1-59',
      ],
      [
        '0 0-23/24 * * *',
        'cron "0 0-23/24 * * *": hour field "0-23/24" has step 24; expected a step of 1-23',
      ],
      [
        '59/1 * * * *',
        'cron "59/1 * * * *": minute field "59/1" steps over a single value; expected a wider range',
      ],
      [
        '5-1 * * * *',
        'cron "5-1 * * * *": minute field "5-1" is a reversed range; expected a-b with a <= b',
      ],
      [
        '0 9 * * FRI-MON',
        'cron "0 9 * * FRI-MON": weekday field "FRI-MON" is a reversed range; expected a-b with a <= b',
      ],
      [
        '1,,2 * * * *',
        'cron "1,,2 * * * *": minute field "1,,2" has an empty list item; expected values separated by single commas',
      ],
      [
        ',5 * * * *',
        'cron ",5 * * * *": minute field ",5" has an empty list item; expected values separated by single commas',
      ],
      [
        '0 9 * * 1,',
        'cron "0 9 * * 1,": weekday field "1," has an empty list item; expected values separated by single commas',
      ],
      ['0 0 L * *', `cron "0 0 L * *": day field "L" uses non-standard "L" (last); ${DAYS}`],
      [
        '0 0 * * 5L',
        `cron "0 0 * * 5L": weekday field "5L" uses non-standard "L" (last); ${WEEKDAYS}`,
      ],
      [
        '0 0 15W * *',
        `cron "0 0 15W * *": day field "15W" uses non-standard "W" (nearest weekday); ${DAYS}`,
      ],
      [
        '0 0 * * 1#2',
        `cron "0 0 * * 1#2": weekday field "1#2" uses non-standard "#" (nth weekday); ${WEEKDAYS}`,
      ],
      ['0 0 ? * 1', `cron "0 0 ? * 1": day field "?" uses non-standard "?" (any); ${DAYS}`],
      [
        'H * * * *',
        `cron "H * * * *": minute field "H" uses non-standard "H" (hashed value); ${MINUTES}`,
      ],
      [
        '5x * * * *',
        `cron "5x * * * *": minute field "5x" is not a value, range or step; ${MINUTES}`,
      ],
      [
        '1.5 * * * *',
        `cron "1.5 * * * *": minute field "1.5" is not a value, range or step; ${MINUTES}`,
      ],
      [
        '0 9 * * 1-5 extra',
        `cron "0 9 * * 1-5 extra": weekday field "extra" is not a value, range or step; ${WEEKDAYS}`,
      ],
      [
        '0 9 * FOO *',
        'cron "0 9 * FOO *": month field "FOO" is not a month name; expected JAN-DEC or 1-12',
      ],
      ['MON 9 * * *', `cron "MON 9 * * *": minute field "MON" is not a number; ${MINUTES}`],
      [
        '*,5 * * * *',
        'cron "*,5 * * * *": minute field "*,5": "*" cannot be part of a list; expected "*" or "*/n" alone',
      ],
      [
        '1-5,3 * * * *',
        'cron "1-5,3 * * * *": minute field "1-5,3" lists 3 more than once; expected each value once',
      ],
      [
        '0 9 * * 1/2',
        'cron "0 9 * * 1/2": weekday field "1/2" uses a/n, which is ambiguous for weekdays; expected a-b/n such as 1-5/2',
      ],
      ['0 0 30 2 *', 'cron "0 0 30 2 *" never fires: month field "2" has no day "30"'],
      ['0 0 31 4 *', 'cron "0 0 31 4 *" never fires: month field "4" has no day "31"'],
      [
        '0 0 31 4,6,9,11 *',
        'cron "0 0 31 4,6,9,11 *" never fires: month field "4,6,9,11" has no day "31"',
      ],
      [
        '@reboot',
        'cron "@reboot" is not a supported macro; expected @yearly, @annually, @monthly, @weekly, @daily, @hourly',
      ],
      [`${'1,'.repeat(300)}2 * * * *`, 'cron is 609 characters long; expected at most 512'],
    ])('rejects %j with a message naming the problem', (expression, message) => {
      expect(validateCron(expression)).toBe(message);
    });
  });
});

describe('validateTimeZone', () => {
  describe('when the zone is an IANA name', () => {
    it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'US/Eastern'])(
      'accepts %j',
      (tz) => {
        expect(validateTimeZone(tz)).toBeNull();
      },
    );
  });

  describe('when the zone is not an IANA name', () => {
    it.each([
      ['', `time zone is empty; ${ZONES}`],
      ['+02:00', `time zone "+02:00" is an abbreviation or offset, not an IANA name; ${ZONES}`],
      ['UTC+2', `time zone "UTC+2" is an abbreviation or offset, not an IANA name; ${ZONES}`],
      ['EST', `time zone "EST" is an abbreviation or offset, not an IANA name; ${ZONES}`],
      ['CET', `time zone "CET" is an abbreviation or offset, not an IANA name; ${ZONES}`],
      ['GMT', `time zone "GMT" is an abbreviation or offset, not an IANA name; ${ZONES}`],
      ['Mars/Olympus', `time zone "Mars/Olympus" is not a known IANA zone; ${ZONES}`],
      ['Europe/Berlin ', `time zone "Europe/Berlin " is not a known IANA zone; ${ZONES}`],
      [
        'europe/berlin',
        'time zone "europe/berlin" is spelled differently in IANA; expected "Europe/Berlin"',
      ],
    ])('rejects %j with a message giving an example', (tz, message) => {
      expect(validateTimeZone(tz)).toBe(message);
    });
  });
});

describe('compileCron', () => {
  describe('when asked for the next fire time', () => {
    const cursor = compileCron('0 9 * * *', 'UTC');
    const nineAm = Date.parse('2026-05-04T09:00:00Z');

    it('returns a fire time strictly after the given instant', () => {
      expect(cursor.next(nineAm)).toBe(Date.parse('2026-05-05T09:00:00Z'));
    });

    it('returns the fire time itself from just before it', () => {
      expect(cursor.next(nineAm - 1)).toBe(nineAm);
      expect(cursor.next(nineAm - 999.5)).toBe(nineAm);
    });

    it('throws a RangeError for an instant that is not a number', () => {
      expect(() => cursor.next(Number.NaN)).toThrow(RangeError);
    });
  });

  describe('when the expression is invalid', () => {
    it('throws the validation message', () => {
      expect(() => compileCron('0 9 * *', 'UTC')).toThrow(`cron "0 9 * *" has 4 fields; ${FIVE}`);
    });
  });

  describe('when the zone is invalid', () => {
    it('throws the validation message', () => {
      expect(() => compileCron('0 9 * * *', 'EST')).toThrow(
        `time zone "EST" is an abbreviation or offset, not an IANA name; ${ZONES}`,
      );
    });
  });

  describe('when day and weekday are both restricted', () => {
    it('fires on days matching either field', () => {
      expect(fires('0 0 1 * MON', 'UTC', '2026-02-01T00:00:00Z', 5)).toEqual([
        '2026-02-02T00:00:00.000Z',
        '2026-02-09T00:00:00.000Z',
        '2026-02-16T00:00:00.000Z',
        '2026-02-23T00:00:00.000Z',
        '2026-03-01T00:00:00.000Z',
      ]);
    });
  });

  describe('when the expression fires only on 29 February', () => {
    it('skips the year 2100, which is not a leap year', () => {
      expect(fires('0 0 29 2 *', 'UTC', '2096-03-01T00:00:00Z', 1)).toEqual([
        '2104-02-29T00:00:00.000Z',
      ]);
    });
  });

  describe('when the weekday is 7', () => {
    it('fires on Sunday', () => {
      expect(fires('0 12 * * 7', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
        '2026-01-04T12:00:00.000Z',
        '2026-01-11T12:00:00.000Z',
      ]);
    });
  });
});

describe('nextFireTimes', () => {
  describe('when the zone is UTC', () => {
    it('lists the next five weekday mornings', () => {
      expect(fires('0 9 * * MON-FRI', 'UTC', '2026-01-01T00:00:00Z', 5)).toEqual([
        '2026-01-01T09:00:00.000Z',
        '2026-01-02T09:00:00.000Z',
        '2026-01-05T09:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
        '2026-01-07T09:00:00.000Z',
      ]);
    });
  });

  describe('when the zone has daylight saving', () => {
    it('keeps local midnight on the 1st as the offset changes', () => {
      expect(fires('0 0 1 * *', 'Europe/Berlin', '2026-01-15T00:00:00Z', 5)).toEqual([
        '2026-01-31T23:00:00.000Z',
        '2026-02-28T23:00:00.000Z',
        '2026-03-31T22:00:00.000Z',
        '2026-04-30T22:00:00.000Z',
        '2026-05-31T22:00:00.000Z',
      ]);
    });
  });

  describe('when the expression has a seconds field', () => {
    it('lists five fire times seconds apart', () => {
      expect(fires('*/15 * * * * *', 'Asia/Kolkata', '2026-06-01T10:00:50Z', 5)).toEqual([
        '2026-06-01T10:01:00.000Z',
        '2026-06-01T10:01:15.000Z',
        '2026-06-01T10:01:30.000Z',
        '2026-06-01T10:01:45.000Z',
        '2026-06-01T10:02:00.000Z',
      ]);
    });
  });
});

describe('the cursor against cron-parser', () => {
  // Away from DST changes the two must agree on what every field means.
  describe('when the zone is UTC', () => {
    it.each([
      '*/7 * * * *',
      '0 9 * * MON-FRI',
      '15,45 8-18/2 * * 1-5',
      '5/15 * * * *',
      '0 0 1,15 * 5',
      '0 12 * JAN,JUL SUN',
      '0 0 29 2 *',
      '*/20 */3 * * * *',
      '0 0 * * 5-7',
      '30 23 31 * *',
      '0 6-18/4 */2 * *',
    ])('agrees on the next 12 fire times of %j', (expression) => {
      const afterMs = Date.parse('2026-01-01T00:00:00Z');
      const iterator = CronExpressionParser.parse(expression, {
        tz: 'UTC',
        currentDate: new Date(afterMs),
      });
      const expected = iterator.take(12).map((date) => date.getTime());

      expect(nextFireTimes(expression, 'UTC', afterMs, 12)).toEqual(expected);
    });
  });
});
