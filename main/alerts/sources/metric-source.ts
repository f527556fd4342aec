import type { Series } from '../../../shared/alerting/series.js';
import type { InstantQuery, RangeQuery } from '../../../shared/alerting/source.js';
import { fail, ok, type Result } from '../../../shared/result.js';

/**
 * Where a Rule reads its series. Calls never throw and never outlive their deadline: every
 * expected failure comes back as a value.
 *
 * Values that are not finite numbers (NaN, +Inf, -Inf, as Prometheus reports for 0/0) are
 * skipped, and a series left without samples is left out: no threshold gives a meaningful
 * answer for them and JSON cannot carry them to the console. A value of the wrong kind (an
 * object where a number was expected) is a BAD_REQUEST instead, since it means a wrong config.
 */
export interface MetricSource {
  /** One sample per series, at or shortly before `atMs`. */
  instant(query: InstantQuery, signal?: AbortSignal): Promise<Result<Series[]>>;
  /** The samples of each series between `fromMs` and `toMs`, inclusive. */
  range(query: RangeQuery, signal?: AbortSignal): Promise<Result<Series[]>>;
}

/** Default deadline for sources that read the Profile's Redis, in ms. */
export const REDIS_SOURCE_TIMEOUT_MS = 5_000;

/**
 * Awaits `work` until `timeoutMs` passes or `signal` aborts, whichever comes first: TIMEOUT
 * then, REDIS_UNAVAILABLE if the work itself fails. ioredis holds commands while Redis is
 * down, so without a deadline a call would wait for Redis to come back.
 */
export function settleRedis<T>(
  work: Promise<T>,
  what: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Result<T>> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;

  return new Promise((resolve) => {
    const onAbort = (): void => {
      resolve(
        signal?.aborted
          ? fail('TIMEOUT', `${what} was cancelled: ${reasonOf(signal)}`)
          : fail('TIMEOUT', `${what} did not finish within ${timeoutMs} ms; is Redis reachable?`),
      );
    };
    if (combined.aborted) onAbort();
    combined.addEventListener('abort', onAbort, { once: true });

    work
      .then(
        (value) => resolve(ok(value)),
        (error: unknown) =>
          resolve(fail('REDIS_UNAVAILABLE', `${what} failed: ${messageOf(error)}`)),
      )
      .finally(() => combined.removeEventListener('abort', onAbort));
  });
}

/** The message of a thrown value, for failures and logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reasonOf(signal: AbortSignal): string {
  return messageOf(signal.reason);
}
