import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirPath, ensureDataDir } from '../../../main/connection/data-dir.js';

describe('dataDirPath', () => {
  it.each([
    ['linux', {}, '/home/ana/.local/share/dipper'],
    ['linux', { XDG_DATA_HOME: '/data/xdg' }, '/data/xdg/dipper'],
    ['darwin', {}, '/home/ana/Library/Application Support/Dipper'],
    ['win32', { APPDATA: '/c/Users/ana/AppData/Roaming' }, '/c/Users/ana/AppData/Roaming/Dipper'],
    ['linux', { DIPPER_HOME: '/srv/dipper', XDG_DATA_HOME: '/x' }, '/srv/dipper'],
    ['darwin', { DIPPER_HOME: '/srv/dipper' }, '/srv/dipper'],
  ] as const)('on %s with %j is %s', (platform, env, expected) => {
    expect(dataDirPath({ platform, env, homeDir: '/home/ana' })).toBe(expected);
  });
});

describe('ensureDataDir', () => {
  let base = '';

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates the folder with mode 0700 on first use', async () => {
    base = await mkdtemp(join(tmpdir(), 'dipper-home-'));
    const dir = join(base, 'nested', 'dipper');

    const result = await ensureDataDir({ env: { DIPPER_HOME: dir } });

    expect(result).toEqual({ ok: true, value: dir });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  describe('when a file stands where a parent folder should be', () => {
    it('returns a failure naming the folder', async () => {
      base = await mkdtemp(join(tmpdir(), 'dipper-home-'));
      const dir = join(base, 'file-not-dir', 'dipper');
      await writeFile(join(base, 'file-not-dir'), '');

      const result = await ensureDataDir({ env: { DIPPER_HOME: dir } });

      expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(!result.ok && result.message).toContain(`cannot create data folder ${dir}`);
    });
  });
});
