import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_JOB_NAMES } from '../../../main/cli/commands/job-names.js';
import { createPlatformProcessors, type PlatformDeps } from '../../../main/jobs/index.js';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { quietLog } from '../queues/queue-harness.js';
import { connectionArgs, runCli } from './run-cli.js';

const BUILT_IN = 'cache.refresh, echo, http.call, report.weekly, stats.sample';

describe('dipper schedules and job names', () => {
  let redis: TestRedis;
  let conn: string[];
  let dir: string;
  let processorsFile: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    conn = connectionArgs(redis.url, uniquePrefix('cli-jobs'));
    dir = await mkdtemp(join(tmpdir(), 'dipper-cli-jobs-'));
    processorsFile = join(dir, 'reports.mjs');
    const source = `export const processors = { 'reports.build': async () => 1, 'reports.mail': async () => 2 };\n`;
    await writeFile(processorsFile, source);
  });

  afterAll(async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const add = (id: string, job: string, ...more: string[]) =>
    runCli(
      'schedules',
      'add',
      '--id',
      id,
      '--cron',
      '0 * * * *',
      '--queue',
      'q',
      '--job',
      job,
      ...more,
      ...conn,
    );
  const storedIds = async () => {
    const listed = await runCli('schedules', 'list', '--json', ...conn);
    return (JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id);
  };

  it('lists the job names every node runs', () => {
    // Construction only names the processors; nothing here is called.
    const platformDeps = { log: quietLog } as unknown as PlatformDeps;
    const names = [
      ...Object.keys(builtinProcessors()),
      ...Object.keys(createPlatformProcessors(platformDeps)),
    ].sort();

    expect(BUILTIN_JOB_NAMES).toEqual(names);
    expect(BUILTIN_JOB_NAMES.join(', ')).toBe(BUILT_IN);
  });

  describe('when --job is not a built-in job', () => {
    it('refuses it with the known names and stores nothing', async () => {
      const run = await add('typo', 'http.cal');

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `dipper: BAD_REQUEST: --job "http.cal" is not a built-in job; built-in jobs: ${BUILT_IN}. ` +
          'For a job of custom processors, give --processors FILE (the module the nodes load) or --custom-job\n',
      });
      expect(await storedIds()).not.toContain('typo');
    });

    it('accepts a name the --processors module exports and refuses one it does not', async () => {
      const known = await add('built', 'reports.build', '--processors', processorsFile);
      const unknown = await add('sent', 'reports.send', '--processors', processorsFile);

      expect(known).toEqual({ code: 0, stdout: 'schedule "built" added\n', stderr: '' });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe(
        `dipper: BAD_REQUEST: --job "reports.send" is neither a built-in job nor in ${processorsFile}; ` +
          `built-in jobs: ${BUILT_IN}; ${processorsFile}: reports.build, reports.mail\n`,
      );
      expect(await storedIds()).not.toContain('sent');
    });

    it('accepts any name with --custom-job', async () => {
      const run = await add('elsewhere', 'billing.close', '--custom-job');

      expect(run).toEqual({ code: 0, stdout: 'schedule "elsewhere" added\n', stderr: '' });
    });

    it('refuses an update to an unknown job but not other edits of such a schedule', async () => {
      const job = await runCli('schedules', 'update', 'elsewhere', '--job', 'ehco', ...conn);
      const cron = await runCli('schedules', 'update', 'elsewhere', '--cron', '5 * * * *', ...conn);

      expect(job.code).toBe(2);
      expect(job.stderr).toContain('--job "ehco" is not a built-in job');
      expect(cron).toEqual({ code: 0, stdout: 'schedule "elsewhere" updated\n', stderr: '' });
    });
  });

  it('refuses alert.evaluate on the alerts queue and names what to do instead', async () => {
    const run = await runCli(
      'schedules',
      'add',
      '--id',
      'rule-x',
      '--cron',
      '* * * * *',
      '--queue',
      'dipper.alerts',
      '--job',
      'alert.evaluate',
      ...conn,
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dipper: BAD_REQUEST: --job alert.evaluate on dipper.alerts evaluates rules, and rules make ' +
        'their own evaluation schedules; save a rule with dipper apply instead\n',
    );
  });

  it('names a missing required flag', async () => {
    const run = await runCli(
      'schedules',
      'add',
      '--id',
      'x',
      '--cron',
      '* * * * *',
      '--queue',
      'q',
      ...conn,
    );
    const json = await runCli('schedules', 'add', '--id', 'x', '--json', ...conn);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: required option '--job <name>' not specified");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        ok: false,
        code: 'BAD_REQUEST',
        message: "required option '--cron <expr>' not specified",
      },
    });
  });

  it('names a wrong or missing schedule field of an applied file instead of a type error', async () => {
    const file = join(dir, 'bad-fields.yaml');
    const lines = [
      'version: 1',
      'schedules:',
      '  - { id: nightly, name: Nightly, cron: "0 2 * * *", queue: reports, job: 7 }',
      '  - { id: hourly, name: Hourly, queue: reports, job: echo }',
    ];
    await writeFile(file, `${lines.join('\n')}\n`);

    const run = await runCli('apply', '-f', file, '--dry-run', ...conn);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `dipper: BAD_REQUEST: ${file} has 2 problems; nothing was changed\n` +
        '  schedules[0].job: job must be a string; got 7 (line 3)\n' +
        '  schedules[1].cron: cron is missing; expected a string (line 4)\n',
    );
  });

  it('refuses an update that changes nothing', async () => {
    const run = await runCli('schedules', 'update', 'built', '--json', ...conn);

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toMatchObject({
      error: {
        code: 'BAD_REQUEST',
        message:
          'nothing to change in schedule "built"; give the fields to change, e.g. --cron "0 9 * * *" or --no-enabled',
      },
    });
  });

  it('names the flag of each wrong field', async () => {
    const run = await add('bad-tz', 'echo', '--tz', 'Mars/Base', '--name', ' ');
    const big = await add('big', 'echo', '--data', JSON.stringify({ text: 'x'.repeat(70_000) }));

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dipper: BAD_REQUEST: invalid schedule: --name: name must not be empty; --tz: time zone ' +
        '"Mars/Base" is not a known IANA zone; expected an IANA name such as "Europe/Berlin", ' +
        '"America/New_York" or "UTC"\n',
    );
    expect(big.stderr).toBe(
      'dipper: BAD_REQUEST: invalid schedule: --data: payload is 70011 bytes of JSON; expected at most 65536\n',
    );
  });
});
