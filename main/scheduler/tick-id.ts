/**
 * The Bull job id of one tick: `tick.<scheduleId>.<fireMs>`. Derived only from the schedule id
 * and the scheduled fire time, never the wall clock, so every node derives the same id. Bull's
 * generated ids are plain integers, so an id with letters and dots can never collide with them,
 * and schedule ids cannot contain dots, so the id parses back unambiguously.
 */
export function tickJobId(scheduleId: string, fireMs: number): string {
  return `tick.${scheduleId}.${fireMs}`;
}

/** Splits a tick job id back into schedule id and fire time; null for any other job id. */
export function parseTickJobId(jobId: string): { scheduleId: string; fireMs: number } | null {
  const match = /^tick\.([a-z0-9][a-z0-9_-]{0,63})\.(\d{1,15})$/.exec(jobId);
  if (!match?.[1] || !match[2]) return null;

  return { scheduleId: match[1], fireMs: Number(match[2]) };
}
