import type { BrowserWindow as ElectronWindow } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleHost, EventListener } from '../../../main/console/host.js';
import { registerIpc } from '../../../main/shell/ipc.js';
import { APP_ENTRY_URL } from '../../../main/shell/renderer-url.js';
import { ipcChannel, METHODS } from '../../../shared/api/contract.js';
import type { Result } from '../../../shared/result.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { startTestConsole, type TestConsole } from '../console/console-harness.js';
import { quietLog } from '../queues/queue-harness.js';
import { BrowserWindow, FakeFrame, ipcMain, resetElectron } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

/** A host whose dispatcher records its calls: where the host itself is not the point. */
function fakeHost(answer: () => Promise<Result<unknown>> = async () => ({ ok: true, value: 1 })) {
  const listeners = new Set<EventListener>();
  const calls: { method: string; argument: unknown }[] = [];
  const host: Pick<ConsoleHost, 'dispatch' | 'subscribe'> = {
    dispatch: async (method, argument) => {
      calls.push({ method, argument });
      return answer();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit: EventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  return { host, calls, emit, listeners };
}

/** Our stand-in windows, typed as the shell expects them. */
const asWindows = (list: BrowserWindow[]) => () => list as unknown as ElectronWindow[];

async function openConsoleWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow();
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

function invoke(method: string, senderFrame: FakeFrame | null, argument: unknown) {
  const handler = ipcMain.handlers.get(ipcChannel(method as never, 'call'));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame }, argument) as Promise<Result<unknown>>;
}

describe('the IPC registration', () => {
  beforeEach(() => resetElectron());

  it('registers one handler per console method, and takes them all back', () => {
    const { host } = fakeHost();
    const undo = registerIpc({ host, windows: () => [], entryUrl: APP_ENTRY_URL, log: quietLog });

    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      METHODS.map((m) => `dipper:call:${m}`).sort(),
    );
    expect(ipcMain.handlers.size).toBe(METHODS.length);

    undo();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes a call from our console window to the dispatcher', async () => {
    const { host, calls } = fakeHost();
    const window = await openConsoleWindow();
    registerIpc({ host, windows: asWindows([window]), entryUrl: APP_ENTRY_URL, log: quietLog });

    const result = await invoke('queues.list', window.webContents.mainFrame, {});

    expect(result).toEqual({ ok: true, value: 1 });
    expect(calls).toEqual([{ method: 'queues.list', argument: {} }]);
  });

  describe('when the sender is not the main frame of our console', () => {
    it('answers FORBIDDEN and never reaches the dispatcher', async () => {
      const { host, calls } = fakeHost();
      const window = await openConsoleWindow();
      const other = new BrowserWindow();
      await other.loadURL(APP_ENTRY_URL);
      registerIpc({ host, windows: asWindows([window]), entryUrl: APP_ENTRY_URL, log: quietLog });
      const main = window.webContents.mainFrame;
      const subframe = new FakeFrame(APP_ENTRY_URL, main.processId, main.routingId + 1000);
      subframe.parent = main;
      const navigatedAway = new FakeFrame('https://evil.example/', main.processId, main.routingId);

      const refused = [
        await invoke('jobs.retry', subframe, { queue: 'mail', id: '1' }),
        await invoke('jobs.retry', other.webContents.mainFrame, { queue: 'mail', id: '1' }),
        await invoke('jobs.retry', navigatedAway, { queue: 'mail', id: '1' }),
        await invoke('jobs.retry', null, { queue: 'mail', id: '1' }),
      ];

      expect(refused.map((r) => !r.ok && r.code)).toEqual([
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
      ]);
      expect(!refused[2]!.ok && refused[2]!.message).toBe(
        'jobs.retry refused: the sender does not show the console',
      );
      expect(calls).toEqual([]);
    });
  });

  describe('when the dispatcher throws', () => {
    it('answers INTERNAL instead of throwing across the bridge', async () => {
      const { host } = fakeHost(async () => {
        throw new Error('socket closed');
      });
      const window = await openConsoleWindow();
      registerIpc({ host, windows: asWindows([window]), entryUrl: APP_ENTRY_URL, log: quietLog });

      const result = await invoke('queues.list', window.webContents.mainFrame, {});

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'queues.list failed: socket closed',
      });
    });
  });

  it('forwards every push event to every console window', async () => {
    const { host, emit, listeners } = fakeHost();
    const windows = [await openConsoleWindow(), await openConsoleWindow()];
    const undo = registerIpc({
      host,
      windows: asWindows(windows),
      entryUrl: APP_ENTRY_URL,
      log: quietLog,
    });

    emit('config.changed', { area: 'rules' });
    emit('alerts.open', { ruleId: 'api-latency', seriesKey: 'service="api"' });

    for (const window of windows) {
      expect(window.webContents.sent).toEqual([
        { channel: 'dipper:event:config.changed', payload: { area: 'rules' } },
        {
          channel: 'dipper:event:alerts.open',
          payload: { ruleId: 'api-latency', seriesKey: 'service="api"' },
        },
      ]);
    }
    undo();
    expect(listeners.size).toBe(0);
  });
});

describe('the IPC registration on a real console host', () => {
  let redis: TestRedis;
  let testConsole: TestConsole;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    testConsole = await startTestConsole(redis.url, 'shell-ipc');
  });

  afterAll(async () => {
    await testConsole?.stop();
    await redis?.stop();
  });

  beforeEach(() => resetElectron());

  it('answers a bad request with BAD_REQUEST from the dispatcher', async () => {
    const window = await openConsoleWindow();
    registerIpc({
      host: testConsole.host,
      windows: asWindows([window]),
      entryUrl: APP_ENTRY_URL,
      log: quietLog,
    });

    const result = await invoke('jobs.page', window.webContents.mainFrame, {
      queue: 'mail',
      state: 'sleeping',
      page: -1,
    });

    expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(!result.ok && result.message).toContain('jobs.page request');
    expect(!result.ok && result.message).toContain('page');
    expect(!result.ok && result.message).toContain('state');
  });

  it('answers a good request with the value the host returns', async () => {
    const window = await openConsoleWindow();
    registerIpc({
      host: testConsole.host,
      windows: asWindows([window]),
      entryUrl: APP_ENTRY_URL,
      log: quietLog,
    });

    const result = await invoke('app.info', window.webContents.mainFrame, {});

    expect(result).toMatchObject({
      ok: true,
      value: { user: 'tester', host: 'test-host', profile: { name: 'test' } },
    });
  });

  it('sends the live snapshots of the host to the window', async () => {
    const window = await openConsoleWindow();
    const undo = registerIpc({
      host: testConsole.host,
      windows: asWindows([window]),
      entryUrl: APP_ENTRY_URL,
      log: quietLog,
    });

    const snapshot = await waitForSent(window, 'dipper:event:live.snapshot');

    expect(snapshot).toMatchObject({ firing: [], queues: expect.any(Array) });
    undo();
  });
});

async function waitForSent(window: BrowserWindow, channel: string): Promise<unknown> {
  const sent = await waitFor(
    () => window.webContents.sent.find((s) => s.channel === channel),
    `an event on ${channel}`,
  );
  return sent.payload;
}
