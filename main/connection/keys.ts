/** Dipper's own Redis keys, all under the profile prefix so one hash tag covers them. */
export function dipperKeys(prefix: string) {
  const base = `${prefix}:dipper`;

  return {
    schedules: `${base}:schedules`,
    schedulesRev: `${base}:schedules:rev`,
    schedulesChannel: `${base}:schedules:changed`,
    watermarks: `${base}:ticks:watermark`,
    /** When each schedule last started at an edit (created, enabled or re-timed), epoch ms. */
    scheduleStarts: `${base}:schedules:started`,
    /** A schedule's ledger: a capped list of entries, newest first (scheduler/ledger-codec.ts). */
    ledger: (scheduleId: string) => `${base}:tick-ledger:${scheduleId}`,
    /** The stream ledger of earlier versions; read after the list until the schedule is removed. */
    legacyLedger: (scheduleId: string) => `${base}:ledger:${scheduleId}`,
    nodes: `${base}:nodes`,
    node: (nodeId: string) => `${base}:node:${nodeId}`,
    lock: (scheduleId: string, tickMs: number) => `${base}:lock:${scheduleId}:${tickMs}`,
  };
}

export type DipperKeys = ReturnType<typeof dipperKeys>;

// Where main and the renderer both need it.
export { hasHashTag } from '../../shared/profile.js';
