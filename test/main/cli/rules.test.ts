import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertStore } from '../../../main/alerts/state/alert-store.js';
import { historyKey } from '../../../main/alerts/history/history-store.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { silentLog } from '../connection/silent-log.js';
import { connectionArgs, runCli } from './run-cli.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');

const CONFIG = `
version: 1
sources:
  - { id: rec, name: Recorded CPU, config: { kind: recorded, series: cpu } }
channels:
  - { id: desk, name: Desktop, kind: desktop }
routes:
  - { id: default, channels: [desk] }
rules:
  - id: cpu-high
    name: CPU high
    source: { sourceId: rec, query: cpu }
    condition: { op: ">", threshold: 90, resolveThreshold: 80 }
    evaluate: { cron: "* * * * *" }
    labels: { team: core }
    severity: critical
    summary: "{{ $labels.app }} at {{ $value }}"
  - id: cpu-low
    name: CPU low
    source: { sourceId: rec, query: cpu }
    condition: { op: "<", threshold: 1 }
    evaluate: { cron: "*/5 * * * *", tz: Europe/Berlin }
    severity: info
    summary: idle
    enabled: false
`;

const CSV = [
  'timestamp,value,app',
  '2026-05-01T10:00:00Z,50,web',
  '2026-05-01T10:00:00Z,95,api',
  '2026-05-01T10:00:00Z,85,db',
  '2026-05-01T10:01:00Z,40,web',
  '2026-05-01T10:01:00Z,97,api',
  '2026-05-01T10:01:00Z,70,db',
].join('\n');

function stored(app: string, state: AlertInstance['state']): AlertInstance {
  return {
    ruleId: 'cpu-high',
    seriesKey: `{app="${app}"}`,
    labels: { app, team: 'core' },
    state,
    value: 95,
    activeSinceMs: T0 - 600_000,
    firingSinceMs: state === 'firing' ? T0 - 540_000 : null,
    lastEvalMs: T0,
  };
}

