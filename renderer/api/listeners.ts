import type { EventName } from '../../shared/api/contract.js';

type Listener = (payload: unknown) => void;

/** The push-event listeners of a transport: what its `on` adds and each event reaches. */
export function createEventListeners() {
  const byEvent = new Map<string, Set<Listener>>();

  return {
    /** Adds a listener; returns the unsubscribe function. */
    on(event: EventName, listener: (payload: never) => void): () => void {
      const set = byEvent.get(event) ?? new Set();
      byEvent.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    /** Hands a payload to the event's listeners; the socket's event names are not checked. */
    emit(event: string, payload: unknown) {
      for (const listener of byEvent.get(event) ?? []) listener(payload);
    },
    count: (event: EventName) => byEvent.get(event)?.size ?? 0,
  };
}
