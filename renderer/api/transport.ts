import type { ConsoleApi, EventName, EventPayload } from '../../shared/api/contract.js';

/** How the renderer reaches main: the desktop preload, the browser WebSocket, or a test mock. */
export interface ConsoleTransport {
  api: ConsoleApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** `connected` is false while the browser transport reconnects. */
  onStatus?(listener: (connected: boolean) => void): () => void;
}

/** What the desktop preload puts on `window.dipper`: one function per method, and events. */
export type DesktopBridge = ConsoleTransport;

declare global {
  interface Window {
    dipper?: DesktopBridge;
  }
}
