import { describe, expect, it } from 'vitest';
import { scheduleCursor, ScheduleSchema } from '../../shared/schedule.js';
import { ruleOffsetMs, ruleSchedule } from '../../main/alerts/config-stores.js';
import { RuleSchema } from '../../shared/alerting/rule.js';

const at = (iso: string) => Date.parse(iso);

describe('scheduleCursor', () => {
  it('fires each tick offsetMs after its cron time', () => {
    const cursor = scheduleCursor({ cron: '*/5 * * * *', tz: 'UTC', offsetMs: 42_000 });

    expect(cursor.next(at('2026-05-01T10:00:41Z'))).toBe(at('2026-05-01T10:00:42Z'));
    expect(cursor.next(at('2026-05-01T10:00:42Z'))).toBe(at('2026-05-01T10:05:42Z'));
  });

  it('is the plain cron without an offset', () => {
    const schedule = ScheduleSchema.parse({
      id: 's',
      name: 's',
      cron: '0 * * * *',
      queue: 'q',
      job: 'echo',
    });

    expect(schedule.offsetMs).toBe(0);
    expect(scheduleCursor(schedule).next(at('2026-05-01T10:00:00Z'))).toBe(
      at('2026-05-01T11:00:00Z'),
    );
  });

  it('refuses an offset of a day or more', () => {
    const parsed = ScheduleSchema.safeParse({
      id: 's',
      name: 's',
      cron: '0 * * * *',
      queue: 'q',
      job: 'echo',
      offsetMs: 86_400_000,
    });

    expect(parsed.success ? 'accepted' : parsed.error.issues[0]?.message).toBe(
      'offsetMs must be below one day (86400000 ms)',
    );
  });
});

describe('ruleSchedule', () => {
  const rule = (id: string, spread: boolean) =>
    RuleSchema.parse({
      id,
      name: id,
      source: { sourceId: 'src', query: 'up' },
      condition: { op: '>', threshold: 1 },
      evaluate: { cron: '* * * * *', tz: 'UTC' },
      severity: 'warning',
      spread,
      summary: 'up is {{ $value }}',
    });

  it('spreads rules on one cron over the minute, each at a fixed offset', () => {
    const offsets = Array.from({ length: 50 }, (_, i) => ruleOffsetMs(rule(`r${i}`, true)));

    for (const offset of offsets) expect(offset).toBeGreaterThanOrEqual(0);
    for (const offset of offsets) expect(offset).toBeLessThan(60_000);
    expect(new Set(offsets.map((o) => Math.floor(o / 10_000))).size).toBe(6);
    expect(ruleOffsetMs(rule('r7', true))).toBe(offsets[7]);
  });

  it('evaluates a rule without spread on its cron times', () => {
    expect(ruleSchedule(rule('plain', false))).toMatchObject({
      id: 'rule-plain',
      cron: '* * * * *',
      offsetMs: 0,
      queue: 'dipper.alerts',
      job: 'alert.evaluate',
    });
  });
});
