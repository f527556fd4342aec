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
