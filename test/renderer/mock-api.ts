import { vi, type Mock } from 'vitest';
import {
  METHODS,
  type ConsoleApi,
  type EventName,
  type EventPayload,
  type Method,
} from '../../shared/api/contract.js';
import { fail } from '../../shared/result.js';
import { installTransport } from '../../renderer/api/index.js';
import { createEventListeners } from '../../renderer/api/listeners.js';
import type { ConsoleTransport } from '../../renderer/api/transport.js';

export type MockApi = { [M in Method]: Mock<ConsoleApi[M]> };

export interface MockTransport {
  api: MockApi;
  /** Pushes an event to every listener, as main would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Reports the connection as up or down, as the browser transport would. */
  setConnected(connected: boolean, failedAttempts?: number): void;
  /** How many listeners an event has now. */
  listenerCount(event: EventName): number;
}

/**
 * The one place tests fake main: every method is a vi.fn() that fails with INTERNAL until a
 * test gives it a value, installed as the renderer's transport.
 */
export function installMockApi(): MockTransport {
  const api = Object.fromEntries(
    METHODS.map((method) => [
      method,
      vi.fn(() => Promise.resolve(fail('INTERNAL', `${method} is not mocked in this test`))),
    ]),
  ) as unknown as MockApi;
  const listeners = createEventListeners();
  const statusListeners = new Set<(connected: boolean, failedAttempts: number) => void>();
  let connected = true;

  const transport: ConsoleTransport = {
    api: api as unknown as ConsoleApi,
    on: listeners.on,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(connected, 0);
      return () => statusListeners.delete(listener);
    },
  };
  installTransport(transport);

  return {
    api,
    emit: listeners.emit,
    setConnected(next, failedAttempts = 0) {
      connected = next;
      for (const listener of statusListeners) listener(next, failedAttempts);
    },
    listenerCount: listeners.count,
  };
}
