import WebSocket from 'ws';
import type { Method, RequestOf, ResponseOf } from '../../../shared/api/contract.js';
import { TOKEN_PARAM, WIRE_PATH, type ServerMessage } from '../../../shared/api/wire.js';
import type { Result } from '../../../shared/result.js';

/** How long one call waits for its answer, in ms. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * The console contract over the same WebSocket the browser uses: for arranging what a test
 * needs before the page acts, and for checking what the page did from a second client.
 */
export interface ConsoleApiClient {
  call<M extends Method>(method: M, request: RequestOf<M>): Promise<Result<ResponseOf<M>>>;
  /** Like `call`, but throws with the failure's code and message: for arranging a test. */
  value<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  close(): void;
}

/** Connects to a `dipper serve` console at `origin` (http://host:port) with its token. */
export async function connectConsoleApi(origin: string, token: string): Promise<ConsoleApiClient> {
  const url = new URL(WIRE_PATH, origin.replace(/^http/, 'ws'));
  url.searchParams.set(TOKEN_PARAM, token);
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;

  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type !== 'result') return;
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });

  const call = <M extends Method>(method: M, request: RequestOf<M>) =>
    new Promise<Result<ResponseOf<M>>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} got no answer within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as Result<ResponseOf<M>>);
      });
      socket.send(JSON.stringify({ type: 'call', id, method, request }));
    });

  return {
    call,
    async value(method, request) {
      const result = await call(method, request);
      if (!result.ok) throw new Error(`${method} failed: ${result.code} ${result.message}`);
      return result.value;
    },
    close: () => socket.close(),
  };
}
