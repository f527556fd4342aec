import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../main/alerts/history/history-store.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { connectionArgs, runCli } from './run-cli.js';

const END_MS = Date.parse('2030-01-01T12:00:00Z');

describe('dipper silences', () => {
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

  describe('when silences are added, listed and removed', () => {
    it('prints each step exactly and records it in the history', async () => {
      const prefix = uniquePrefix('silences');
      const conn = connectionArgs(redis.url, prefix);

      const added = await runCli(
        'silences',
        'add',
        '--id',
        'deploy-web',
        '--matcher',
        'app=web',
        '--matcher',
        'env=~prod.*',
        '--start',
        '2030-01-01T10:00:00Z',
        '--duration',
        '2h',
        '--comment',
        'deploy',
        '--by',
        'ana',
        ...conn,
      );
      const past = await runCli(
        'silences',
        'add',
        '--id',
        'old',
        '--matcher',
        'team!=core',
        '--start',
        '2020-01-01T00:00:00Z',
        '--until',
        '2020-01-02T00:00:00Z',
        '--by',
        'bo',
        ...conn,
      );
      const listed = await runCli('silences', 'list', ...conn);
      const removed = await runCli('silences', 'remove', 'deploy-web', '--by', 'cy', ...conn);
      const after = await runCli('silences', 'list', ...conn);

      expect(added).toEqual({
        code: 0,
        stderr: '',
        stdout:
          'silence deploy-web added: app="web",env=~"prod.*" from 2030-01-01T10:00:00.000Z until 2030-01-01T12:00:00.000Z\n',
      });
      expect(past.code).toBe(0);
      expect(listed.stdout).toBe(
        [
          'ID          STATUS   MATCHERS                 STARTS (UTC)              ENDS (UTC)                BY   COMMENT',
          'deploy-web  pending  app="web",env=~"prod.*"  2030-01-01T10:00:00.000Z  2030-01-01T12:00:00.000Z  ana  deploy',
          'old         expired  team!="core"             2020-01-01T00:00:00.000Z  2020-01-02T00:00:00.000Z  bo   -',
          '',
        ].join('\n'),
      );
      expect(removed).toEqual({ code: 0, stderr: '', stdout: 'silence deploy-web removed\n' });
      expect(after.stdout).toMatch(/^ID .*\nold +expired .*\n$/);

      const history = createHistoryStore(client, prefix);
      const page = await history.query({ fromMs: 0, toMs: Date.now() + 1_000, limit: 10 });
      const entries = page.ok ? page.value.entries : [];
      const events = entries.map((e) => e.kind === 'silence' && [e.silenceId, e.event, e.by]);
      expect(events).toEqual([
        ['deploy-web', 'removed', 'cy'],
        ['old', 'created', 'bo'],
        ['deploy-web', 'created', 'ana'],
      ]);
      expect(entries[0]).toMatchObject({ matchers: 'app="web",env=~"prod.*"', endsAtMs: END_MS });
    });
  });

  describe('when the input is wrong', () => {
    it('refuses a matcher that is not NAME op VALUE with exit code 2', async () => {
      const run = await runCli(
        'silences',
        'add',
        '--matcher',
        'app',
        '--duration',
        '1h',
        ...connectionArgs(redis.url, uniquePrefix('bad')),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '"app" is not a matcher; expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX',
      );
    });

    it('refuses a silence without --duration or --until', async () => {
      const run = await runCli(
        'silences',
        'add',
        '--matcher',
        'app=web',
        ...connectionArgs(redis.url, uniquePrefix('no-end')),
      );

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: 'dipper: BAD_REQUEST: give how long the silence lasts: --duration or --until\n',
      });
    });

    it('says which silence does not exist on remove', async () => {
      const run = await runCli(
        'silences',
        'remove',
        'nope',
        ...connectionArgs(redis.url, uniquePrefix('rm')),
      );

      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: 'dipper: NOT_FOUND: silence "nope" does not exist\n',
      });
    });
  });
});
