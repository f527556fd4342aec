import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createProfileStore,
  type ProfileStore,
  type SecretCodec,
} from '../../../main/connection/profile-store.js';

/** A reversible stand-in for the OS keychain: base64 of the reversed text. */
const reversingCodec: SecretCodec = {
  encrypt: (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  decrypt: (stored) => [...Buffer.from(stored, 'base64').toString()].reverse().join(''),
};

describe('ProfileStore', () => {
  let dir = '';
  let store: ProfileStore;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'dipper-store-')), 'home');
    store = createProfileStore(dir);
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  describe('when no file exists yet', () => {
    it('lists only the implicit sandbox profile', async () => {
      expect(await store.list()).toEqual({
        ok: true,
        value: [{ name: 'sandbox', kind: 'sandbox', prefix: 'dipper' }],
      });
      expect(await store.get('sandbox')).toMatchObject({ ok: true, value: { kind: 'sandbox' } });
    });
  });

  it('saves, replaces and removes profiles in a versioned 0600 file', async () => {
    await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });
    await store.save({ name: 'grid', kind: 'cluster', nodes: ['10.0.0.1:7000'] });
    await store.save({
      name: 'prod',
      kind: 'standalone',
      url: 'redis://prod2:6379',
      readOnly: true,
    });

    const file = JSON.parse(await readFile(store.file, 'utf8')) as unknown;
    expect(file).toEqual({
      version: 1,
      profiles: [
        {
          name: 'prod',
          kind: 'standalone',
          url: 'redis://prod2:6379',
          readOnly: true,
          prefix: 'dipper',
        },
        { name: 'grid', kind: 'cluster', nodes: ['10.0.0.1:7000'], prefix: '{dipper}' },
      ],
    });
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);

    expect(await store.remove('prod')).toMatchObject({ ok: true, value: { name: 'prod' } });
    const names = await store.list();
    expect(names.ok && names.value.map((p) => p.name)).toEqual(['sandbox', 'grid']);
  });

  it('keeps every profile when processes save at the same time', async () => {
    const saves = Array.from({ length: 8 }, (_, i) =>
      store.save({ name: `p${i}`, kind: 'standalone', url: `redis://h${i}:6379` }),
    );
    await Promise.all(saves);

    const listed = await store.list();
    expect(listed.ok && listed.value.length).toBe(9);
  });

  describe('when the name is missing or reserved', () => {
    it('returns NOT_FOUND listing known profiles and refuses to touch the sandbox', async () => {
      await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });

      expect(await store.get('staging')).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'profile "staging" does not exist; known profiles: sandbox, prod',
      });
      expect(await store.save({ name: 'sandbox', kind: 'sandbox', prefix: 'x' })).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
      });
      expect(await store.remove('sandbox')).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    });
  });

  describe('when the file is corrupt', () => {
    it('names the file and the path of the bad entry', async () => {
      await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });
      const body = {
        version: 1,
        profiles: [
          { name: 'prod', kind: 'standalone', url: 'redis://prod:6379' },
          { name: 'grid', kind: 'cluster', nodes: ['10.0.0.1:7000'], prefix: 'no-tag' },
        ],
      };
      await writeFile(store.file, JSON.stringify(body));

      const result = await store.list();

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(!result.ok && result.message).toContain(
        `invalid profiles file ${store.file}: profiles.1.prefix: prefix "no-tag" has no hash tag`,
      );
    });

    it('reports broken JSON without quoting the text, which may hold a password', async () => {
      await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });
      await writeFile(store.file, '{"version": 1, "profiles": [{"password": s3cret}]}');

      const result = await store.get('prod');

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(!result.ok && result.message).toContain(
        `profiles file ${store.file} is not valid JSON`,
      );
      expect(JSON.stringify(result)).not.toContain('s3cret');
    });

    it('refuses a file from a newer Dipper', async () => {
      await store.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });
      await writeFile(store.file, JSON.stringify({ version: 2, profiles: [] }));

      const result = await store.list();

      expect(!result.ok && result.message).toBe(
        `profiles file ${store.file} has version 2; this Dipper reads version 1 ` +
          '(was it written by a newer Dipper?)',
      );
    });
  });

  describe('when a secret codec is given', () => {
    it('stores the url and password encrypted and reads them back in clear', async () => {
      const secure = createProfileStore(dir, { codec: reversingCodec });
      await secure.save({
        name: 'prod',
        kind: 'standalone',
        url: 'redis://ops:s3cret@prod:6379',
        password: 'hunter2',
      });

      const text = await readFile(secure.file, 'utf8');
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain('hunter2');
      const stored = (JSON.parse(text) as { profiles: { url: string }[] }).profiles[0];
      expect(stored?.url).toBe(`enc:v1:${reversingCodec.encrypt('redis://ops:s3cret@prod:6379')}`);
      expect(await secure.get('prod')).toMatchObject({
        ok: true,
        value: { url: 'redis://ops:s3cret@prod:6379', password: 'hunter2' },
      });
    });

    it('still reads profiles written in clear before encryption was on', async () => {
      await store.save({ name: 'old', kind: 'standalone', url: 'redis://old:6379' });

      const secure = createProfileStore(dir, { codec: reversingCodec });

      expect(await secure.get('old')).toMatchObject({
        ok: true,
        value: { url: 'redis://old:6379' },
      });
    });

    it('tells a store without the codec that only the desktop app can read the file', async () => {
      const secure = createProfileStore(dir, { codec: reversingCodec });
      await secure.save({ name: 'prod', kind: 'standalone', url: 'redis://prod:6379' });

      const result = await store.list();

      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(!result.ok && result.message).toBe(
        `profile "prod" in ${store.file} has its url encrypted with the desktop app's OS ` +
          'keychain; only the desktop app can read it (give the CLI its own DIPPER_HOME)',
      );
    });
  });
});
