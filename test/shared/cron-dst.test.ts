import { describe, expect, it } from 'vitest';
import { compileCron, nextFireTimes } from '../../shared/cron.js';

// Expected times are written in local time with the offset in force, which names one instant
// and shows the wall clock; both sides are compared as UTC ISO strings. Rule: docs/dst.md.

function fires(expression: string, tz: string, afterIso: string, count: number): string[] {
  const times = nextFireTimes(expression, tz, Date.parse(afterIso), count);
  return times.map((ms) => new Date(ms).toISOString());
}

function utc(localIsoTimes: string[]): string[] {
  return localIsoTimes.map((iso) => new Date(iso).toISOString());
}

describe('compileCron across daylight-saving changes', () => {
  describe('when Europe/Berlin springs forward on 2026-03-29 (02:00 CET becomes 03:00 CEST)', () => {
    it('fires a fixed 02:30 once, at 03:00 CEST', () => {
      expect(fires('30 2 * * *', 'Europe/Berlin', '2026-03-28T00:00:00Z', 3)).toEqual(
        utc([
          '2026-03-28T02:30:00+01:00',
          '2026-03-29T03:00:00+02:00',
          '2026-03-30T02:30:00+02:00',
        ]),
      );
    });

    it('fires several skipped fixed times once, at 03:00 CEST', () => {
      expect(fires('0,30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 3)).toEqual(
        utc([
          '2026-03-29T03:00:00+02:00',
          '2026-03-30T02:00:00+02:00',
          '2026-03-30T02:30:00+02:00',
        ]),
      );
    });

    it('fires every 30 minutes with no tick in the skipped hour', () => {
      expect(fires('*/30 * * * *', 'Europe/Berlin', '2026-03-29T00:00:00Z', 4)).toEqual(
        utc([
          '2026-03-29T01:30:00+01:00',
          '2026-03-29T03:00:00+02:00',
          '2026-03-29T03:30:00+02:00',
          '2026-03-29T04:00:00+02:00',
        ]),
      );
    });

    it('fires hourly with no tick in the skipped hour', () => {
      expect(fires('0 * * * *', 'Europe/Berlin', '2026-03-28T23:30:00Z', 3)).toEqual(
        utc([
          '2026-03-29T01:00:00+01:00',
          '2026-03-29T03:00:00+02:00',
          '2026-03-29T04:00:00+02:00',
        ]),
      );
    });
  });

  describe('when Europe/Berlin falls back on 2026-10-25 (03:00 CEST becomes 02:00 CET)', () => {
    it('fires a fixed 02:30 once, in the first pass', () => {
      expect(fires('30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual(
        utc([
          '2026-10-24T02:30:00+02:00',
          '2026-10-25T02:30:00+02:00',
          '2026-10-26T02:30:00+01:00',
        ]),
      );
    });

    it('does not fire a fixed 02:30 again from inside the second pass', () => {
      const cursor = compileCron('30 2 * * *', 'Europe/Berlin');

      expect(
        new Date(cursor.next(Date.parse('2026-10-25T02:10:00+01:00')) ?? 0).toISOString(),
      ).toBe(new Date('2026-10-26T02:30:00+01:00').toISOString());
    });

    it('fires every 30 minutes through both passes at distinct instants', () => {
      const times = fires('*/30 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', 6);

      expect(times).toEqual(
        utc([
          '2026-10-25T02:00:00+02:00',
          '2026-10-25T02:30:00+02:00',
          '2026-10-25T02:00:00+01:00',
          '2026-10-25T02:30:00+01:00',
          '2026-10-25T03:00:00+01:00',
          '2026-10-25T03:30:00+01:00',
        ]),
      );
      const gapsMs = times
        .slice(1)
        .map((iso, index) => Date.parse(iso) - Date.parse(times[index] ?? ''));
      expect(gapsMs).toEqual([1_800_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000]);
    });

    it('fires hourly in both passes', () => {
      expect(fires('0 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', 4)).toEqual(
        utc([
          '2026-10-25T02:00:00+02:00',
          '2026-10-25T02:00:00+01:00',
          '2026-10-25T03:00:00+01:00',
          '2026-10-25T04:00:00+01:00',
        ]),
      );
    });
  });

  describe('when America/New_York springs forward on 2026-03-08 (02:00 EST becomes 03:00 EDT)', () => {
    it('fires a fixed 02:30 once, at 03:00 EDT', () => {
      expect(fires('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual(
        utc(['2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00']),
      );
    });

    it('fires every 30 minutes with no tick in the skipped hour', () => {
      expect(fires('*/30 * * * *', 'America/New_York', '2026-03-08T06:00:00Z', 4)).toEqual(
        utc([
          '2026-03-08T01:30:00-05:00',
          '2026-03-08T03:00:00-04:00',
          '2026-03-08T03:30:00-04:00',
          '2026-03-08T04:00:00-04:00',
        ]),
      );
    });

    it('fires hourly with no tick in the skipped hour', () => {
      expect(fires('0 * * * *', 'America/New_York', '2026-03-08T05:30:00Z', 3)).toEqual(
        utc([
          '2026-03-08T01:00:00-05:00',
          '2026-03-08T03:00:00-04:00',
          '2026-03-08T04:00:00-04:00',
        ]),
      );
    });
  });

  describe('when America/New_York falls back on 2026-11-01 (02:00 EDT becomes 01:00 EST)', () => {
    it('fires a fixed 01:30 once, in the first pass', () => {
      expect(fires('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 3)).toEqual(
        utc([
          '2026-11-01T01:30:00-04:00',
          '2026-11-02T01:30:00-05:00',
          '2026-11-03T01:30:00-05:00',
        ]),
      );
    });

    it('fires a fixed 02:30, which is not repeated, once', () => {
      expect(fires('30 2 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual(
        utc(['2026-11-01T02:30:00-05:00', '2026-11-02T02:30:00-05:00']),
      );
    });

    it('fires every 30 minutes through both passes', () => {
      expect(fires('*/30 * * * *', 'America/New_York', '2026-11-01T04:45:00Z', 5)).toEqual(
        utc([
          '2026-11-01T01:00:00-04:00',
          '2026-11-01T01:30:00-04:00',
          '2026-11-01T01:00:00-05:00',
          '2026-11-01T01:30:00-05:00',
          '2026-11-01T02:00:00-05:00',
        ]),
      );
    });

    it('fires hourly in both passes', () => {
      expect(fires('0 * * * *', 'America/New_York', '2026-11-01T04:45:00Z', 3)).toEqual(
        utc([
          '2026-11-01T01:00:00-04:00',
          '2026-11-01T01:00:00-05:00',
          '2026-11-01T02:00:00-05:00',
        ]),
      );
    });
  });

  describe('when Australia/Lord_Howe falls back 30 minutes on 2026-04-05 (02:00 becomes 01:30)', () => {
    it('fires a fixed 02:30, which is not repeated, once', () => {
      expect(fires('30 2 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 2)).toEqual(
        utc(['2026-04-05T02:30:00+10:30', '2026-04-06T02:30:00+10:30']),
      );
    });

    it('fires a fixed 01:45, which is repeated, once in the first pass', () => {
      expect(fires('45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 2)).toEqual(
        utc(['2026-04-05T01:45:00+11:00', '2026-04-06T01:45:00+10:30']),
      );
    });

    it('fires every 30 minutes through both passes of 01:30', () => {
      expect(fires('*/30 * * * *', 'Australia/Lord_Howe', '2026-04-04T13:00:00Z', 6)).toEqual(
        utc([
          '2026-04-05T00:30:00+11:00',
          '2026-04-05T01:00:00+11:00',
          '2026-04-05T01:30:00+11:00',
          '2026-04-05T01:30:00+10:30',
          '2026-04-05T02:00:00+10:30',
          '2026-04-05T02:30:00+10:30',
        ]),
      );
    });

    it('fires hourly on the wall clock, 90 real minutes apart across the change', () => {
      expect(fires('0 * * * *', 'Australia/Lord_Howe', '2026-04-04T12:30:00Z', 4)).toEqual(
        utc([
          '2026-04-05T00:00:00+11:00',
          '2026-04-05T01:00:00+11:00',
          '2026-04-05T02:00:00+10:30',
          '2026-04-05T03:00:00+10:30',
        ]),
      );
    });
  });

  describe('when Australia/Lord_Howe springs forward 30 minutes on 2026-10-04 (02:00 becomes 02:30)', () => {
    it('fires a fixed 02:30, which exists, at 02:30', () => {
      expect(fires('30 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 2)).toEqual(
        utc(['2026-10-04T02:30:00+11:00', '2026-10-05T02:30:00+11:00']),
      );
    });

    it('fires a skipped fixed 02:00 once, at 02:30', () => {
      expect(fires('0 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 2)).toEqual(
        utc(['2026-10-04T02:30:00+11:00', '2026-10-05T02:00:00+11:00']),
      );
    });

    it('fires every 30 minutes with no tick in the skipped half hour', () => {
      expect(fires('*/30 * * * *', 'Australia/Lord_Howe', '2026-10-03T14:00:00Z', 5)).toEqual(
        utc([
          '2026-10-04T01:00:00+10:30',
          '2026-10-04T01:30:00+10:30',
          '2026-10-04T02:30:00+11:00',
          '2026-10-04T03:00:00+11:00',
          '2026-10-04T03:30:00+11:00',
        ]),
      );
    });

    it('fires hourly with no tick at the skipped 02:00', () => {
      expect(fires('0 * * * *', 'Australia/Lord_Howe', '2026-10-03T13:00:00Z', 3)).toEqual(
        utc([
          '2026-10-04T00:00:00+10:30',
          '2026-10-04T01:00:00+10:30',
          '2026-10-04T03:00:00+11:00',
        ]),
      );
    });
  });

  describe('when the expression has a seconds field', () => {
    it('fires every 20 seconds through the repeated hour in America/New_York', () => {
      expect(fires('*/20 * * * * *', 'America/New_York', '2026-11-01T05:59:00Z', 5)).toEqual(
        utc([
          '2026-11-01T01:59:20-04:00',
          '2026-11-01T01:59:40-04:00',
          '2026-11-01T01:00:00-05:00',
          '2026-11-01T01:00:20-05:00',
          '2026-11-01T01:00:40-05:00',
        ]),
      );
    });

    it('fires a skipped fixed 02:30:15 once, at 03:00:00 CEST in Europe/Berlin', () => {
      expect(fires('15 30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual(
        utc(['2026-03-29T03:00:00+02:00', '2026-03-30T02:30:15+02:00']),
      );
    });

    it('fires a fixed 01:30:45 once, in the first pass, in America/New_York', () => {
      expect(fires('45 30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual(
        utc(['2026-11-01T01:30:45-04:00', '2026-11-02T01:30:45-05:00']),
      );
    });
  });

  describe('when the clock jumps at midnight (America/Havana on 2026-03-08)', () => {
    it('fires @daily at 01:00, the first instant of the day', () => {
      expect(fires('@daily', 'America/Havana', '2026-03-07T12:00:00Z', 2)).toEqual(
        utc(['2026-03-08T01:00:00-04:00', '2026-03-09T00:00:00-04:00']),
      );
    });
  });
});
