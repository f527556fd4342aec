import type { JobState } from '../../../shared/api/dto.js';

/**
 * Attempts a job has made, counting the one running now or the one that completed it. Bull 4
 * raises `attemptsMade` only when an attempt fails, so a job completed at its first try has 0.
 */
export function attemptsOf(state: JobState | 'unknown', attemptsMade: number): number {
  return state === 'completed' || state === 'active' ? attemptsMade + 1 : attemptsMade;
}
