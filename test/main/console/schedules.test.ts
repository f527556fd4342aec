import { describe, expect, it } from 'vitest';
import { fireTimes } from '../../../main/console/fire-times.js';
import { scheduleCursor, type ScheduleInput } from '../../../shared/schedule.js';
import { useTestConsoles, type TestConsole } from './console-harness.js';

function draft(id: string, extra: Partial<ScheduleInput> = {}): ScheduleInput {
  return { id, name: `Schedule ${id}`, cron: '0 3 * * *', queue: 'reports', job: 'echo', ...extra };
}

describe('fireTimes', () => {
  const berlin = (cron: string) => scheduleCursor({ cron, tz: 'Europe/Berlin', offsetMs: 0 });

  it('fires a fixed time once on the autumn day, at its first (summer-time) occurrence', () => {
    const times = fireTimes(
      berlin('30 2 * * *'),
      'Europe/Berlin',
      Date.parse('2026-10-24T12:00Z'),
      2,
    );

    expect(times).toEqual([
      {
        atMs: Date.parse('2026-10-25T00:30Z'),
        zoned: '2026-10-25 02:30:00 CEST',
        utc: '2026-10-25 00:30:00 UTC',
      },
      {
        atMs: Date.parse('2026-10-26T01:30Z'),
        zoned: '2026-10-26 02:30:00 CET',
        utc: '2026-10-26 01:30:00 UTC',
      },
    ]);
  });

  it('moves a fixed time inside the skipped spring hour to the first instant after it', () => {
    const [first] = fireTimes(
      berlin('30 2 * * *'),
      'Europe/Berlin',
      Date.parse('2026-03-28T12:00Z'),
      1,
    );

    expect(first).toEqual({
      atMs: Date.parse('2026-03-29T01:00Z'),
      zoned: '2026-03-29 03:00:00 CEST',
      utc: '2026-03-29 01:00:00 UTC',
    });
  });

  it('tells the two passes of the repeated hour apart by their abbreviation', () => {
    const times = fireTimes(
      berlin('*/30 * * * *'),
      'Europe/Berlin',
      Date.parse('2026-10-25T00:15Z'),
      3,
    );

    expect(times.map((t) => t.zoned)).toEqual([
      '2026-10-25 02:30:00 CEST',
      '2026-10-25 02:00:00 CET',
      '2026-10-25 02:30:00 CET',
    ]);
  });

  it('shows the offset for a zone without a common abbreviation', () => {
    const shanghai = scheduleCursor({ cron: '0 9 * * *', tz: 'Asia/Shanghai', offsetMs: 0 });
    const [first] = fireTimes(shanghai, 'Asia/Shanghai', Date.parse('2026-01-01T00:00Z'), 1);

    expect(first?.zoned).toBe('2026-01-01 09:00:00 GMT+8');
  });
});

