import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../../main/connection/connection.js';
import { parseProfile, sandboxProfile, type Profile } from '../../../shared/profile.js';
import { createProfileStore, type ProfileStore } from '../../../main/connection/profile-store.js';
import { startRedisProcess, type RedisProcess } from '../../../main/connection/redis-process.js';
import {
  profileFromCliOptions,
  resolveTarget,
  showRedisUrl,
  type CliConnectionOptions,
} from '../../../main/connection/resolve.js';
import { silentLog } from './silent-log.js';

function profile(input: unknown): Profile {
  const parsed = parseProfile(input);
  if (!parsed.ok) throw new Error(parsed.message);

  return parsed.value;
}

describe('profileFromCliOptions', () => {
  let dir = '';
  let store: ProfileStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-cli-'));
    store = createProfileStore(dir);
    await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });
    await store.save({ name: 'grid', kind: 'cluster', nodes: ['10.0.0.1:7000'] });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each<[string, CliConnectionOptions, Partial<Profile>]>([
    ['nothing', {}, { name: 'sandbox', kind: 'sandbox', prefix: 'dipper' }],
    ['only --prefix', { prefix: 'team' }, { kind: 'sandbox', prefix: 'team' }],
    ['--profile', { profile: 'prod' }, { name: 'prod', url: 'redis://prod:6379' }],
    ['--profile --prefix', { profile: 'prod', prefix: 'x' }, { name: 'prod', prefix: 'x' }],
    ['--profile sandbox', { profile: 'sandbox' }, { kind: 'sandbox' }],
    ['--redis', { redis: 'redis://h:6380' }, { kind: 'standalone', url: 'redis://h:6380' }],
    [
      '--cluster',
      { cluster: '10.0.0.1:7000, 10.0.0.2:7000,' },
      { kind: 'cluster', nodes: ['10.0.0.1:7000', '10.0.0.2:7000'], prefix: '{dipper}' },
    ],
    ['--cluster --prefix', { cluster: 'a:1', prefix: '{jobs}' }, { prefix: '{jobs}' }],
  ])('given %s picks the right profile', async (_, options, expected) => {
    const result = await profileFromCliOptions(options, store);

    expect(result).toMatchObject({ ok: true, value: expected });
  });

  it.each<[string, CliConnectionOptions, string, string]>([
    [
      '--profile and --redis',
      { profile: 'prod', redis: 'redis://h' },
      'BAD_REQUEST',
      '--profile, --redis and --cluster each say where Redis is; give at most one, ' +
        'got --profile and --redis',
    ],
    [
      'all three',
      { profile: 'prod', redis: 'redis://h', cluster: 'a:1' },
      'BAD_REQUEST',
      '--profile, --redis and --cluster each say where Redis is; give at most one, ' +
        'got --profile, --redis and --cluster',
    ],
    [
      'an unknown profile',
      { profile: 'staging' },
      'NOT_FOUND',
      'profile "staging" does not exist; known profiles: sandbox, prod, grid',
    ],
    [
      'a cluster prefix without hash tag',
      { cluster: 'a:1', prefix: 'jobs' },
      'BAD_REQUEST',
      'prefix "jobs" has no hash tag; on a cluster all keys of one Bull queue must hash to one slot',
    ],
    [
      'a stored cluster profile with a prefix without hash tag',
      { profile: 'grid', prefix: 'jobs' },
      'BAD_REQUEST',
      'prefix "jobs" has no hash tag',
    ],
    [
      'an http URL',
      { redis: 'http://h:80' },
      'BAD_REQUEST',
      '--redis http://h/: invalid profile "command-line": url: expected a redis:// or rediss:// URL',
    ],
  ])('given %s fails', async (_, options, code, message) => {
    const result = await profileFromCliOptions(options, store);

    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.message).toContain(message);
  });

  describe('when a bad URL holds a password', () => {
    it.each([
      ['http://admin:s3cret@h:80', '--redis http://admin:***@h/'],
      ['redis://admin:s3cret@h:notaport', '--redis redis://***@h:notaport'],
      ['redis://admin:s3c@ret@h:notaport', '--redis redis://***@h:notaport'],
    ])('masks it in %s', async (url, shown) => {
      const result = await profileFromCliOptions({ redis: url }, store);

      expect(!result.ok && result.message).toContain(shown);
      expect(JSON.stringify(result)).not.toMatch(/s3c|ret@/);
    });
  });
});

