/**
 * A Rule's fixed offset into its evaluation interval when `spread` is on, in ms: the same on
 * every node and every run (FNV-1a of the Rule id), so Rules on the same cron do not all query
 * their sources in the same second, and a Rule's ticks stay one interval apart.
 */
export function spreadOffsetMs(ruleId: string, intervalMs: number): number {
  if (intervalMs <= 1) return 0;

  let hash = 0x811c9dc5;
  for (let i = 0; i < ruleId.length; i++) {
    hash ^= ruleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }

  return hash % Math.floor(intervalMs);
}
