import { describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import { useTestConsoles, type TestConsole } from './console-harness.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const HOUR = 3_600_000;

function alert(ruleId: string, app: string, state: AlertInstance['state']): AlertInstance {
  return {
    ruleId,
    seriesKey: `{app="${app}"}`,
    labels: { app },
    state,
    value: 95,
    activeSinceMs: T0,
    firingSinceMs: state === 'firing' ? T0 : null,
    lastEvalMs: T0,
  };
}

describe('alerts and silences handlers', () => {
  const consoles = useTestConsoles();
  let c: TestConsole;

  /** A console with Rules `cpu` (db firing, web pending) and `disk` (root nodata). */
  async function consoleWithAlerts(name: string): Promise<TestConsole> {
    c = await consoles.start(name);
    const { config, alerts } = c.session.alerting.deps;
    await config.sources.save({
      id: 'rec',
      name: 'Recorded',
      config: { kind: 'recorded', series: 'cpu' },
    });
    for (const id of ['cpu', 'disk']) {
      const rule = {
        id,
        name: id,
        source: { sourceId: 'rec', query: id },
        condition: { op: '>', threshold: 90 },
        evaluate: { cron: '0 0 1 1 *' },
        severity: 'warning',
        summary: `${id} high`,
      };
      expect((await config.saveRule(rule, 'create')).ok).toBe(true);
    }
    const cpu = [alert('cpu', 'web', 'pending'), alert('cpu', 'db', 'firing')];
    await alerts.save('cpu', new Map(cpu.map((a) => [a.seriesKey, a])));
    const root = alert('disk', 'root', 'nodata');
    await alerts.save('disk', new Map([[root.seriesKey, root]]));
    return c;
  }

  describe('alerts.active', () => {
    it('lists every Alert that is not normal, by Rule then series', async () => {
      await consoleWithAlerts('alerts-active');

      const active = await c.value('alerts.active', {});

      expect(active.map((a) => [a.ruleId, a.seriesKey, a.state])).toEqual([
        ['cpu', '{app="db"}', 'firing'],
        ['cpu', '{app="web"}', 'pending'],
        ['disk', '{app="root"}', 'nodata'],
      ]);
    });
  });

  describe('alerts.ack', () => {
    it('acknowledges a firing Alert as the operator and records it in the history', async () => {
      await consoleWithAlerts('alerts-ack');

      const acked = await c.value('alerts.ack', {
        ruleId: 'cpu',
        seriesKey: '{app="db"}',
        comment: 'on it',
      });
      const history = await c.value('alerts.history', {
        fromMs: 0,
        toMs: Date.now() + 1_000,
        limit: 10,
        kinds: ['ack'],
      });

      expect(acked).toMatchObject({
        seriesKey: '{app="db"}',
        state: 'firing',
        ackedBy: 'tester@test-host',
      });
      expect(
        (await c.session.alerting.deps.alerts.load('cpu')).instances.get('{app="db"}')?.ackedBy,
      ).toBe('tester@test-host');
      expect(history.entries).toMatchObject([
        {
          kind: 'ack',
          ruleId: 'cpu',
          labels: { app: 'db' },
          by: 'tester@test-host',
          severity: 'warning',
        },
      ]);
    });

    it('refuses a series that is not firing and a Rule that does not exist, naming them', async () => {
      await consoleWithAlerts('alerts-ack-refused');

      const pending = await c.call('alerts.ack', { ruleId: 'cpu', seriesKey: '{app="web"}' });
      const noRule = await c.call('alerts.ack', { ruleId: 'mem', seriesKey: '{app="db"}' });

      expect(pending).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "cpu" has no firing alert for series {app="web"}; firing: {app="db"}',
      });
      expect(noRule).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "mem" does not exist',
      });
    });
  });

  describe('alerts.history', () => {
    it('answers a history query with its filters', async () => {
      await consoleWithAlerts('alerts-history');
      const { history } = c.session.alerting.deps;
      await history.append([
        {
          kind: 'transition',
          atMs: T0,
          ruleId: 'cpu',
          labels: { app: 'db' },
          from: 'normal',
          to: 'firing',
          value: 95,
          threshold: 90,
          severity: 'warning',
        },
        {
          kind: 'transition',
          atMs: T0 + 1,
          ruleId: 'disk',
          labels: { app: 'root' },
          from: 'normal',
          to: 'nodata',
          value: null,
          threshold: 90,
          severity: 'warning',
        },
      ]);

      const page = await c.value('alerts.history', {
        fromMs: T0 - HOUR,
        toMs: T0 + HOUR,
        ruleId: 'cpu',
        limit: 10,
      });

      expect(page).toMatchObject({
        next: null,
        entries: [{ kind: 'transition', ruleId: 'cpu', to: 'firing', value: 95 }],
      });
      expect(page.entries).toHaveLength(1);
    });
  });

  describe('silences', () => {
    it('creates a silence by the operator starting now, lists it as active, and removes it', async () => {
      c = await consoles.start('silences');
      const before = Date.now();

      const { id } = await c.value('silences.create', {
        matchers: [{ name: 'app', op: '=', value: 'db' }],
        endsAtMs: before + HOUR,
        comment: 'maintenance',
      });
      const future = await c.value('silences.create', {
        matchers: [{ name: 'app', op: '=~', value: 'web.*' }],
        startsAtMs: before + HOUR,
        endsAtMs: before + 2 * HOUR,
      });
      const listed = await c.value('silences.list', {});

      expect(id).toMatch(/^s-[0-9a-f]{8}$/);
      const now = listed.find((s) => s.id === id);
      expect(now).toMatchObject({
        createdBy: 'tester@test-host',
        comment: 'maintenance',
        endsAtMs: before + HOUR,
        active: true,
      });
      expect(now!.startsAtMs).toBeGreaterThanOrEqual(before);
      expect(listed.find((s) => s.id === future.id)).toMatchObject({
        active: false,
        startsAtMs: before + HOUR,
      });

      expect(await c.value('silences.remove', { id })).toEqual({ removed: true });
      expect((await c.value('silences.list', {})).map((s) => s.id)).toEqual([future.id]);
      expect(await c.call('silences.remove', { id })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: `silence "${id}" does not exist`,
      });
      const history = await c.value('alerts.history', {
        fromMs: before,
        toMs: Date.now() + 1_000,
        limit: 10,
        kinds: ['silence'],
      });
      expect(
        history.entries.map((e) => (e.kind === 'silence' ? [e.silenceId, e.event, e.by] : [])),
      ).toEqual([
        [id, 'removed', 'tester@test-host'],
        [future.id, 'created', 'tester@test-host'],
        [id, 'created', 'tester@test-host'],
      ]);
      const areas = c.events.filter((e) => e.event === 'config.changed').map((e) => e.payload);
      expect(areas).toEqual([{ area: 'silences' }, { area: 'silences' }, { area: 'silences' }]);
    });

    it('refuses a silence that ends before it starts, naming the field', async () => {
      c = await consoles.start('silences-bad');

      const result = await c.call('silences.create', {
        matchers: [{ name: 'app', op: '=', value: 'db' }],
        startsAtMs: T0,
        endsAtMs: T0 - 1,
      });

      expect(result).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        issues: [{ path: 'endsAtMs', message: 'endsAtMs must be after startsAtMs' }],
      });
    });
  });
});
