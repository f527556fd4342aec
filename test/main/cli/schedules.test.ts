import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { createTickStore } from '../../../main/scheduler/tick-store.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { quietLog } from '../queues/queue-harness.js';
import { connectionArgs, runCli } from './run-cli.js';

describe('dipper schedules, ledger and nodes', () => {
  let redis: TestRedis;
  let conn: string[];
  let prefix: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    prefix = uniquePrefix('cli-schedules');
    conn = connectionArgs(redis.url, prefix);
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('adds, lists, updates and removes a schedule', async () => {
    const added = await runCli(
      'schedules',
      'add',
      '--id',
      'nightly',
      '--cron',
      '0 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--queue',
      'reports',
      '--job',
      'http.call',
      '--data',
      '{"url":"http://127.0.0.1:9/x"}',
      '--attempts',
      '3',
      '--backoff',
      'exponential:500',
      ...conn,
    );
    const updated = await runCli(
      'schedules',
      'update',
      'nightly',
      '--no-enabled',
      '--json',
      ...conn,
    );
    const listed = await runCli('schedules', 'list', '--json', ...conn);
    const removed = await runCli('schedules', 'remove', 'nightly', ...conn);
    const again = await runCli('schedules', 'remove', 'nightly', ...conn);

    expect(added).toEqual({ code: 0, stdout: 'schedule "nightly" added\n', stderr: '' });
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ id: 'nightly', enabled: false });
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        id: 'nightly',
        name: 'nightly',
        cron: '0 2 * * *',
        tz: 'Europe/Berlin',
        queue: 'reports',
        job: 'http.call',
        data: { url: 'http://127.0.0.1:9/x' },
        enabled: false,
        misfire: 'skip',
        dispatch: 'queue',
        offsetMs: 0,
        options: {
          attempts: 3,
          backoff: { type: 'exponential', delayMs: 500 },
          keepCompleted: 100,
          keepFailed: 1_000,
        },
      },
    ]);
    expect(removed).toEqual({ code: 0, stdout: 'schedule "nightly" removed\n', stderr: '' });
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: 'dipper: NOT_FOUND: schedule "nightly" does not exist\n',
    });
  });

  describe('when the input is wrong', () => {
    it('exits 2 naming the field and what was expected, and stores nothing', async () => {
      const bad = await runCli(
        'schedules',
        'add',
        '--id',
        'short',
        '--cron',
        '0 9 * *',
        '--queue',
        'q',
        '--job',
        'echo',
        ...conn,
      );
      const badNumber = await runCli(
        'schedules',
        'add',
        '--id',
        'x',
        '--attempts',
        'many',
        ...conn,
      );
      const listed = await runCli('schedules', 'list', '--json', ...conn);

      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        'dipper: BAD_REQUEST: invalid schedule: --cron: cron "0 9 * *" has 4 fields; expected 5 ' +
          '(minute hour day month weekday) or 6 (second minute hour day month weekday)\n',
      );
      expect(badNumber.code).toBe(2);
      expect(badNumber.stderr).toContain('"many" is not a whole number from 1 to 100.');
      expect(JSON.parse(listed.stdout)).toEqual([]);
    });
  });

  it("previews a stored schedule's fire times with its offset", async () => {
    const client = new Redis(redis.port, '127.0.0.1');
    const saved = await createScheduleStore(client, dipperKeys(prefix), quietLog).save(
      {
        id: 'spread',
        name: 'spread',
        cron: '0 * * * *',
        queue: 'q',
        job: 'echo',
        offsetMs: 17_000,
      },
      'create',
    );
    client.disconnect();

    const run = await runCli('schedules', 'preview', 'spread', '--count', '3', '--json', ...conn);

    expect(saved.ok).toBe(true);
    const { offsetMs, times } = JSON.parse(run.stdout) as {
      offsetMs: number;
      times: { utc: string }[];
    };
    expect(offsetMs).toBe(17_000);
    expect(times).toHaveLength(3);
    for (const { utc } of times) expect(utc).toMatch(/T\d\d:00:17\.000Z$/);
  });

  it('previews fire times in the zone and in UTC across the spring change', async () => {
    const run = await runCli(
      'schedules',
      'preview',
      '--cron',
      '30 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--count',
      '370',
      '--json',
    );

    const times = (JSON.parse(run.stdout) as { times: { utc: string; local: string }[] }).times;
    // 02:30 does not exist on the spring day in Berlin: it fires once, at 03:00 local (01:00 UTC).
    const moved = times.filter((t) => !t.local.includes(' 02:30:00 '));
    expect(run.code).toBe(0);
    expect(times).toHaveLength(370);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.local).toMatch(/^\d{4}-03-\d\d 03:00:00 GMT\+2$/);
    expect(moved[0]?.utc).toMatch(/^\d{4}-03-\d\dT01:00:00\.000Z$/);
  });

  it('prints the ledger with missed and duplicated ticks counted', async () => {
    await runCli(
      'schedules',
      'add',
      '--id',
      'every-second',
      '--cron',
      '* * * * * *',
      '--queue',
      'q',
      '--job',
      'echo',
      ...conn,
    );
    const client = new Redis(redis.port, '127.0.0.1');
    const ticks = createTickStore(client, dipperKeys(prefix));
    // After the schedule's creation: ticks from before it were never due.
    const t = Date.parse('2030-05-01T10:00:00Z');
    for (const [s, node] of [
      [0, 'n1'],
      [1, 'n1'],
      [1, 'n2'],
      [3, 'n1'],
    ] as const) {
      await ticks.append('every-second', {
        tickMs: t + s * 1000,
        event: 'produced',
        nodeId: node,
        atMs: t + s * 1000 + 7,
        jobId: `tick.every-second.${t + s * 1000}`,
        lagMs: 7,
      });
    }
    client.disconnect();

    const run = await runCli('ledger', 'every-second', ...conn);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 6)).toEqual([
      'schedule every-second: 4 ticks, 1 missed, 1 duplicated',
      'TICK (UTC)                JOB                              PRODUCED BY  LAG MS  OUTCOME  ATTEMPTS  ERROR',
      '2030-05-01T10:00:03.000Z  tick.every-second.1903860003000  n1           7       pending  0         -',
      '2030-05-01T10:00:02.000Z  -                                -            -       missed   0         -',
      '2030-05-01T10:00:01.000Z  tick.every-second.1903860001000  n1,n2        7       pending  0         -',
      '2030-05-01T10:00:00.000Z  tick.every-second.1903860000000  n1           7       pending  0         -',
    ]);
  });

  it('limits the ledger to whole ticks and shows why a tick failed', async () => {
    await runCli(
      'schedules',
      'add',
      '--id',
      'flaky',
      '--cron',
      '* * * * * *',
      '--queue',
      'q',
      '--job',
      'echo',
      ...conn,
    );
    const client = new Redis(redis.port, '127.0.0.1');
    const ticks = createTickStore(client, dipperKeys(prefix));
    const t = Date.parse('2026-05-01T10:00:00Z');
    for (const s of [0, 1, 2]) {
      const tickMs = t + s * 1000;
      const jobId = `tick.flaky.${tickMs}`;
      await ticks.append('flaky', { tickMs, event: 'produced', nodeId: 'n1', atMs: tickMs, jobId });
      await ticks.append('flaky', {
        tickMs,
        event: 'failed',
        nodeId: 'n1',
        atMs: tickMs + 100,
        attempt: 1,
        error: s === 2 ? 'connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap' : 'boom',
      });
    }
    // Tick 2's second attempt: the newest event, so a limit of 2 events would cut tick 2 short.
    await ticks.append('flaky', {
      tickMs: t + 2000,
      event: 'completed',
      nodeId: 'n1',
      atMs: t + 2500,
      attempt: 2,
    });
    client.disconnect();

    const run = await runCli('ledger', 'flaky', '--limit', '2', ...conn);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'schedule flaky: 2 ticks, 0 missed, 0 duplicated',
        'TICK (UTC)                JOB                       PRODUCED BY  LAG MS  OUTCOME    ATTEMPTS  ERROR',
        '2026-05-01T10:00:02.000Z  tick.flaky.1777629602000  n1           -       completed  2         connect ECONNREFUSED 127.0.0.1:9 ...',
        '2026-05-01T10:00:01.000Z  tick.flaky.1777629601000  n1           -       failed     1         boom',
        '',
      ].join('\n'),
    );
  });

  describe("when the schedule is a rule's evaluation schedule", () => {
    it('refuses to change or remove it and names the commands that do', async () => {
      const client = new Redis(redis.port, '127.0.0.1');
      const saved = await createScheduleStore(client, dipperKeys(prefix), quietLog).save(
        {
          id: 'rule-cpu',
          name: 'rule-cpu',
          cron: '* * * * *',
          queue: 'dipper.alerts',
          job: 'alert.evaluate',
          data: { ruleId: 'cpu' },
        },
        'create',
      );
      client.disconnect();
      expect(saved.ok).toBe(true);

      const update = await runCli('schedules', 'update', 'rule-cpu', '--no-enabled', ...conn);
      const remove = await runCli('schedules', 'remove', 'rule-cpu', ...conn);

      const message =
        'dipper: CONFLICT: schedule "rule-cpu" evaluates rule "cpu"; change the rule with dipper ' +
        'apply (its evaluate, enabled fields) or remove it with dipper rules remove cpu\n';
      expect(update).toEqual({ code: 1, stdout: '', stderr: message });
      expect(remove).toEqual({ code: 1, stdout: '', stderr: message });
    });
  });

  it('answers --help with exit 0 and an unknown option with exit 2', async () => {
    const help = await runCli('schedules', 'add', '--help');
    const unknown = await runCli('nodes', '--bogus');

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--cron <expr>');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
  });

  it('reports usage errors as JSON under --json', async () => {
    const run = await runCli('schedules', 'add', '--id', 'x', '--attempts', 'many', '--json');

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        ok: false,
        code: 'BAD_REQUEST',
        message:
          "option '--attempts <n>' argument 'many' is invalid. \"many\" is not a whole number from 1 to 100.",
      },
    });
  });
});