describe('showRedisUrl', () => {
  it('masks passwords, including ones with an unencoded "@"', () => {
    expect(showRedisUrl('redis://user:pw@h:6379/1')).toBe('redis://user:***@h:6379/1');
    expect(showRedisUrl('rediss://:p@ss@h')).toBe('rediss://:***@h');
    expect(showRedisUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});

describe('resolveTarget', () => {
  let dir = '';
  let server: RedisProcess;
  const password = 'pa ss"w\\rd';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-resolve-'));
    server = await startRedisProcess({ dir, password });
  });

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('when the URL carries the credentials', () => {
    it('connects with them', async () => {
      const url = `redis://default:${encodeURIComponent(password)}@127.0.0.1:${server.port}/2`;
      const resolved = await resolveTarget(profile({ name: 'p', kind: 'standalone', url }));
      if (!resolved.ok) throw new Error(resolved.message);

      const client = createRedisClient(resolved.value.target, silentLog, 'test');
      await client.set('where', 'db2');

      expect(resolved.value).toMatchObject({ prefix: 'dipper', readOnly: false, isShared: true });
      expect(resolved.value.target.options).toMatchObject({ username: 'default', db: 2 });
      expect(await client.get('where')).toBe('db2');
      client.disconnect();
    });
  });

  describe('when the profile has a password field', () => {
    it('prefers it to the one in the URL', async () => {
      const url = `redis://:wrong@127.0.0.1:${server.port}`;
      const resolved = await resolveTarget(
        profile({ name: 'p', kind: 'standalone', url, password, readOnly: true }),
      );

      expect(resolved).toMatchObject({
        ok: true,
        value: { readOnly: true, target: { options: { password } } },
      });
    });
  });

  describe('when the database in the URL is not a number', () => {
    it('fails without showing the password', async () => {
      const url = 'rediss://:s3cret@h:6379/abc';
      const result = await resolveTarget(profile({ name: 'p', kind: 'standalone', url }));

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'profile "p": url rediss://:***@h:6379/abc names database "abc"; expected a number such as /0',
      });
    });
  });

  describe('when TLS is configured', () => {
    it('reads the certificate files', async () => {
      const ca = join(dir, 'ca.pem');
      await writeFile(ca, 'CA-PEM');

      const result = await resolveTarget(
        profile({
          name: 'p',
          kind: 'standalone',
          url: 'rediss://h:6380',
          tls: { ca, servername: 'redis.internal', rejectUnauthorized: false },
        }),
      );

      expect(result.ok && result.value.target.options.tls).toEqual({
        ca: Buffer.from('CA-PEM'),
        servername: 'redis.internal',
        rejectUnauthorized: false,
      });
    });

    it('names the file it cannot read', async () => {
      const key = join(dir, 'missing-key.pem');
      const result = await resolveTarget(
        profile({ name: 'p', kind: 'cluster', nodes: ['h:7000'], tls: { key } }),
      );

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(!result.ok && result.message).toContain(
        `profile "p": cannot read TLS key file ${key}: ENOENT`,
      );
    });

    it('turns TLS on for a rediss URL without a tls block', async () => {
      const result = await resolveTarget(
        profile({ name: 'p', kind: 'standalone', url: 'rediss://h' }),
      );

      expect(result.ok && result.value.target.options).toEqual({
        host: 'h',
        port: 6379,
        db: 0,
        tls: {},
      });
    });
  });

  describe('when the profile is a cluster', () => {
    it('turns seeds into nodes and keeps the credentials', async () => {
      const result = await resolveTarget(
        profile({
          name: 'grid',
          kind: 'cluster',
          nodes: ['10.0.0.1:7000', '[::1]:7001'],
          username: 'ops',
          password: 'pw',
        }),
      );

      expect(result).toMatchObject({
        ok: true,
        value: {
          prefix: '{dipper}',
          target: {
            kind: 'cluster',
            nodes: [
              { host: '10.0.0.1', port: 7000 },
              { host: '::1', port: 7001 },
            ],
            options: { username: 'ops', password: 'pw' },
          },
        },
      });
    });
  });

  describe('when the profile is the sandbox', () => {
    it('starts it, and release stops it', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'dipper-home-'));
      const resolved = await resolveTarget(sandboxProfile('team'), {
        log: silentLog,
        sandbox: { dataDir },
      });
      if (!resolved.ok) throw new Error(resolved.message);

      const client = createRedisClient(resolved.value.target, silentLog, 'test');
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
      await resolved.value.release();

      expect(resolved.value).toMatchObject({ prefix: 'team', isShared: false });
      await rm(dataDir, { recursive: true, force: true });
    });
  });
});
