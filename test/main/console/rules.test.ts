import { describe, expect, it } from 'vitest';
import type { AlertInstance, EvaluationRecord } from '../../../shared/alerting/alert.js';
import type { RuleInput } from '../../../shared/alerting/rule.js';
import { useTestConsoles, type TestConsole } from './console-harness.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');

// A cron that never fires during a test run, so the console's own node evaluates nothing.
const RARE = { cron: '0 0 1 1 *', tz: 'UTC' };

function rule(id: string, extra: Partial<RuleInput> = {}): RuleInput {
  return {
    id,
    name: `Rule ${id}`,
    source: { sourceId: 'rec', query: 'cpu' },
    condition: { op: '>', threshold: 90 },
    evaluate: RARE,
    labels: { team: 'core' },
    severity: 'critical',
    summary: 'cpu high',
    ...extra,
  };
}

function alert(ruleId: string, app: string, state: AlertInstance['state']): AlertInstance {
  return {
    ruleId,
    seriesKey: `{app="${app}"}`,
    labels: { app, team: 'core' },
    state,
    value: 95,
    activeSinceMs: T0,
    firingSinceMs: state === 'firing' ? T0 : null,
    lastEvalMs: T0,
  };
}

describe('rules handlers', () => {
  const consoles = useTestConsoles();
  let c: TestConsole;

  /** A console with the recorded source `rec` (set `cpu`) holding `samples` per app. */
  async function consoleWith(name: string, samples: Record<string, [number, number][]> = {}) {
    c = await consoles.start(name);
    const { config, deps } = c.session.alerting;
    const source = { id: 'rec', name: 'Recorded', config: { kind: 'recorded', series: 'cpu' } };
    expect((await config.sources.save(source)).ok).toBe(true);
    const series = Object.entries(samples).map(([app, points]) => ({
      labels: { app },
      samples: points.map(([t, v]) => ({ t, v })),
    }));
    if (series.length > 0)
      expect((await deps.sourceDeps.recorded!.write('cpu', series)).ok).toBe(true);
    return c;
  }

  describe('sources', () => {
    it('lists the sources a Rule can read by id, name and kind, without their settings', async () => {
      await consoleWith('sources-list');
      const prom = {
        id: 'prom',
        name: 'Prometheus EU',
        config: { kind: 'prometheus', url: 'http://prom.example:9090', bearerToken: 'tok-123' },
      };
      expect((await c.session.alerting.config.sources.save(prom)).ok).toBe(true);

      const sources = await c.value('sources.list', {});

      expect([...sources].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'prom', name: 'Prometheus EU', kind: 'prometheus' },
        { id: 'rec', name: 'Recorded', kind: 'recorded' },
      ]);
    });
  });

  describe('list', () => {
    it('shows each Rule with its worst state, counts per state and last evaluation', async () => {
      await consoleWith('rules-list');
      await c.value('rules.save', { rule: rule('cpu-high'), create: true });
      await c.value('rules.save', {
        rule: rule('cpu-low', { condition: { op: '<', threshold: 1 } }),
        create: true,
      });
      const { alerts, evaluations } = c.session.alerting.deps;
      const stored = [
        alert('cpu-high', 'db', 'firing'),
        alert('cpu-high', 'web', 'pending'),
        alert('cpu-high', 'api', 'pending'),
      ];
      await alerts.save('cpu-high', new Map(stored.map((a) => [a.seriesKey, a])));
      const evaluation: EvaluationRecord = {
        ruleId: 'cpu-high',
        atMs: T0,
        series: 3,
        value: 95,
        threshold: 90,
        state: 'firing',
        states: { firing: 1, pending: 2 },
        transitions: 1,
      };
      await evaluations.record(evaluation);

      const rows = await c.value('rules.list', {});

      expect(
        rows.map(({ rule: r, worst, states, lastEvaluation }) => ({
          id: r.id,
          worst,
          states,
          lastEvaluation,
        })),
      ).toEqual([
        {
          id: 'cpu-high',
          worst: 'firing',
          states: { firing: 1, pending: 2 },
          lastEvaluation: evaluation,
        },
        { id: 'cpu-low', worst: 'normal', states: {}, lastEvaluation: null },
      ]);
    });
  });

  describe('validate', () => {
    it('returns the Rule with defaults, and refuses a missing source or a bad field by path', async () => {
      await consoleWith('rules-validate');

      const valid = await c.value('rules.validate', { rule: rule('cpu-high') });
      const noSource = await c.call('rules.validate', {
        rule: rule('cpu-high', { source: { sourceId: 'prom', query: 'up' } }),
      });
      const badField = await c.call('rules.validate', {
        rule: { ...rule('cpu-high'), condition: { op: '>', threshold: 'high' } },
      });

      expect(valid).toMatchObject({
        id: 'cpu-high',
        forMs: 0,
        noData: 'nodata',
        onError: 'error',
        enabled: true,
      });
      expect(noSource).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'rule "cpu-high": source "prom" does not exist',
      });
      expect(badField).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        issues: [{ path: 'condition.threshold' }],
      });
    });
  });

  describe('save and remove', () => {
    it('creates the Rule with its evaluation schedule, refuses a duplicate and a missing update', async () => {
      await consoleWith('rules-save');

      const row = await c.value('rules.save', { rule: rule('cpu-high'), create: true });
      const again = await c.call('rules.save', { rule: rule('cpu-high'), create: true });
      const missing = await c.call('rules.save', { rule: rule('nope'), create: false });

      expect(row).toMatchObject({
        rule: { id: 'cpu-high' },
        worst: 'normal',
        states: {},
        lastEvaluation: null,
      });
      expect(await c.session.node.store.get('rule-cpu-high')).toMatchObject({
        cron: RARE.cron,
        queue: 'dipper.alerts',
        enabled: true,
        data: { ruleId: 'cpu-high' },
      });
      expect(again).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: 'rule "cpu-high" already exists',
      });
      expect(missing).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "nope" does not exist',
      });
      expect(c.events.filter((e) => e.event === 'config.changed').map((e) => e.payload)).toEqual([
        { area: 'rules' },
        { area: 'schedules' },
      ]);
    });

    it('keeps Alerts across a threshold edit and drops them when the query changes', async () => {
      await consoleWith('rules-edit');
      await c.value('rules.save', { rule: rule('cpu-high'), create: true });
      const { alerts } = c.session.alerting.deps;
      const db = alert('cpu-high', 'db', 'firing');
      await alerts.save('cpu-high', new Map([[db.seriesKey, db]]));

      const raised = await c.value('rules.save', {
        rule: rule('cpu-high', { condition: { op: '>', threshold: 95 } }),
        create: false,
      });
      const requeried = await c.value('rules.save', {
        rule: rule('cpu-high', { source: { sourceId: 'rec', query: 'cpu2' } }),
        create: false,
      });

      expect(raised).toMatchObject({ worst: 'firing', states: { firing: 1 } });
      expect(requeried).toMatchObject({ worst: 'normal', states: {} });
      expect((await alerts.load('cpu-high')).instances.size).toBe(0);
    });

    it('removes the Rule, its schedule, its Alerts and its evaluations once confirmed', async () => {
      await consoleWith('rules-remove');
      await c.value('rules.save', { rule: rule('cpu-high'), create: true });
      const { alerts, evaluations } = c.session.alerting.deps;
      const db = alert('cpu-high', 'db', 'firing');
      await alerts.save('cpu-high', new Map([[db.seriesKey, db]]));
      await evaluations.record({
        ruleId: 'cpu-high',
        atMs: T0,
        series: 1,
        value: 95,
        threshold: 90,
        state: 'firing',
        states: { firing: 1 },
        transitions: 1,
      });

      const unconfirmed = await c.call('rules.remove', { id: 'cpu-high' });
      const removed = await c.value('rules.remove', { id: 'cpu-high', confirm: 'cpu-high' });
      const again = await c.call('rules.remove', { id: 'cpu-high', confirm: 'cpu-high' });

      expect(unconfirmed).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(removed).toEqual({ removed: true });
      expect(await c.session.alerting.config.rules.get('cpu-high')).toBeNull();
      expect(await c.session.node.store.get('rule-cpu-high')).toBeNull();
      expect((await alerts.load('cpu-high')).instances.size).toBe(0);
      expect(await evaluations.recent('cpu-high')).toEqual([]);
      expect(again).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "cpu-high" does not exist',
      });
    });
  });

  describe('test', () => {
    it('queries a draft now and says per series whether the condition holds, saving nothing', async () => {
      const recent = Date.now() - 10_000;
      await consoleWith('rules-test', { web: [[recent, 95]], db: [[recent, 50]] });

      const result = await c.value('rules.test', { rule: rule('draft-cpu') });

      expect(result.error).toBeNull();
      expect(result.threshold).toBe(90);
      expect([...result.series].sort((a, b) => (a.labels.app! < b.labels.app! ? -1 : 1))).toEqual([
        { labels: { app: 'db', team: 'core' }, value: 50, conditionMet: false },
        { labels: { app: 'web', team: 'core' }, value: 95, conditionMet: true },
      ]);
      expect(await c.session.alerting.config.rules.get('draft-cpu')).toBeNull();
      expect((await c.session.alerting.deps.alerts.load('draft-cpu')).instances.size).toBe(0);
    });

    it('tests a saved Rule by id, reports a failing query as an error, and NOT_FOUND for an unknown id', async () => {
      await consoleWith('rules-test-saved');
      await c.value('rules.save', {
        rule: rule('cpu-high', { source: { sourceId: 'rec', query: 'cpu' } }),
        create: true,
      });
      await c.session.alerting.config.sources.save({
        id: 'rec',
        name: 'Recorded',
        config: { kind: 'recorded', series: 'absent' },
      });

      const saved = await c.value('rules.test', { rule: { id: 'cpu-high' } });
      const unknown = await c.call('rules.test', { rule: { id: 'nope' } });

      expect(saved.series).toEqual([]);
      expect(saved.error).toContain('absent');
      expect(unknown).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "nope" does not exist',
      });
    });
  });

  describe('replay and evaluations', () => {
    it('replays an unsaved draft over a window of recorded data', async () => {
      const minute = 60_000;
      await consoleWith('rules-replay', {
        web: [
          [T0, 50],
          [T0 + minute, 95],
          [T0 + 2 * minute, 97],
          [T0 + 3 * minute, 40],
          [T0 + 4 * minute, 40],
        ],
      });

      const timeline = await c.value('rules.replay', {
        rule: rule('draft-cpu', { evaluate: { cron: '* * * * *', tz: 'UTC' } }),
        window: { fromMs: T0, toMs: T0 + 4 * minute },
      });

      expect(timeline).toMatchObject({
        ruleId: 'draft-cpu',
        ticks: 5,
        series: 1,
        notifications: [],
      });
      expect(timeline.transitions.map((t) => [t.atMs - T0, t.from, t.to, t.value])).toEqual([
        [minute, 'normal', 'firing', 95],
        [3 * minute, 'firing', 'resolved', 40],
        [4 * minute, 'resolved', 'normal', 40],
      ]);
      expect(timeline.firingMs).toEqual({ '{app="web"}': 2 * minute });
      expect(await c.session.alerting.config.rules.get('draft-cpu')).toBeNull();
    });

    it("lists a Rule's recent evaluations newest first, and NOT_FOUND for an unknown Rule", async () => {
      await consoleWith('rules-evals');
      await c.value('rules.save', { rule: rule('cpu-high'), create: true });
      const { evaluations } = c.session.alerting.deps;
      for (const i of [0, 1, 2]) {
        await evaluations.record({
          ruleId: 'cpu-high',
          atMs: T0 + i,
          series: 1,
          value: i,
          threshold: 90,
          state: 'normal',
          states: { normal: 1 },
          transitions: 0,
        });
      }

      const recent = await c.value('rules.evaluations', { id: 'cpu-high', limit: 2 });

      expect(recent.map((e) => e.atMs)).toEqual([T0 + 2, T0 + 1]);
      expect(await c.call('rules.evaluations', { id: 'nope' })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "nope" does not exist',
      });
    });
  });
});
