import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ConsoleHost } from '../console/host.js';
import type { Logger } from '../log/logger.js';
import { ipcChannel, METHODS } from '../../shared/api/contract.js';
import { fail } from '../../shared/result.js';
import { isRendererUrl } from './renderer-url.js';

export interface IpcOptions {
  host: Pick<ConsoleHost, 'dispatch' | 'subscribe'>;
  /** Our windows; a call is answered only from the main frame of one of them. */
  windows: () => BrowserWindow[];
  entryUrl: string;
  log: Logger;
}

/**
 * Why a call's sender is not our console, or null when it is: the sending frame must be the
 * main frame of one of our windows, showing our renderer.
 */
export function senderProblem(
  event: IpcMainInvokeEvent,
  windows: BrowserWindow[],
  entryUrl: string,
): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';

  const isMainFrameOfOurs = windows.some((window) => {
    if (window.isDestroyed()) return false;
    const main = window.webContents.mainFrame;
    return main.processId === frame.processId && main.routingId === frame.routingId;
  });
  if (!isMainFrameOfOurs) return 'the sender is not the main frame of a console window';
  if (!isRendererUrl(frame.url, entryUrl)) return 'the sender does not show the console';

  return null;
}

/**
 * The one IPC registration: a handler per console method that checks the sender and hands the
 * call to the host's dispatcher, and every push event sent to every window. A handler never
 * throws: Electron would pass on only the message of a thrown error. Returns the undo.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { host, log } = options;

  for (const method of METHODS) {
    ipcMain.handle(ipcChannel(method, 'call'), async (event, argument: unknown) => {
      const problem = senderProblem(event, options.windows(), options.entryUrl);
      if (problem) {
        log.warn('console call refused', { method, problem, url: event.senderFrame?.url });
        return fail('FORBIDDEN', `${method} refused: ${problem}`);
      }

      try {
        return await host.dispatch(method, argument);
      } catch (error) {
        log.error('console call failed outside the dispatcher', { method, err: error });
        return fail('INTERNAL', `${method} failed: ${(error as Error).message ?? String(error)}`);
      }
    });
  }

  const unsubscribe = host.subscribe((event, payload) => {
    for (const window of options.windows()) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
      window.webContents.send(ipcChannel(event, 'event'), payload);
    }
  });

  return () => {
    unsubscribe();
    for (const method of METHODS) ipcMain.removeHandler(ipcChannel(method, 'call'));
  };
}
