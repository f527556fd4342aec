import type { LedgerEvent } from '../../shared/ledger.js';
import type { Logger } from '../log/logger.js';
import type { TickStore } from './tick-store.js';

/**
 * Buffers job outcomes for the ledger and writes them in one pipelined batch per `flushMs`, so
 * a busy consumer pays one round trip per batch instead of one per job. Outcomes are
 * bookkeeping: losing the last few on a crash loses no job, only their ledger lines.
 */
export function createLedgerWriter(
  tickStore: TickStore,
  log: Logger,
  options: { flushMs?: number; maxBatch?: number } = {},
) {
  const flushMs = options.flushMs ?? 20;
  const maxBatch = options.maxBatch ?? 500;
  let buffer: { scheduleId: string; event: LedgerEvent }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return inFlight;

    const batch = buffer;
    buffer = [];
    inFlight = inFlight
      .then(() => tickStore.appendMany(batch))
      .catch((error: Error) =>
        log.warn('ledger write failed', { error: error.message, lost: batch.length }),
      );

    return inFlight;
  }

  return {
    add(scheduleId: string, event: LedgerEvent): void {
      buffer.push({ scheduleId, event });
      if (buffer.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushMs);
    },
    flush,
  };
}
