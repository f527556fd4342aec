import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge } from '../../renderer/api/transport.js';
import {
  EVENT_NAMES,
  ipcChannel,
  METHODS,
  type ConsoleApi,
  type EventName,
} from '../../shared/api/contract.js';
import { fail } from '../../shared/result.js';

/**
 * What the console page gets on `window.dipper`: one function per method and a way to listen
 * to push events. `ipcRenderer` itself never crosses the bridge, and listeners never see the
 * IPC event (it would hand the page the sender). This file is bundled into one CommonJS file:
 * a sandboxed preload can load nothing but `electron` and a few built-ins.
 */
export function createBridge(): DesktopBridge {
  const api = Object.fromEntries(
    METHODS.map((method) => [
      method,
      (request: unknown) =>
        ipcRenderer
          .invoke(ipcChannel(method, 'call'), request)
          .catch((error: unknown) =>
            fail('INTERNAL', `${method} did not reach main: ${(error as Error).message}`),
          ),
    ]),
  ) as unknown as ConsoleApi;

  return {
    api,
    on(event, listener) {
      if (!(EVENT_NAMES as string[]).includes(event)) {
        throw new Error(
          `unknown event "${String(event)}"; expected one of ${EVENT_NAMES.join(', ')}`,
        );
      }
      const channel = ipcChannel(event as EventName, 'event');
      const forward = (_event: IpcRendererEvent, payload: unknown) =>
        listener(payload as Parameters<typeof listener>[0]);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  };
}

contextBridge.exposeInMainWorld('dipper', createBridge());
