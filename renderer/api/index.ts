import {
  METHODS,
  type ConsoleApi,
  type EventName,
  type EventPayload,
} from '../../shared/api/contract.js';
import type { ConsoleTransport } from './transport.js';

let transport: ConsoleTransport | undefined;

/** Sets how the renderer reaches main: once at start-up, or by a test with its mock. */
export function installTransport(next: ConsoleTransport): void {
  transport = next;
}

function current(): ConsoleTransport {
  if (!transport) throw new Error('no console transport installed');
  return transport;
}

/** The console API; only stores call it. Every call resolves to a Result, never throws. */
export const api = Object.fromEntries(
  METHODS.map((method) => [
    method,
    (request: unknown) =>
      (current().api[method] as (request: unknown) => Promise<unknown>)(request ?? {}),
  ]),
) as unknown as ConsoleApi;

/** Subscribes to a push event from main; returns the unsubscribe function. */
export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return current().on(event, listener);
}

/**
 * Subscribes to the transport's connection state and how many reconnects failed in a row
 * (always connected on the desktop).
 */
export function onConnection(
  listener: (connected: boolean, failedAttempts: number) => void,
): () => void {
  const onStatus = current().onStatus;
  if (!onStatus) {
    listener(true, 0);
    return () => undefined;
  }
  return onStatus.call(current(), listener);
}
