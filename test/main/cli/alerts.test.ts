import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertingConfig } from '../../../main/alerts/config-stores.js';
import { createHistoryStore } from '../../../main/alerts/history/history-store.js';
import { createAlertStore } from '../../../main/alerts/state/alert-store.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import type { TransitionRecord } from '../../../shared/alerting/history.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { silentLog } from '../connection/silent-log.js';
import { connectionArgs, runCli } from './run-cli.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');

function firing(app: string, value: number): AlertInstance {
  return {
    ruleId: 'cpu-high',
    seriesKey: `{app="${app}"}`,
    labels: { app, team: 'core' },
    state: 'firing',
    value,
    activeSinceMs: T0,
    firingSinceMs: T0 + 60_000,
    lastEvalMs: T0 + 120_000,
  };
}

function transition(atMs: number, ruleId: string, app: string, to: 'firing' | 'resolved') {
  const from = to === 'firing' ? 'pending' : 'firing';
  const record: TransitionRecord = {
    kind: 'transition',
    atMs,
    ruleId,
    labels: { app },
    from,
    to,
    value: 97,
    threshold: 90,
    severity: ruleId === 'cpu-high' ? 'critical' : 'warning',
  };
  return record;
}

describe('dipper alerts and dipper ack', () => {
  let redis: TestRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    client = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
  });

  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  /** A profile with rule cpu-high firing for api and web (and normal elsewhere). */
  async function seedFiring(prefix: string) {
    const schedules = createScheduleStore(client, dipperKeys(prefix), silentLog);
    const config = createAlertingConfig(client, prefix, schedules, silentLog);
    await config.sources.save({
      id: 'rec',
      name: 'Recorded',
      config: { kind: 'recorded', series: 'cpu' },
    });
    const rule = await config.saveRule({
      id: 'cpu-high',
      name: 'CPU high',
      source: { sourceId: 'rec', query: 'cpu' },
      condition: { op: '>', threshold: 90 },
      evaluate: { cron: '* * * * *' },
      severity: 'critical',
      summary: 'CPU of {{ $labels.app }} is {{ $value }}',
    });
    expect(rule.ok).toBe(true);
    const alerts = createAlertStore(client, prefix, silentLog);
    const instances = [firing('api', 97), firing('web', 93.5)];
    await alerts.save('cpu-high', new Map(instances.map((a) => [a.seriesKey, a])), 0, T0);

    return { alerts, history: createHistoryStore(client, prefix) };
  }

  describe('when alerts fire', () => {
    it('lists them with rule, labels, state, since, value and who acknowledged', async () => {
      const prefix = uniquePrefix('firing');
      await seedFiring(prefix);

      const run = await runCli('alerts', ...connectionArgs(redis.url, prefix));

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'RULE      LABELS             STATE   SINCE (UTC)               VALUE  ACKED BY',
          'cpu-high  app=api,team=core  firing  2026-05-01T10:01:00.000Z  97     -',
          'cpu-high  app=web,team=core  firing  2026-05-01T10:01:00.000Z  93.5   -',
          '',
        ].join('\n'),
      });
    });
  });

  describe('when an alert is acknowledged by label', () => {
    it('lists alerts in error, nodata and pending too, and not normal ones', async () => {
      const prefix = uniquePrefix('active');
      const { alerts } = await seedFiring(prefix);
      const broken: AlertInstance = {
        ...firing('db', 0),
        seriesKey: '{}',
        labels: {},
        state: 'error',
        value: null,
        firingSinceMs: null,
        activeSinceMs: T0 + 180_000,
      };
      const others = [
        broken,
        { ...firing('idle', 12), state: 'normal' as const, firingSinceMs: null },
        { ...firing('new', 95), state: 'pending' as const, firingSinceMs: null },
      ];
      const saved = new Map([...others].map((a) => [a.seriesKey, a]));
      await alerts.save('cpu-high', saved, 1, T0 + 180_000);

      const run = await runCli('alerts', ...connectionArgs(redis.url, prefix));

      expect(run.stdout).toBe(
        [
          'RULE      LABELS             STATE    SINCE (UTC)               VALUE  ACKED BY',
          'cpu-high  app=new,team=core  pending  2026-05-01T10:00:00.000Z  95     -',
          'cpu-high  {}                 error    2026-05-01T10:03:00.000Z  -      -',
          '',
        ].join('\n'),
      );
    });

    it('acks only the matching alert and writes an ack to the history', async () => {
      const prefix = uniquePrefix('ack');
      const conn = connectionArgs(redis.url, prefix);
      const { history } = await seedFiring(prefix);

      const acked = await runCli('ack', 'cpu-high', '--label', 'app=api', '--by', 'ana', ...conn);
      const listed = await runCli('alerts', '--json', ...conn);

      expect(acked).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'SERIES       LABELS             ACKED BY',
          '{app="api"}  app=api,team=core  ana',
          '',
        ].join('\n'),
      });
      const alerts = JSON.parse(listed.stdout) as AlertInstance[];
      expect(alerts.map((a) => [a.seriesKey, a.ackedBy])).toEqual([
        ['{app="api"}', 'ana'],
        ['{app="web"}', undefined],
      ]);
      const page = await history.query({ fromMs: 0, toMs: Date.now() + 1_000, limit: 10 });
      const entries = page.ok ? page.value.entries : [];
      expect(entries).toEqual([
        expect.objectContaining({
          kind: 'ack',
          ruleId: 'cpu-high',
          labels: { app: 'api', team: 'core' },
          severity: 'critical',
          by: 'ana',
        }),
      ]);
    });

    it('acks every firing alert of the rule without a selector', async () => {
      const prefix = uniquePrefix('ack-all');
      await seedFiring(prefix);

      const run = await runCli(
        'ack',
        'cpu-high',
        '--by',
        'bo',
        ...connectionArgs(redis.url, prefix),
      );

      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(3);
    });

    it('fails with NOT_FOUND when nothing matches, naming what fires', async () => {
      const prefix = uniquePrefix('ack-none');
      await seedFiring(prefix);

      const run = await runCli(
        'ack',
        'cpu-high',
        '--series',
        '{app="db"}',
        ...connectionArgs(redis.url, prefix),
      );

      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'dipper: NOT_FOUND: rule "cpu-high" has no firing alert for series {app="db"}; firing: {app="api"}, {app="web"}\n',
      });
    });

    it('refuses --series together with --label as bad usage', async () => {
      const run = await runCli(
        'ack',
        'cpu-high',
        '--series',
        '{app="api"}',
        '--label',
        'app=api',
        ...connectionArgs(redis.url, uniquePrefix('ack-both')),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "option '--label <matcher>' cannot be used with option '--series <key>'",
      );
    });
  });

  describe('when the history is filtered', () => {
    it('shows only entries of the rule, state and labels asked for, newest first', async () => {
      const prefix = uniquePrefix('history');
      const history = createHistoryStore(client, prefix);
      await history.append([
        transition(T0, 'cpu-high', 'api', 'firing'),
        transition(T0 + 1_000, 'cpu-high', 'web', 'firing'),
        transition(T0 + 2_000, 'disk-full', 'api', 'firing'),
        transition(T0 + 3_000, 'cpu-high', 'api', 'resolved'),
        transition(T0 + 4_000, 'cpu-high', 'api', 'firing'),
      ]);

      const run = await runCli(
        'alerts',
        '--history',
        '--from',
        '2026-05-01T09:00:00Z',
        '--to',
        '2026-05-01T11:00:00Z',
        '--rule',
        'cpu-high',
        '--state',
        'firing',
        '--label',
        'app=~a.*',
        ...connectionArgs(redis.url, prefix),
      );

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'TIME (UTC)                KIND        RULE      LABELS   SEVERITY  WHAT                                       BY',
          '2026-05-01T10:00:04.000Z  transition  cpu-high  app=api  critical  pending -> firing, value 97, threshold 90  -',
          '2026-05-01T10:00:00.000Z  transition  cpu-high  app=api  critical  pending -> firing, value 97, threshold 90  -',
          '',
        ].join('\n'),
      });
    });

    it('pages with --limit and says how to go on', async () => {
      const prefix = uniquePrefix('history-page');
      const history = createHistoryStore(client, prefix);
      const [, second] = await history.append([
        transition(T0, 'cpu-high', 'api', 'firing'),
        transition(T0 + 1_000, 'cpu-high', 'web', 'firing'),
      ]);
      const conn = connectionArgs(redis.url, prefix);
      const window = ['--from', '2026-05-01T09:00:00Z', '--to', '2026-05-01T11:00:00Z'];

      const first = await runCli('alerts', '--history', ...window, '--limit', '1', ...conn);
      const next = await runCli('alerts', '--history', ...window, '--before', `${second}`, ...conn);

      expect(first.stdout).toContain(`(more: add --before ${second})`);
      expect(next.stdout).toContain('app=api');
      expect(next.stdout).not.toContain('app=web');
    });

    describe('when nothing matches', () => {
      it('names the window read and says when the --rule names no rule', async () => {
        const prefix = uniquePrefix('history-typo');
        await createHistoryStore(client, prefix).append([
          transition(T0, 'cpu-high', 'api', 'firing'),
        ]);

        const run = await runCli(
          'alerts',
          '--history',
          '--from',
          '2026-05-01T09:00:00Z',
          '--to',
          '2026-05-01T11:00:00Z',
          '--rule',
          'cpu-hihg',
          ...connectionArgs(redis.url, prefix),
        );

        expect(run).toEqual({
          code: 0,
          stdout: '(none from 2026-05-01T09:00:00.000Z to 2026-05-01T11:00:00.000Z)\n',
          stderr: 'dipper: no rule "cpu-hihg" exists; `dipper rules list` shows the rules\n',
        });
      });
    });

    it('refuses history filters without --history', async () => {
      const run = await runCli(
        'alerts',
        '--rule',
        'x',
        ...connectionArgs(redis.url, uniquePrefix('h')),
      );

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: 'dipper: BAD_REQUEST: --rule needs --history\n',
      });
    });

    it('refuses --limit without --history instead of ignoring it', async () => {
      const run = await runCli(
        'alerts',
        '--limit',
        '5',
        '--state',
        'firing',
        ...connectionArgs(redis.url, uniquePrefix('h-limit')),
      );

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: 'dipper: BAD_REQUEST: --state and --limit need --history\n',
      });
    });
  });
});
