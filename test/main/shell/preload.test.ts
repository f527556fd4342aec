import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopBridge } from '../../../renderer/api/transport.js';
import { METHODS } from '../../../shared/api/contract.js';
import { contextBridge, ipcRenderer } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

describe('the preload', () => {
  let bridge: DesktopBridge;

  beforeAll(async () => {
    await import('../../../main/shell/preload.js');
    bridge = contextBridge.exposed.get('dipper') as DesktopBridge;
  });

  it('exposes window.dipper with one function per method and an event listener, nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['dipper']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on']);
    expect(Object.keys(bridge.api).sort()).toEqual([...METHODS].sort());
    for (const method of METHODS) expect(typeof bridge.api[method], method).toBe('function');
    expect(JSON.stringify(Object.keys(bridge))).not.toContain('ipcRenderer');
  });

  it('sends a call on the method channel and resolves to the Result main returns', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });

    const result = await bridge.api['queues.list']({});

    expect(result).toEqual({ ok: true, value: [] });
    expect(ipcRenderer.invoke.mock.calls).toEqual([['dipper:call:queues.list', {}]]);
  });

  describe('when main cannot be reached', () => {
    it('resolves to INTERNAL instead of rejecting', async () => {
      ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'));

      const result = await bridge.api['jobs.get']({ queue: 'mail', id: '7' });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'jobs.get did not reach main: No handler registered',
      });
    });
  });

  it('delivers push events without the IPC event, until unsubscribed', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.on('alerts.open', (payload) => received.push(payload));

    ipcRenderer.emit(
      'dipper:event:alerts.open',
      { sender: 'secret' },
      { ruleId: 'r1', seriesKey: 's' },
    );
    unsubscribe();
    ipcRenderer.emit(
      'dipper:event:alerts.open',
      { sender: 'secret' },
      { ruleId: 'r2', seriesKey: 's' },
    );

    expect(received).toEqual([{ ruleId: 'r1', seriesKey: 's' }]);
    expect(ipcRenderer.listenerCount('dipper:event:alerts.open')).toBe(0);
  });

  it('refuses to listen on a channel that is not a console event', () => {
    expect(() => bridge.on('ipc-internal' as never, () => undefined)).toThrow(
      'unknown event "ipc-internal"',
    );
  });
});
