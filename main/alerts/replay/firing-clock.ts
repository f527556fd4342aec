import type { AlertInstance } from '../../../shared/alerting/alert.js';

/** Adds up, per series key, the time Alerts spend firing within [fromMs, toMs]. */
export interface FiringClock {
  /** Records the Alerts after the evaluation at `tickMs`; ticks must be ascending. */
  step(tickMs: number, instances: ReadonlyMap<string, AlertInstance>): void;
  /**
   * Firing time per series key in ms, for every series firing at some tick of the window; an
   * Alert still firing counts until toMs.
   */
  totals(): Record<string, number>;
}

/**
 * An Alert fires from the tick it entered firing to the tick it left it (states only change at
 * ticks); time before fromMs, during warm-up, is not counted.
 */
export function createFiringClock(fromMs: number, toMs: number): FiringClock {
  const since = new Map<string, number>();
  const totals = new Map<string, number>();
  const seen = new Set<string>();
  const add = (key: string, ms: number) => totals.set(key, (totals.get(key) ?? 0) + ms);

  return {
    step(tickMs, instances) {
      const atMs = Math.max(tickMs, fromMs);
      for (const [key, startMs] of since) {
        if (instances.get(key)?.state === 'firing') continue;
        add(key, atMs - startMs);
        since.delete(key);
      }
      for (const [key, instance] of instances) {
        if (instance.state !== 'firing') continue;
        if (!since.has(key)) since.set(key, atMs);
        if (tickMs >= fromMs) seen.add(key);
      }
    },
    totals() {
      const result = new Map([...seen].map((key) => [key, totals.get(key) ?? 0]));
      for (const [key, startMs] of since) result.set(key, (result.get(key) ?? 0) + toMs - startMs);

      return Object.fromEntries([...result].sort(byKey));
    },
  };
}

function byKey(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
