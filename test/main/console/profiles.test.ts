import { describe, expect, it } from 'vitest';
import { startTestRedis, uniquePrefix } from '../../harness/redis.js';
import { useTestConsoles, type TestConsole } from './console-harness.js';

describe('profiles handlers', () => {
  const consoles = useTestConsoles();
  let c: TestConsole;

  function other(extra: Record<string, unknown> = {}) {
    return {
      name: 'other',
      kind: 'standalone',
      url: consoles.redis.url,
      prefix: uniquePrefix('other'),
      ...extra,
    };
  }

  describe('list and checks', () => {
    it('lists every profile with the active one marked and no password in sight', async () => {
      c = await consoles.start('profiles-list');
      const url = `redis://ops:hunter2-secret@127.0.0.1:${consoles.redis.port}/0`;
      await c.value('profiles.save', { profile: other({ url, readOnly: true }) });

      const listed = await c.value('profiles.list', {});

      expect(listed).toEqual([
        {
          name: 'sandbox',
          kind: 'sandbox',
          readOnly: false,
          prefix: 'dipper',
          target: 'embedded sandbox redis-server',
          active: false,
        },
        {
          name: 'test',
          kind: 'standalone',
          readOnly: false,
          prefix: c.prefix,
          target: consoles.redis.url,
          active: true,
        },
        {
          name: 'other',
          kind: 'standalone',
          readOnly: true,
          prefix: expect.any(String),
          target: expect.not.stringContaining('hunter2'),
          active: false,
        },
      ]);
      expect(JSON.stringify(listed)).not.toContain('hunter2');
    });

    it('checks the connection the console runs on', async () => {
      c = await consoles.start('profiles-checks');

      const report = await c.value('profiles.checks', {});

      expect(report.kind).toBe('standalone');
      expect(report.servers.map((s) => s.address)).toEqual([`127.0.0.1:${consoles.redis.port}`]);
      expect(report.redisVersion).toMatch(/^\d+\.\d+/);
      // The test server runs without AOF or snapshots: a shared profile is warned about it.
      expect(report.warnings).toContainEqual(expect.stringContaining('neither AOF nor RDB'));
    });
  });

  describe('save and remove', () => {
    it('saves another profile and refuses to change the one the console runs on', async () => {
      c = await consoles.start('profiles-save');
      const active = {
        name: 'test',
        kind: 'standalone',
        url: consoles.redis.url,
        prefix: c.prefix,
      };

      const saved = await c.value('profiles.save', { profile: other() });
      const unchanged = await c.value('profiles.save', { profile: active });
      const changed = await c.call('profiles.save', { profile: { ...active, readOnly: true } });
      const sandbox = await c.call('profiles.save', {
        profile: { name: 'sandbox', kind: 'sandbox' },
      });

      expect(saved).toMatchObject({ name: 'other', active: false });
      expect(unchanged).toMatchObject({ name: 'test', active: true, readOnly: false });
      expect(changed).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: expect.stringContaining('profile "test" is the one this console runs on'),
      });
      const stored = await c.session.profiles.get('test');
      expect(stored.ok && stored.value.readOnly).toBeFalsy();
      expect(sandbox).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    });

    it('removes another profile and refuses the sandbox and the active profile', async () => {
      c = await consoles.start('profiles-remove');
      await c.value('profiles.save', { profile: other() });

      const removed = await c.value('profiles.remove', { name: 'other' });
      const missing = await c.call('profiles.remove', { name: 'other' });
      const sandbox = await c.call('profiles.remove', { name: 'sandbox' });
      const active = await c.call('profiles.remove', { name: 'test' });

      expect(removed).toEqual({ removed: true });
      expect(missing).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: expect.stringContaining('profile "other" does not exist'),
      });
      expect(sandbox).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message: expect.stringContaining('built in'),
      });
      expect(active).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: expect.stringContaining('"test"'),
      });
      expect((await c.value('profiles.list', {})).map((p) => p.name)).toEqual(['sandbox', 'test']);
    });
  });

  describe('switch', () => {
    it('moves the console onto another profile, and NOT_FOUND names the known ones', async () => {
      c = await consoles.start('profiles-switch');
      const target = other();
      await c.value('profiles.save', { profile: target });

      const info = await c.value('profiles.switch', { name: 'other' });
      const unknown = await c.call('profiles.switch', { name: 'nowhere' });

      expect(info.profile).toMatchObject({ name: 'other', prefix: target.prefix, active: true });
      expect(c.host.session()?.profileName).toBe('other');
      expect(
        (await c.value('profiles.list', {})).filter((p) => p.active).map((p) => p.name),
      ).toEqual(['other']);
      expect(unknown).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: expect.stringContaining('known profiles: sandbox, test, other'),
      });
      // A failed switch leaves the console where it was.
      expect(c.host.session()?.profileName).toBe('other');
    });

    it('stays on its profile, answering calls, when the new one cannot be reached', async () => {
      c = await consoles.start('profiles-unreachable');
      // A port nothing listens on: a closed test Redis's.
      const closed = await startTestRedis({ appendOnly: false });
      await closed.stop();
      await c.value('profiles.save', {
        profile: other({ name: 'gone', url: `redis://127.0.0.1:${closed.port}` }),
      });

      const switched = await c.call('profiles.switch', { name: 'gone' });

      expect(switched).toMatchObject({
        ok: false,
        code: 'REDIS_UNAVAILABLE',
        message: expect.stringMatching(
          /^cannot switch to "gone": reaching Redis of "gone" did not finish within 5000 ms.*ECONNREFUSED/,
        ),
      });
      expect(c.host.session()?.profileName).toBe('test');
      expect(await c.call('queues.list', {})).toMatchObject({ ok: true });
      expect(
        (await c.value('profiles.list', {})).filter((p) => p.active).map((p) => p.name),
      ).toEqual(['test']);
    });
  });
});
