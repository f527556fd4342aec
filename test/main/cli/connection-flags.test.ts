import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('dipper connection options', () => {
  describe('when --redis, --cluster or --prefix is wrong', () => {
    it('names the flag and the value given, with the password masked', async () => {
      const run = await runCli('nodes', '--redis', 'http://ops:hunter2@cache.internal:6379');

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'dipper: BAD_REQUEST: invalid connection options: --redis http://ops:***@cache.internal:6379/: ' +
          'expected a redis:// or rediss:// URL such as redis://host:6379\n',
      });
    });

    it('names each wrong cluster node and the prefix', async () => {
      const run = await runCli('nodes', '--cluster', '10.0.0.5:7000,10.0.0.6', '--prefix', 'jobs');

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'dipper: BAD_REQUEST: invalid connection options: --cluster node "10.0.0.6": expected ' +
          'host:port, e.g. 10.0.0.5:7000; got "10.0.0.6"; --prefix "jobs": prefix "jobs" has no hash tag; on a ' +
          'cluster all keys of one Bull queue must hash to one slot, so the prefix needs a {tag}, ' +
          'e.g. "{jobs}" or "{dipper}"\n',
      );
    });

    it('names --prefix on a saved profile', async () => {
      const run = await runCli('nodes', '--prefix', 'my jobs', '--json');

      expect(run.code).toBe(2);
      expect(JSON.parse(run.stderr)).toMatchObject({
        error: {
          code: 'BAD_REQUEST',
          message: 'invalid connection options: --prefix "my jobs": expected no whitespace',
        },
      });
    });
  });

  describe('when Redis refuses connections', () => {
    it('says why an alerting command got no answer', async () => {
      // Nothing listens on port 1; the command waits out its 5 s deadline.
      const run = await runCli('rules', 'list', '--redis', 'redis://127.0.0.1:1');

      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'dipper: REDIS_UNAVAILABLE: listing rules did not finish within 5000 ms; is Redis ' +
          'reachable? (last error: connect ECONNREFUSED 127.0.0.1:1)\n',
      });
    }, 15_000);
  });
});
