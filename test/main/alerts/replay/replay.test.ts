import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRule, type ReplayDeps } from '../../../../main/alerts/replay/replay.js';
import { createRecordedStore, type RecordedStore } from '../../../../main/alerts/sources/index.js';
import { RouteSchema, SilenceSchema } from '../../../../shared/alerting/config.js';
import { RuleSchema, type Rule, type RuleInput } from '../../../../shared/alerting/rule.js';
import type { Series } from '../../../../shared/alerting/series.js';
import { startTestRedis, type TestRedis } from '../../../harness/redis.js';
import { openTestNode, quietLog, uniquePrefix, type TestNode } from '../../queues/queue-harness.js';

const FIXTURE = new URL('../../../fixtures/frontend-js-errors.csv', import.meta.url);
const T0 = Date.parse('2024-05-01T10:00:00Z');
const MINUTE = 60_000;
/** `10:07` on the fixture's day, as epoch ms. */
const at = (hhmm: string) => Date.parse(`2024-05-01T${hhmm}:00Z`);
const WINDOW = { fromMs: at('10:00'), toMs: at('10:20') };

const KEYS = {
  admin: '{app="admin",env="staging"}',
  checkout: '{app="checkout",env="prod"}',
  payments: '{app="payments",env="prod"}',
  search: '{app="search",env="prod"}',
};

function ruleWith(overrides: Partial<RuleInput> = {}): Rule {
  return RuleSchema.parse({
    id: 'frontend-js-errors',
    name: 'Frontend JS errors',
    source: { sourceId: 'recorded', query: 'unused' },
    // Fires above 10 after two minutes; once firing, holds until the value is 5 or less.
    condition: { op: '>', threshold: 10, resolveThreshold: 5 },
    evaluate: { cron: '* * * * *', tz: 'UTC' },
    forMs: 2 * MINUTE,
    labels: { team: 'frontend' },
    severity: 'warning',
    summary: '{{ $labels.app }} has {{ $value }} JS errors',
    ...overrides,
  });
}

const ROUTES = [
  RouteSchema.parse({
    id: 'prod',
    channels: ['pager', 'chat'],
    groupBy: ['env'],
    repeatIntervalMs: 3 * MINUTE,
  }),
  RouteSchema.parse({
    id: 'a-staging',
    matchers: [{ name: 'env', op: '=', value: 'staging' }],
    channels: ['staging-chat'],
  }),
].sort((a, b) => a.id.localeCompare(b.id));

/** A staging deploy from 10:09:30 to 10:16:30 mutes staging Alerts. */
const SILENCES = [
  SilenceSchema.parse({
    id: 'staging-deploy',
    matchers: [{ name: 'env', op: '=', value: 'staging' }],
    startsAtMs: at('10:09') + 30_000,
    endsAtMs: at('10:16') + 30_000,
    createdBy: 'ops',
  }),
];

