import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../../shared/api/contract.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const smoke = join(import.meta.dirname, 'smoke');

/**
 * The desktop build as Electron would load it, without Electron: `electron-vite build`, then the
 * main bundle booted under plain Node with a stand-in `electron` (smoke/), and the preload run
 * in a context that offers only what a sandboxed preload gets.
 */
describe('the desktop build', () => {
  beforeAll(async () => {
    await run('npx', ['electron-vite', 'build'], { cwd: root, timeout: 170_000 });
  }, 180_000);

  it('boots main on the sandbox with the demo, answers the console, refuses a forged frame and quits cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dipper-bundle-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          join(smoke, 'register.mjs'),
          join(smoke, 'run.mjs'),
          join(root, 'out/main/electron-main.mjs'),
        ],
        {
          env: { ...process.env, SMOKE_DIR: dir, DIPPER_HOME: join(dir, 'home') },
          timeout: 90_000,
        },
      );
      const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

      expect(report).toMatchObject({
        handlers: METHODS.length,
        url: 'app://dipper/index.html',
        csp: true,
        webPreferences: {
          preload: join(root, 'out/preload/preload.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
        },
        info: { ok: true, value: { mode: 'desktop', profile: { name: 'sandbox' } } },
        forged: { ok: false, code: 'FORBIDDEN' },
        tooltip: 'Dipper - no alerts firing',
        snapshot: true,
        trayDestroyed: true,
      });
      expect(report.schedules).toEqual(
        expect.arrayContaining(['demo-heartbeat', 'demo-payments', 'demo-frontend']),
      );
      expect(report.quitMs).toBeLessThan(15_000);
      // The shell logs to a file in Electron's logs folder (tests log warnings and up).
      expect(await readFile(join(dir, 'logs', 'dipper.log'), 'utf8')).toContain(
        '"scope":"shell.ipc","method":"queues.list","problem":"the sender is not the main frame',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('has a preload that loads with nothing but electron, as a sandboxed preload must', async () => {
    const code = await readFile(join(root, 'out/preload/preload.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value),
      },
      ipcRenderer: {
        invoke: async () => undefined,
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const required: string[] = [];
    const module = { exports: {} };

    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot load ${name}`);
        return electron;
      },
    });

    expect(required).toEqual(['electron']);
    const bridge = exposed.get('dipper') as { api: Record<string, unknown> };
    expect(Object.keys(bridge.api).sort()).toEqual([...METHODS].sort());
  });
});
