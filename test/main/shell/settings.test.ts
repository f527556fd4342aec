import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProfileStore } from '../../../main/connection/profile-store.js';
import { keychainCodec } from '../../../main/shell/secrets.js';
import { loadDesktopSettings } from '../../../main/shell/settings.js';
import { quietLog } from '../queues/queue-harness.js';
import { resetElectron, safeStorage } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

describe('the desktop settings', () => {
  let dir = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-desktop-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('start with notifications on, unfiltered, and no last profile', async () => {
    const settings = await loadDesktopSettings(dir, quietLog);

    expect(settings.current()).toEqual({
      version: 1,
      notifications: { paused: false, matchers: [] },
    });
  });

  it('keep the last profile and the notification filter across restarts, in a 0600 file', async () => {
    const settings = await loadDesktopSettings(dir, quietLog);
    await settings.update((s) => ({
      ...s,
      lastProfile: 'prod',
      notifications: { paused: true, matchers: [{ name: 'env', op: '=', value: 'prod' }] },
    }));

    const again = await loadDesktopSettings(dir, quietLog);

    expect(again.current()).toEqual({
      version: 1,
      lastProfile: 'prod',
      notifications: { paused: true, matchers: [{ name: 'env', op: '=', value: 'prod' }] },
    });
    expect((await stat(again.file)).mode & 0o777).toBe(0o600);
  });

  it('fall back to the defaults when the file holds a bad matcher', async () => {
    await writeFile(
      join(dir, 'desktop.json'),
      JSON.stringify({ version: 1, notifications: { matchers: [{ name: 'env', op: '~~' }] } }),
    );

    const settings = await loadDesktopSettings(dir, quietLog);

    expect(settings.current().notifications).toEqual({ paused: false, matchers: [] });
  });
});

describe('the keychain codec', () => {
  let dir = '';

  beforeEach(async () => {
    resetElectron();
    dir = await mkdtemp(join(tmpdir(), 'dipper-keychain-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps profile passwords out of the file with safeStorage', async () => {
    const codec = keychainCodec('linux');
    const profiles = createProfileStore(dir, codec ? { codec } : {});

    await profiles.save({ name: 'prod', kind: 'standalone', url: 'redis://:s3cret@prod:6379' });

    expect(codec).toBeDefined();
    expect(await readFile(profiles.file, 'utf8')).not.toContain('s3cret');
    expect(await profiles.get('prod')).toMatchObject({
      ok: true,
      value: { url: 'redis://:s3cret@prod:6379' },
    });
  });

  it('is not used where the OS has no keychain', () => {
    safeStorage.available = false;
    expect(keychainCodec('darwin')).toBeUndefined();

    safeStorage.available = true;
    safeStorage.backend = 'basic_text';
    expect(keychainCodec('linux')).toBeUndefined();
    expect(keychainCodec('win32')).toBeDefined();
  });
});
