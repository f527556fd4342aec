import { describe, expect, it } from 'vitest';
import { compileCron } from '../../../shared/cron.js';
import { planTicks } from '../../../main/scheduler/tick-plan.js';

const at = (iso: string) => Date.parse(iso);
const everyMinute = compileCron('* * * * *', 'UTC');

describe('planTicks', () => {
  describe('when the node is on time', () => {
    it('produces the one due tick and names the next', () => {
      const plan = planTicks(
        everyMinute,
        at('2026-05-01T10:00:00Z'),
        at('2026-05-01T10:00:00.004Z'),
        30_000,
        'skip',
      );

      expect(plan).toEqual({
        produce: [at('2026-05-01T10:00:00Z')],
        skipped: 0,
        lastSkippedMs: null,
        nextMs: at('2026-05-01T10:01:00Z'),
      });
    });
  });

  describe('when the node is late within the tolerance', () => {
    it('still produces the late tick', () => {
      const plan = planTicks(
        everyMinute,
        at('2026-05-01T10:00:00Z'),
        at('2026-05-01T10:00:25Z'),
        30_000,
        'skip',
      );

      expect(plan.produce).toEqual([at('2026-05-01T10:00:00Z')]);
      expect(plan.skipped).toBe(0);
    });
  });

  describe('when a laptop wakes after three hours', () => {
    const first = at('2026-05-01T10:00:00Z');
    const wake = at('2026-05-01T13:00:10Z');

    it('skips every missed tick under skip and produces only the on-time one', () => {
      const plan = planTicks(everyMinute, first, wake, 30_000, 'skip');

      expect(plan.produce).toEqual([at('2026-05-01T13:00:00Z')]);
      expect(plan.skipped).toBe(180);
      expect(plan.lastSkippedMs).toBe(at('2026-05-01T12:59:00Z'));
      expect(plan.nextMs).toBe(at('2026-05-01T13:01:00Z'));
    });

    it('runs the latest missed tick once under run-latest', () => {
      const plan = planTicks(everyMinute, first, wake, 30_000, 'run-latest');

      expect(plan.produce).toEqual([at('2026-05-01T12:59:00Z'), at('2026-05-01T13:00:00Z')]);
      expect(plan.skipped).toBe(179);
      expect(plan.lastSkippedMs).toBeNull();
    });
  });

  describe('when nothing is due yet', () => {
    it('produces nothing and keeps the first tick as next', () => {
      const plan = planTicks(
        everyMinute,
        at('2026-05-01T10:01:00Z'),
        at('2026-05-01T10:00:59Z'),
        30_000,
        'skip',
      );

      expect(plan).toEqual({
        produce: [],
        skipped: 0,
        lastSkippedMs: null,
        nextMs: at('2026-05-01T10:01:00Z'),
      });
    });
  });
});
