import type { ConsoleApi, EventName, EventPayload } from '../../shared/api/contract.js';

/** How the renderer reaches main: the desktop preload, the browser WebSocket, or a test mock. */
export interface ConsoleTransport {
  api: ConsoleApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * `connected` is false while the browser transport reconnects; `failedAttempts` counts the
   * reconnects that failed since the socket was last open.
   */
  onStatus?(listener: (connected: boolean, failedAttempts: number) => void): () => void;
}

/** What the desktop preload puts on `window.dipper`: one function per method, and events. */
export type DesktopBridge = ConsoleTransport;

declare global {
  interface Window {
    dipper?: DesktopBridge;
  }
}
