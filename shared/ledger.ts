/** What happened to one tick, as recorded in its schedule's ledger. */
export type LedgerEventKind = 'produced' | 'completed' | 'failed' | 'skipped' | 'lock-won';

/** One ledger event. Times are epoch ms; `lagMs` is enqueue time minus the tick's fire time. */
export interface LedgerEvent {
  tickMs: number;
  event: LedgerEventKind;
  nodeId: string;
  atMs: number;
  jobId?: string;
  lagMs?: number;
  attempt?: number;
  error?: string;
  /** For `skipped`: how many ticks the misfire policy skipped, ending at `tickMs`. */
  count?: number;
}

/** The ledger folded per tick: who produced it, how late, and how it ended. */
export interface TickRecord {
  tickMs: number;
  jobId: string | null;
  producedBy: string[];
  lagMs: number | null;
  outcome: 'pending' | 'completed' | 'failed' | 'skipped' | 'missed';
  attempts: number;
  error?: string;
}

/** A schedule's recent ticks with the anomalies a person looks for. */
export interface LedgerReport {
  scheduleId: string;
  ticks: TickRecord[];
  /** Ticks expected from the cron but never produced nor skipped by policy. */
  missed: number;
  /** Ticks produced more than once. */
  duplicated: number;
}