describe('replayRule', () => {
  let redis: TestRedis;
  let node: TestNode;
  let store: RecordedStore;
  let deps: ReplayDeps;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    const prefix = uniquePrefix('replay');
    node = openTestNode(redis.port, prefix);
    store = createRecordedStore(node.connection.client, prefix);
    const imported = await store.importCsv('frontend-js-errors', await readFile(FIXTURE, 'utf8'));
    expect(imported).toEqual({ ok: true, value: { seriesCount: 4, sampleCount: 104 } });
    deps = {
      getSource: async (id) =>
        id === 'recorded'
          ? { id, name: 'Recorded', config: { kind: 'recorded', series: 'frontend-js-errors' } }
          : null,
      sourceDeps: { recorded: store, log: quietLog },
      routes: ROUTES,
      silences: SILENCES,
    };
  });

  afterAll(async () => {
    await node?.close();
    await redis?.stop();
  });

  describe('when replaying the recorded frontend errors minute by minute', () => {
    it('gives every transition at its tick, with pending, hysteresis and resolve', async () => {
      const result = await replayRule(ruleWith(), WINDOW, deps);

      if (!result.ok) throw new Error(result.message);
      const moves = result.value.transitions.map((t) => [
        new Date(t.atMs).toISOString().slice(11, 16),
        t.labels.app,
        `${t.from}>${t.to}`,
        t.value,
      ]);
      expect(moves).toEqual([
        ['10:02', 'checkout', 'normal>pending', 12],
        ['10:03', 'search', 'normal>pending', 11],
        ['10:04', 'checkout', 'pending>firing', 15],
        // A pending Alert is judged by the threshold alone: 9 clears it.
        ['10:04', 'search', 'pending>normal', 9],
        // 8 and 7 are above the resolve threshold 5, so checkout keeps firing until 5.
        ['10:07', 'checkout', 'firing>resolved', 5],
        ['10:08', 'checkout', 'resolved>normal', 4],
        ['10:10', 'admin', 'normal>pending', 20],
        ['10:12', 'admin', 'pending>firing', 20],
        ['10:14', 'payments', 'normal>pending', 30],
        ['10:15', 'admin', 'firing>resolved', 3],
        ['10:16', 'admin', 'resolved>normal', 3],
        ['10:16', 'payments', 'pending>firing', 30],
      ]);
      expect(result.value.transitions[2]).toEqual({
        ruleId: 'frontend-js-errors',
        seriesKey: KEYS.checkout,
        labels: { app: 'checkout', env: 'prod', team: 'frontend' },
        from: 'pending',
        to: 'firing',
        atMs: at('10:04'),
        value: 15,
        threshold: 10,
        severity: 'warning',
        summary: 'checkout has 15 JS errors',
        description: '',
      });
    });

    it('routes notifications, mutes a silenced firing but not its resolve, repeats', async () => {
      const result = await replayRule(ruleWith(), WINDOW, deps);

      if (!result.ok) throw new Error(result.message);
      const prod = { routeId: 'prod', channels: ['pager', 'chat'], groupLabels: { env: 'prod' } };
      expect(result.value.notifications).toEqual([
        { atMs: at('10:04'), status: 'firing', isRepeat: false, ...prod, alerts: [KEYS.checkout] },
        {
          atMs: at('10:07'),
          status: 'resolved',
          isRepeat: false,
          ...prod,
          alerts: [KEYS.checkout],
        },
        // admin fired at 10:12 inside the staging silence: no firing, no repeat; the resolve goes.
        {
          atMs: at('10:15'),
          status: 'resolved',
          isRepeat: false,
          routeId: 'a-staging',
          channels: ['staging-chat'],
          groupLabels: { alertname: 'Frontend JS errors' },
          alerts: [KEYS.admin],
        },
        { atMs: at('10:16'), status: 'firing', isRepeat: false, ...prod, alerts: [KEYS.payments] },
        // Three minutes (the route's repeat interval) after 10:16, payments is still firing.
        { atMs: at('10:19'), status: 'firing', isRepeat: true, ...prod, alerts: [KEYS.payments] },
      ]);
    });

    it('counts ticks, warm-up, series and time firing per series', async () => {
      const result = await replayRule(ruleWith(), WINDOW, deps);

      if (!result.ok) throw new Error(result.message);
      expect({ ...result.value, transitions: [], notifications: [] }).toEqual({
        ruleId: 'frontend-js-errors',
        fromMs: WINDOW.fromMs,
        toMs: WINDOW.toMs,
        ticks: 21,
        warmupTicks: 2,
        queryStepMs: MINUTE,
        transitions: [],
        notifications: [],
        isTruncated: false,
        series: 4,
        firingMs: {
          [KEYS.admin]: 3 * MINUTE,
          [KEYS.checkout]: 3 * MINUTE,
          // Still firing at 10:20: counted until the end of the window.
          [KEYS.payments]: 4 * MINUTE,
        },
      });
    });
  });

  describe('when the window starts while an Alert is pending', () => {
    it('fires it on time after warm-up ticks and reports only the window', async () => {
      const result = await replayRule(ruleWith(), { fromMs: at('10:03'), toMs: at('10:05') }, deps);

      if (!result.ok) throw new Error(result.message);
      expect(result.value.transitions.map((t) => `${t.labels.app}:${t.from}>${t.to}`)).toEqual([
        'search:normal>pending',
        'checkout:pending>firing',
        'search:pending>normal',
      ]);
      expect(result.value.transitions[1]?.atMs).toBe(at('10:04'));
      expect([result.value.ticks, result.value.warmupTicks]).toEqual([3, 2]);
    });
  });

  describe('when stepMs is larger than the cron interval', () => {
    it('evaluates only cron ticks at least stepMs apart, starting at the window', async () => {
      const result = await replayRule(
        ruleWith({ forMs: 0 }),
        { ...WINDOW, stepMs: 5 * MINUTE },
        deps,
      );

      if (!result.ok) throw new Error(result.message);
      // Ticks 10:00, 10:05, 10:10, 10:15, 10:20: checkout's burst (10:02-10:04) falls between.
      const moves = result.value.transitions.map(
        (t) => `${new Date(t.atMs).toISOString().slice(11, 16)} ${t.labels.app}:${t.from}>${t.to}`,
      );
      expect(moves).toEqual([
        '10:10 admin:normal>firing',
        '10:15 admin:firing>resolved',
        '10:15 payments:normal>firing',
        '10:20 admin:resolved>normal',
      ]);
      expect([result.value.ticks, result.value.warmupTicks]).toEqual([5, 0]);
    });
  });

  describe('when the cron ticks more often than a replay allows', () => {
    it('refuses before querying, naming the bound and a step that fits', async () => {
      const rule = ruleWith({ evaluate: { cron: '* * * * * *', tz: 'UTC' }, forMs: 0 });

      const result = await replayRule(rule, { fromMs: T0, toMs: T0 + 2 * 86_400_000 }, deps);

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'cron "* * * * * *" ticks more than 100000 times from 2024-05-01T10:00:00.000Z to ' +
          '2024-05-03T10:00:00.000Z (the window plus forMs); narrow the window or set stepMs ' +
          'to at least 2000',
      });
    });
  });

  describe('when the query gives more series than a replay follows', () => {
    it('refuses with the count', async () => {
      const many: Series[] = Array.from({ length: 1_001 }, (_, i) => ({
        labels: { pod: `pod-${i}` },
        samples: [{ t: T0, v: i }],
      }));
      expect((await store.write('many-pods', many, 'replace')).ok).toBe(true);
      const wide: ReplayDeps = {
        ...deps,
        getSource: async (id) => ({
          id,
          name: 'Pods',
          config: { kind: 'recorded', series: 'many-pods' },
        }),
      };

      const result = await replayRule(ruleWith(), WINDOW, wide);

      expect(result).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'the query gave 1001 series; a replay follows at most 1000; narrow the query with label matchers',
      });
    });
  });

  describe('when the source does not exist', () => {
    it('answers NOT_FOUND naming it', async () => {
      const rule = ruleWith({ source: { sourceId: 'gone', query: 'x' } });

      const result = await replayRule(rule, WINDOW, deps);

      expect(result).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'source "gone" does not exist',
      });
    });
  });

  describe('when the window is backwards', () => {
    it('answers BAD_REQUEST with both times', async () => {
      const result = await replayRule(ruleWith(), { fromMs: at('10:20'), toMs: at('10:00') }, deps);

      expect(result).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message: `invalid replay window: toMs: fromMs ${at('10:20')} is after toMs ${at('10:00')}`,
      });
    });
  });
});
