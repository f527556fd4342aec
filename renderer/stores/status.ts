import type { Result } from '../../shared/result.js';

/** Where a store's load stands; every area store carries one with its `error`. */
export type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable {
  status: Status;
  /** The failure's message when `status` is `error`, else null. */
  error: string | null;
}

/** The store fields for the outcome of a load: ready with nothing to report, or its error. */
export function settled(result: Result<unknown>): Loadable {
  return result.ok ? { status: 'ready', error: null } : { status: 'error', error: result.message };
}

/** A request in flight or done, with its value or its failure message. */
export interface Pending<T> extends Loadable {
  value: T | null;
}

/** A Pending that has not started, or that was forgotten. */
export const idle = { status: 'idle', error: null, value: null } as const;

/** The Pending for a request's outcome: its value, or its error. */
export function pendingOf<T>(result: Result<T>): Pending<T> {
  return { value: result.ok ? result.value : null, ...settled(result) };
}
