import type { CronCursor } from '../../shared/cron.js';
import type { LedgerEvent, LedgerReport, TickRecord } from '../../shared/ledger.js';

// Bounds the cron walk for the missed-tick check: a ledger window of an every-second schedule
// holds about a thousand ticks, so this is never reached in practice.
const MAX_EXPECTED = 20_000;

/** How much of the folded ledger a report shows. */
export interface LedgerReportOptions {
  /** The newest ticks to show, missed ones included; the counts cover only these. */
  maxTicks?: number;
  /**
   * The events may lack the oldest ones (the ledger is capped, or the read was): ticks at the
   * old end without a recorded production are left out, as their rows would be partial.
   */
  mayBeCut?: boolean;
  /**
   * When the schedule last started at an edit (created, enabled or re-timed), epoch ms: the
   * cron expects no ticks before it, so a disabled spell or an older cron's times are not
   * counted as missed.
   */
  startedAtMs?: number;
}

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

/** Ticks whose production fell off the old end of the ledger: the oldest without a producer. */
function dropCutTicks(byTick: Map<number, TickRecord>): void {
  for (const tickMs of [...byTick.keys()].sort((a, b) => a - b)) {
    const record = byTick.get(tickMs);
    if (!record || record.producedBy.length > 0 || record.outcome === 'skipped') return;
    byTick.delete(tickMs);
  }
}

/**
 * The cron ticks from `first` to `last` that nobody produced, leaving out those a `skipped`
 * entry covers: it stands for `count` ticks ending at its own.
 */
function findMissed(
  byTick: Map<number, TickRecord>,
  skippedCounts: Map<number, number>,
  cursor: CronCursor,
  first: number,
  last: number,
): number[] {
  const expected: number[] = [];
  for (let at = cursor.next(first); at !== null && at < last; at = cursor.next(at)) {
    if (expected.length >= MAX_EXPECTED) break;
    expected.push(at);
  }
  expected.push(last);

  const covered = new Set<number>();
  expected.forEach((tickMs, index) => {
    const count = skippedCounts.get(tickMs) ?? 1;
    for (let i = Math.max(0, index - count + 1); i < index; i++) covered.add(expected[i] ?? -1);
  });

  return expected.filter((tickMs) => !byTick.has(tickMs) && !covered.has(tickMs));
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
  options: LedgerReportOptions = {},
): LedgerReport {
  const byTick = new Map<number, TickRecord>();
  const skippedCounts = new Map<number, number>();
  // Events arrive newest first; reversing keeps stream order for events of the same ms.
  const chronological = [...events].reverse().sort((a, b) => a.atMs - b.atMs);
  for (const event of chronological) {
    const record = byTick.get(event.tickMs) ?? emptyRecord(event.tickMs);
    applyEvent(record, event);
    byTick.set(event.tickMs, record);
    if (event.event === 'skipped' && event.count !== undefined) {
      skippedCounts.set(event.tickMs, event.count);
    }
  }
  if (options.mayBeCut) dropCutTicks(byTick);

  const known = [...byTick.keys()].sort((a, b) => a - b);
  const first = known[0];
  const last = known[known.length - 1];
  const from = Math.max(first ?? 0, options.startedAtMs ?? 0);
  if (cursor && first !== undefined && last !== undefined && from <= last) {
    for (const tickMs of findMissed(byTick, skippedCounts, cursor, from, last)) {
      byTick.set(tickMs, { ...emptyRecord(tickMs), outcome: 'missed' });
    }
  }

  const ticks = [...byTick.values()]
    .sort((a, b) => b.tickMs - a.tickMs)
    .slice(0, options.maxTicks ?? Infinity);
  const missed = ticks.filter((t) => t.outcome === 'missed').length;
  const duplicated = ticks.filter((t) => t.producedBy.length > 1).length;

  return { scheduleId, ticks, missed, duplicated };
}
