import type { CronCursor } from '../../shared/cron.js';
import type { LedgerEvent, LedgerReport, TickRecord } from '../../shared/ledger.js';

// Bounds the cron walk for the missed-tick check: a ledger window of an every-second schedule
// holds about a thousand ticks, so this is never reached in practice.
const MAX_EXPECTED = 20_000;

function emptyRecord(tickMs: number): TickRecord {
  return { tickMs, jobId: null, producedBy: [], lagMs: null, outcome: 'pending', attempts: 0 };
}

function applyEvent(record: TickRecord, event: LedgerEvent): void {
  switch (event.event) {
    case 'produced':
    case 'lock-won':
      record.producedBy.push(event.nodeId);
      record.jobId ??= event.jobId ?? null;
      record.lagMs ??= event.lagMs ?? null;
      return;
    case 'completed':
      record.outcome = 'completed';
      record.attempts = Math.max(record.attempts, event.attempt ?? 1);
      return;
    case 'failed':
      if (record.outcome !== 'completed') record.outcome = 'failed';
      record.attempts = Math.max(record.attempts, event.attempt ?? 1);
      if (event.error !== undefined) record.error = event.error;
      return;
    case 'skipped':
      record.outcome = 'skipped';
      return;
  }
}

/**
 * Folds ledger events (newest first, as readLedger returns them) into one record per tick,
 * and marks as missed every tick the cron expected between the oldest and newest recorded tick
 * that nobody produced or skipped.
 */
export function buildLedgerReport(
  scheduleId: string,
  events: LedgerEvent[],
  cursor: CronCursor | null,
): LedgerReport {
  const byTick = new Map<number, TickRecord>();
  // Events arrive newest first; reversing keeps stream order for events of the same ms.
  const chronological = [...events].reverse().sort((a, b) => a.atMs - b.atMs);
  for (const event of chronological) {
    const record = byTick.get(event.tickMs) ?? emptyRecord(event.tickMs);
    applyEvent(record, event);
    byTick.set(event.tickMs, record);
  }

  const known = [...byTick.keys()].sort((a, b) => a - b);
  const first = known[0];
  const last = known[known.length - 1];
  let missed = 0;
  if (cursor && first !== undefined && last !== undefined) {
    let at = cursor.next(first);
    for (let n = 0; at !== null && at < last && n < MAX_EXPECTED; n++) {
      if (!byTick.has(at)) {
        byTick.set(at, { ...emptyRecord(at), outcome: 'missed' });
        missed += 1;
      }
      at = cursor.next(at);
    }
  }

  const ticks = [...byTick.values()].sort((a, b) => b.tickMs - a.tickMs);
  const duplicated = ticks.filter((t) => t.producedBy.length > 1).length;

  return { scheduleId, ticks, missed, duplicated };
}
