import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  isoWeekOf,
  reportIdempotencyKey,
} from '../../../main/jobs/report-message.js';
import { NotificationSchema } from '../../../shared/alerting/notification.js';
import { REPORT_TICK } from './report-week.js';

describe('isoWeekOf', () => {
  it.each([
    ['2024-05-06T09:00:00Z', '2024-W19'],
    ['2024-05-05T23:59:59Z', '2024-W18'],
    // Sunday 3 January 2021 still belongs to the last week of 2020, which has 53.
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
  ])('puts %s in %s', (iso, week) => {
    expect(isoWeekOf(Date.parse(iso))).toBe(week);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [999, '1 s'],
    [45_000, '45 s'],
    [75 * 60_000, '1 h 15 min'],
    [2 * 3_600_000 + 5_000, '2 h'],
    [26 * 3_600_000 + 3 * 60_000, '1 d 2 h'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('reportIdempotencyKey', () => {
  describe('when the same report runs again for the same tick', () => {
    it('gives the same key, whatever the order of the Rules', () => {
      const key = reportIdempotencyKey(
        { channelIds: ['a'], ruleIds: ['x', 'y'], weeks: 1 },
        REPORT_TICK,
      );

      expect(key).toMatch(/^report-weekly\.[0-9a-f]{12}\.2024-W19\.resolved\.1714986000000$/);
      expect(
        reportIdempotencyKey({ channelIds: ['b'], ruleIds: ['y', 'x'], weeks: 1 }, REPORT_TICK),
      ).toBe(key);
      expect(NotificationSchema.shape.idempotencyKey.safeParse(key).success).toBe(true);
    });
  });

  describe('when the Rules, the weeks or the tick differ', () => {
    it('gives another key', () => {
      const key = reportIdempotencyKey({ channelIds: ['a'], weeks: 1 }, REPORT_TICK);

      expect(
        reportIdempotencyKey({ channelIds: ['a'], ruleIds: ['x'], weeks: 1 }, REPORT_TICK),
      ).not.toBe(key);
      expect(reportIdempotencyKey({ channelIds: ['a'], weeks: 2 }, REPORT_TICK)).not.toBe(key);
      expect(reportIdempotencyKey({ channelIds: ['a'], weeks: 1 }, REPORT_TICK + 1_000)).not.toBe(
        key,
      );
    });
  });
});