describe('schedules handlers', () => {
  const consoles = useTestConsoles();
  let c: TestConsole;

  async function ruleOn(console: TestConsole, id: string): Promise<void> {
    const { config } = console.session.alerting;
    const source = { id: 'rec', name: 'Recorded', config: { kind: 'recorded', series: 'cpu' } };
    expect((await config.sources.save(source)).ok).toBe(true);
    const rule = {
      id,
      name: `Rule ${id}`,
      source: { sourceId: 'rec', query: 'cpu' },
      condition: { op: '>', threshold: 90 },
      evaluate: { cron: '*/5 * * * *' },
      severity: 'warning',
      summary: 'cpu high',
    };
    await console.value('rules.save', { rule, create: true });
  }

  describe('list', () => {
    it('shows next run, last tick, missed and duplicated ticks and which schedules a Rule owns', async () => {
      c = await consoles.start('sched-list');
      await c.value('schedules.save', {
        schedule: draft('hourly', { cron: '0 * * * *', enabled: false }),
        create: true,
      });
      await c.value('schedules.save', {
        schedule: draft('rule-ghost', { cron: '0 * * * *' }),
        create: true,
      });
      await ruleOn(c, 'cpu');
      const t0 = Date.parse('2026-05-01T10:00:00Z');
      const ticks = c.session.node.tickStore;
      // Produced at 10:00 (by two nodes), 11:00 and 13:00: 12:00 was missed.
      for (const [tickMs, nodeId] of [
        [t0, 'a'],
        [t0, 'b'],
        [t0 + 3_600_000, 'a'],
        [t0 + 3 * 3_600_000, 'a'],
      ] as const) {
        await ticks.append('hourly', {
          tickMs,
          event: 'produced',
          nodeId,
          atMs: tickMs + 5,
          jobId: `tick.hourly.${tickMs}`,
          lagMs: 5,
        });
      }
      await ticks.append('hourly', {
        tickMs: t0 + 3 * 3_600_000,
        event: 'completed',
        nodeId: 'a',
        atMs: t0 + 3 * 3_600_000 + 40,
        attempt: 1,
      });

      const before = Date.now();
      const rows = await c.value('schedules.list', {});

      expect(rows.map((r) => [r.schedule.id, r.ownedByRule])).toEqual([
        ['hourly', false],
        ['rule-cpu', true],
        ['rule-ghost', false],
      ]);
      const [hourly, ruleCpu, ghost] = rows;
      expect(hourly).toMatchObject({
        nextRunMs: null,
        missed: 1,
        duplicated: 1,
        lastTick: {
          tickMs: t0 + 3 * 3_600_000,
          outcome: 'completed',
          producedBy: ['a'],
          lagMs: 5,
          jobId: `tick.hourly.${t0 + 3 * 3_600_000}`,
        },
      });
      expect(ruleCpu?.lastTick).toBeNull();
      const nextHour = Math.floor(before / 3_600_000) * 3_600_000 + 3_600_000;
      expect(ghost?.nextRunMs).toBe(nextHour);
    });
  });

  describe('validate and preview', () => {
    it('returns the parsed schedule with its next five fire times', async () => {
      c = await consoles.start('sched-validate');

      const { schedule, next } = await c.value('schedules.validate', {
        schedule: { ...draft('daily'), cron: '30 2 * * *', tz: 'Europe/Berlin' },
      });

      expect(schedule).toMatchObject({
        id: 'daily',
        enabled: true,
        misfire: 'skip',
        options: { attempts: 1 },
      });
      expect(next).toHaveLength(5);
      expect(next).toEqual(
        fireTimes(scheduleCursor(schedule), 'Europe/Berlin', next[0]!.atMs - 1, 5),
      );
      for (const time of next) expect(time.zoned).toMatch(/^\d{4}-\d\d-\d\d 0[23]:[03]0:00 CES?T$/);
    });

    it('refuses an invalid draft with one issue per field', async () => {
      c = await consoles.start('sched-invalid');

      const result = await c.call('schedules.validate', {
        schedule: { ...draft('daily'), cron: '0 9 * *', tz: 'Mars/Olympus' },
      });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      if (result.ok) return;
      expect(result.issues?.map((i) => i.path)).toEqual(['cron', 'tz']);
      expect(result.message).toContain('cron: cron "0 9 * *" has 4 fields');
    });

    it('previews a cron in a zone and refuses an unknown zone naming the field', async () => {
      c = await consoles.start('sched-preview');

      const times = await c.value('schedules.preview', {
        cron: '0 9 * * 1-5',
        tz: 'America/New_York',
        count: 3,
      });
      const refused = await c.call('schedules.preview', { cron: '0 9 * * *', tz: 'Nowhere/Land' });

      expect(times).toHaveLength(3);
      for (const t of times) expect(t.zoned).toMatch(/^\d{4}-\d\d-\d\d 09:00:00 E[SD]T$/);
      expect(refused).toMatchObject({ ok: false, code: 'BAD_REQUEST', issues: [{ path: 'tz' }] });
    });
  });

  describe('save', () => {
    it('creates, refuses a second create, updates, and refuses an update of a missing id', async () => {
      c = await consoles.start('sched-save');

      const created = await c.value('schedules.save', { schedule: draft('nightly'), create: true });
      const again = await c.call('schedules.save', { schedule: draft('nightly'), create: true });
      const updated = await c.value('schedules.save', {
        schedule: draft('nightly', { cron: '0 4 * * *' }),
        create: false,
      });
      const missing = await c.call('schedules.save', { schedule: draft('nope'), create: false });

      expect(created.schedule.cron).toBe('0 3 * * *');
      expect(again).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: expect.stringContaining('"nightly" already exists'),
      });
      expect(updated.schedule.cron).toBe('0 4 * * *');
      expect((await c.session.node.store.get('nightly'))?.cron).toBe('0 4 * * *');
      expect(missing).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: expect.stringContaining('"nope" does not exist'),
      });
      const changes = c.events.filter((e) => e.event === 'config.changed');
      expect(changes.map((e) => e.payload)).toEqual([{ area: 'schedules' }, { area: 'schedules' }]);
    });

    it("refuses to save, enable or remove a Rule's schedule and says to edit the Rule", async () => {
      c = await consoles.start('sched-owned');
      await ruleOn(c, 'cpu');

      const saved = await c.call('schedules.save', { schedule: draft('rule-cpu'), create: false });
      const disabled = await c.call('schedules.setEnabled', { id: 'rule-cpu', enabled: false });
      const removed = await c.call('schedules.remove', { id: 'rule-cpu', confirm: 'rule-cpu' });

      for (const result of [saved, disabled, removed]) {
        expect(result).toMatchObject({
          ok: false,
          code: 'CONFLICT',
          message: expect.stringContaining('edit rule "cpu"'),
        });
      }
      expect((await c.session.node.store.get('rule-cpu'))?.enabled).toBe(true);
    });
  });

  describe('setEnabled and remove', () => {
    it('disables a schedule, which then has no next run', async () => {
      c = await consoles.start('sched-enable');
      await c.value('schedules.save', { schedule: draft('nightly'), create: true });

      const row = await c.value('schedules.setEnabled', { id: 'nightly', enabled: false });

      expect(row).toMatchObject({ schedule: { id: 'nightly', enabled: false }, nextRunMs: null });
      expect(await c.call('schedules.setEnabled', { id: 'gone', enabled: true })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
    });

    it('needs the typed id on a shared profile, then removes the schedule', async () => {
      c = await consoles.start('sched-remove');
      await c.value('schedules.save', { schedule: draft('nightly'), create: true });

      const unconfirmed = await c.call('schedules.remove', { id: 'nightly' });
      const removed = await c.value('schedules.remove', { id: 'nightly', confirm: 'nightly' });
      const again = await c.call('schedules.remove', { id: 'nightly', confirm: 'nightly' });

      expect(unconfirmed).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: expect.stringContaining('needs confirm: "nightly"'),
      });
      expect(removed).toEqual({ removed: true });
      expect(await c.session.node.store.get('nightly')).toBeNull();
      expect(again).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'schedule "nightly" does not exist',
      });
    });

    it('refuses changes on a read-only profile', async () => {
      c = await consoles.start('sched-readonly', { readOnly: true });

      const result = await c.call('schedules.save', { schedule: draft('nightly'), create: true });

      expect(result).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: expect.stringContaining('read-only'),
      });
      expect(await c.session.node.store.get('nightly')).toBeNull();
    });
  });

  describe('runNow and ledger', () => {
    it("adds one job with the schedule's payload and options under a run id, leaving the ledger alone", async () => {
      c = await consoles.start('sched-run');
      const schedule = draft('nightly', {
        job: 'no.such.job',
        data: { report: 'sales' },
        options: { attempts: 3, keepCompleted: 5, keepFailed: 5 },
      });
      await c.value('schedules.save', { schedule, create: true });

      const { jobId } = await c.value('schedules.runNow', { id: 'nightly' });
      const job = await c.session.node.queues.get('reports').getJob(jobId);

      expect(jobId).toMatch(/^run\.nightly\.\d{13}\.[0-9a-f]{4}$/);
      expect(job?.name).toBe('no.such.job');
      expect(job?.data).toEqual({ report: 'sales' });
      expect(job?.opts.attempts).toBe(3);
      expect(await c.session.node.tickStore.readLedger('nightly', 10)).toEqual([]);
      expect(await c.call('schedules.runNow', { id: 'gone' })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'schedule "gone" does not exist',
      });
    });

    it("reports a schedule's ledger, and NOT_FOUND for an id with neither schedule nor ledger", async () => {
      c = await consoles.start('sched-ledger');
      await c.value('schedules.save', { schedule: draft('nightly'), create: true });
      const tickMs = Date.parse('2026-05-01T03:00:00Z');
      await c.session.node.tickStore.append('nightly', {
        tickMs,
        event: 'produced',
        nodeId: 'n1',
        atMs: tickMs + 12,
        lagMs: 12,
        jobId: 'tick.nightly.1',
      });

      const report = await c.value('schedules.ledger', { id: 'nightly' });

      expect(report).toEqual({
        scheduleId: 'nightly',
        ticks: [
          {
            tickMs,
            jobId: 'tick.nightly.1',
            producedBy: ['n1'],
            lagMs: 12,
            outcome: 'pending',
            attempts: 0,
          },
        ],
        missed: 0,
        duplicated: 0,
      });
      expect(await c.call('schedules.ledger', { id: 'never' })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
    });
  });
});
