import { METHODS, type ConsoleApi } from '../../shared/api/contract.js';
import { fail, type Result } from '../../shared/result.js';
import {
  TOKEN_PARAM,
  WIRE_PATH,
  type ServerMessage,
  type WireCall,
} from '../../shared/api/wire.js';
import { createEventListeners } from './listeners.js';
import type { ConsoleTransport } from './transport.js';

/** How long a call waits for an answer (and, while disconnected, for the socket), ms. */
const CALL_TIMEOUT_MS = 65_000;
const RECONNECT_MAX_MS = 5_000;

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The browser transport: one WebSocket to `dipper serve`, reconnecting by itself. Calls made
 * while it is down wait for it (up to their timeout); calls in flight when it drops fail with
 * TIMEOUT, since main may or may not have run them.
 */
export function createSocketTransport(url: string): ConsoleTransport {
  let socket: WebSocket | undefined;
  let open = false;
  let nextId = 1;
  let retryMs = 250;
  let failedAttempts = 0;
  const pending = new Map<number, Pending>();
  const queued: WireCall[] = [];
  const listeners = createEventListeners();
  const statusListeners = new Set<(connected: boolean, failedAttempts: number) => void>();

  const setOpen = (value: boolean) => {
    open = value;
    for (const listener of statusListeners) listener(value, failedAttempts);
  };

  function connect() {
    const ws = new WebSocket(url);
    let didOpen = false;
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      failedAttempts = 0;
      didOpen = true;
      setOpen(true);
      for (const call of queued.splice(0)) ws.send(JSON.stringify(call));
    };
    ws.onmessage = (message) => {
      let parsed: ServerMessage;
      try {
        parsed = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      if (parsed.type === 'result') {
        const waiting = pending.get(parsed.id);
        if (!waiting) return;
        pending.delete(parsed.id);
        clearTimeout(waiting.timer);
        waiting.resolve(parsed.result);
      } else {
        listeners.emit(parsed.event, parsed.payload);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      // A socket that closes without having opened is a failed attempt: the server is gone,
      // or it restarted with another token and refuses this one.
      if (!didOpen) failedAttempts += 1;
      setOpen(false);
      for (const [id, waiting] of pending) {
        if (queued.some((call) => call.id === id)) continue;
        pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve(fail('TIMEOUT', 'the connection to the console server was lost'));
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    };
  }

  function call(method: string, request: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      const id = nextId++;
      const message: WireCall = { type: 'call', id, method, request };
      const timer = setTimeout(() => {
        pending.delete(id);
        const index = queued.indexOf(message);
        if (index !== -1) queued.splice(index, 1);
        resolve(fail('TIMEOUT', `${method} got no answer within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve, timer });
      if (open && socket) socket.send(JSON.stringify(message));
      else queued.push(message);
    });
  }

  connect();
  const api = Object.fromEntries(
    METHODS.map((method) => [method, (request: unknown) => call(method, request ?? {})]),
  ) as unknown as ConsoleApi;

  return {
    api,
    on: listeners.on,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(open, failedAttempts);
      return () => statusListeners.delete(listener);
    },
  } as ConsoleTransport;
}

/**
 * The socket URL for the page the console was served as. The token arrives once in the page's
 * query string; it is kept for this tab and taken out of the address bar.
 */
export function socketUrlFromLocation(location: Location, history: History, storage: Storage) {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl) {
    storage.setItem('dipper.token', fromUrl);
    params.delete(TOKEN_PARAM);
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const token = fromUrl ?? storage.getItem('dipper.token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WIRE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
