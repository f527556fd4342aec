import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { displayProblem, EXIT_UNAVAILABLE, installedElectron } from '../../../scripts/desktop.js';

const run = promisify(execFile);

/** Runs scripts/desktop.ts as `npm start` does; returns its exit code and stderr. */
async function runDesktop(env: Record<string, string>) {
  const base = { ...process.env };
  delete base.DISPLAY;
  delete base.WAYLAND_DISPLAY;
  try {
    await run(process.execPath, ['--import', 'tsx', 'scripts/desktop.ts'], {
      env: { ...base, ...env },
      timeout: 30_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

describe('scripts/desktop.ts', () => {
  describe('when Linux has no display', () => {
    it('says so in one line and exits 3 for the browser-mode fallback', async () => {
      const result = await runDesktop({});

      expect(result).toEqual({
        code: EXIT_UNAVAILABLE,
        stderr:
          'dipper: desktop console unavailable: no display (neither DISPLAY nor ' +
          'WAYLAND_DISPLAY is set); using browser mode\n',
      });
    });
  });

  describe('when the Electron runtime is missing and may not be fetched', () => {
    it('says so in one line and exits 3', async () => {
      const result = await runDesktop({ DISPLAY: ':99', DIPPER_ELECTRON_FETCH: '0' });

      expect(result).toEqual({
        code: 3,
        stderr:
          'dipper: desktop console unavailable: the Electron runtime is not installed ' +
          '(fetching is turned off); using browser mode\n',
      });
    });
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(displayProblem('linux', {})).toBe(
      'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    );
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(displayProblem('darwin', {})).toBeNull();
    expect(displayProblem('win32', {})).toBeNull();
  });

  it('finds the runtime electron/path.txt names, only once its binary exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dipper-electron-'));
    try {
      expect(installedElectron({}, dir)).toBeNull();
      await writeFile(join(dir, 'path.txt'), 'electron');
      expect(installedElectron({}, dir)).toBeNull();

      await mkdir(join(dir, 'dist'));
      await writeFile(join(dir, 'dist', 'electron'), '');
      expect(installedElectron({}, dir)).toBe(join(dir, 'dist', 'electron'));

      const override = join(dir, 'elsewhere');
      await mkdir(override);
      await writeFile(join(override, 'electron'), '');
      expect(installedElectron({ ELECTRON_OVERRIDE_DIST_PATH: override }, dir)).toBe(
        join(override, 'electron'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