describe('dipper rules', () => {
  let redis: TestRedis;
  let client: Redis;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    client = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'dipper-rules-'));
    await writeFile(join(dir, 'rules.yaml'), CONFIG);
    await writeFile(join(dir, 'cpu.csv'), CSV);
  });

  afterAll(async () => {
    client.disconnect();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A profile with both rules, the recorded set, and db firing for cpu-high. */
  async function seed(prefix: string) {
    const conn = connectionArgs(redis.url, prefix);
    expect((await runCli('apply', '-f', join(dir, 'rules.yaml'), ...conn)).code).toBe(0);
    expect(
      (await runCli('record', 'import', join(dir, 'cpu.csv'), '--set', 'cpu', ...conn)).code,
    ).toBe(0);
    const alerts = createAlertStore(client, prefix, silentLog);
    const db = stored('db', 'firing');
    await alerts.save('cpu-high', new Map([[db.seriesKey, db]]), 0, T0);

    return { conn, alerts };
  }

  describe('list', () => {
    it('shows each rule with its condition, schedule and worst state', async () => {
      const { conn } = await seed(uniquePrefix('list'));

      const run = await runCli('rules', 'list', ...conn);

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'ID        NAME      SOURCE  CONDITION          SCHEDULE                   ENABLED  STATE',
          'cpu-high  CPU high  rec     > 90 (resolve 80)  * * * * *                  yes      firing (1)',
          'cpu-low   CPU low   rec     < 1                */5 * * * * Europe/Berlin  no       normal',
          '',
        ].join('\n'),
      });
    });
  });

  describe('remove', () => {
    it('deletes the rule, its evaluation schedule and its alerts', async () => {
      const prefix = uniquePrefix('remove');
      const { conn, alerts } = await seed(prefix);

      const run = await runCli('rules', 'remove', 'cpu-high', ...conn);
      const again = await runCli('rules', 'remove', 'cpu-high', ...conn);

      expect(run).toEqual({ code: 0, stderr: '', stdout: 'rule "cpu-high" removed\n' });
      expect(again).toEqual({
        code: 1,
        stdout: '',
        stderr: 'dipper: NOT_FOUND: rule "cpu-high" does not exist\n',
      });
      const schedules = createScheduleStore(client, dipperKeys(prefix), silentLog);
      expect((await schedules.list()).map((s) => s.id)).toEqual(['rule-cpu-low']);
      expect((await alerts.load('cpu-high')).instances.size).toBe(0);
    });
  });

  describe('test', () => {
    it('shows every series with its value, state now and state after, saving nothing', async () => {
      const prefix = uniquePrefix('test');
      const { conn, alerts } = await seed(prefix);
      const before = await alerts.load('cpu-high');

      const run = await runCli(
        'rules',
        'test',
        'cpu-high',
        '--at',
        '2026-05-01T10:01:30Z',
        ...conn,
      );

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'rule cpu-high at 2026-05-01T10:01:30.000Z (> 90 (resolve 80)): 3 series',
          'SERIES             VALUE  STATE   WOULD BE',
          'app=api,team=core  97     normal  firing',
          'app=db,team=core   70     firing  resolved',
          'app=web,team=core  40     normal  normal',
          '(a test: nothing was saved and nothing was sent)',
          '',
        ].join('\n'),
      });
      expect(await alerts.load('cpu-high')).toEqual(before);
      expect(await client.exists(historyKey(prefix))).toBe(0);
    });

    it('shows the rule-level alert when the source has no data then', async () => {
      const { conn } = await seed(uniquePrefix('test-nodata'));

      const run = await runCli(
        'rules',
        'test',
        'cpu-high',
        '--at',
        '2026-06-01T00:00:00Z',
        '--json',
        ...conn,
      );

      const report = JSON.parse(run.stdout) as { series: { seriesKey: string; next: string }[] };
      expect(report.series.map((s) => [s.seriesKey, s.next])).toEqual([['{app="db"}', 'nodata']]);
    });

    /** A rule on a Prometheus that refuses connections, applied to `conn` (or not, if wrong). */
    async function applyDownRule(conn: string[], extra: string[]) {
      const file = join(dir, `down-${extra.length}.yaml`);
      const lines = [
        'version: 1',
        'sources:',
        '  - { id: prom, name: Down, config: { kind: prometheus, url: "http://127.0.0.1:1" } }',
        'rules:',
        '  - id: up',
        '    name: Up',
        '    source: { sourceId: prom, query: up }',
        '    condition: { op: "<", threshold: 1 }',
        '    evaluate: { cron: "* * * * *" }',
        '    summary: down',
        ...extra,
      ];
      await writeFile(file, `${lines.join('\n')}\n`);

      return { file, run: await runCli('apply', '-f', file, ...conn) };
    }

    it('exits 1 when the query fails, after showing what it would do', async () => {
      const { conn } = await seed(uniquePrefix('test-down'));
      expect((await applyDownRule(conn, ['    severity: info'])).run.code).toBe(0);

      const run = await runCli('rules', 'test', 'up', '--at', '2026-05-01T10:00:00Z', ...conn);

      const failed =
        'query failed: cannot reach http://127.0.0.1:1/api/v1/query: connect ECONNREFUSED 127.0.0.1:1';
      expect(run).toEqual({
        code: 1,
        stdout: [
          `rule up at 2026-05-01T10:00:00.000Z (< 1): ${failed}`,
          'SERIES  VALUE  STATE   WOULD BE',
          '{}      -      normal  error',
          '(a test: nothing was saved and nothing was sent)',
          '',
        ].join('\n'),
        stderr: `dipper: INTERNAL: rule "up": the ${failed}\n`,
      });
    });

    it('names a missing rule field as nothing given', async () => {
      const { conn } = await seed(uniquePrefix('test-missing'));

      const { file, run } = await applyDownRule(conn, []);

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `dipper: BAD_REQUEST: ${file} has 1 problem; nothing was changed\n` +
          '  rules[0].severity: severity must be one of "critical", "warning", "info"; got nothing (line 5)\n',
      });
    });

    it('fails with NOT_FOUND for an unknown rule', async () => {
      const run = await runCli(
        'rules',
        'test',
        'nope',
        ...connectionArgs(redis.url, uniquePrefix('t')),
      );

      expect(run.code).toBe(1);
      expect(run.stderr).toBe('dipper: NOT_FOUND: rule "nope" does not exist\n');
    });
  });

  describe('replay', () => {
    it('prints the transitions, notifications and firing time over the window', async () => {
      const { conn } = await seed(uniquePrefix('replay'));
      const window = ['--from', '2026-05-01T10:00:00Z', '--to', '2026-05-01T10:03:00Z'];

      const run = await runCli('rules', 'replay', 'cpu-high', ...window, ...conn);

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          'rule cpu-high from 2026-05-01T10:00:00.000Z to 2026-05-01T10:03:00.000Z: 4 ticks (0 warm-up), 3 series, query step 60 s',
          '',
          'transitions:',
          'TIME (UTC)                LABELS             FROM    TO      VALUE',
          '2026-05-01T10:00:00.000Z  app=api,team=core  normal  firing  95',
          '',
          'notifications it would send:',
          'TIME (UTC)                STATUS  ROUTE    CHANNELS  GROUP               ALERTS',
          '2026-05-01T10:00:00.000Z  firing  default  desk      alertname=CPU high  1',
          '',
          'firing time:',
          'SERIES       FIRING',
          '{app="api"}  3 min',
          '',
        ].join('\n'),
      });
    });

    it('says which --step makes a too long window fit', async () => {
      const { conn } = await seed(uniquePrefix('replay-long'));
      // 80 days of an every-minute rule: 115,200 ticks, over the replay's 100,000.
      const window = ['--from', '2026-02-10T00:00:00Z', '--to', '2026-05-01T00:00:00Z'];

      const run = await runCli('rules', 'replay', 'cpu-high', ...window, ...conn);

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'dipper: BAD_REQUEST: cron "* * * * *" ticks more than 100000 times from ' +
          '2026-02-10T00:00:00.000Z to 2026-05-01T00:00:00.000Z (the window plus forMs); narrow ' +
          'the window or give --step 1m10s or more\n',
      });
    });

    it('refuses a step under one second as bad usage', async () => {
      const { conn } = await seed(uniquePrefix('replay-step'));

      const run = await runCli(
        'rules',
        'replay',
        'cpu-high',
        '--from',
        '-1h',
        '--step',
        '10ms',
        ...conn,
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `option '--step <d>' argument '10ms' is invalid. "10ms" is shorter than 1s; cron ticks are whole seconds.`,
      );
    });
  });
});
