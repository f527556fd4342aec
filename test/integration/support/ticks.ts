import type Bull from 'bull';
import { buildLedgerReport } from '../../../main/scheduler/ledger-report.js';
import { parseTickJobId } from '../../../main/scheduler/tick-id.js';
import { compileCron } from '../../../shared/cron.js';
import type { LedgerEvent, LedgerReport } from '../../../shared/ledger.js';
import { waitFor } from '../../harness/wait.js';
import type { Observer } from './observer.js';

/** Ledger events read per schedule; far above what a test window writes. */
const LEDGER_READ = 100_000;

/** Every fire time of `cron` in [firstMs, lastMs], ascending. */
export function fireTimesBetween(cron: string, tz: string, firstMs: number, lastMs: number) {
  const cursor = compileCron(cron, tz);
  const times: number[] = [];
  for (let at = cursor.next(firstMs - 1); at !== null && at <= lastMs; at = cursor.next(at)) {
    times.push(at);
  }

  return times;
}

/** One Bull job of a tick, as a user reads it back. */
export interface TickJob {
  id: string;
  fireMs: number;
  data: unknown;
  returnvalue: unknown;
  finishedOn: number | null;
}

/** The jobs among `jobs` that belong to `scheduleId`, by fire time. */
export function tickJobsOf(jobs: readonly Bull.Job[], scheduleId: string): TickJob[] {
  return jobs
    .flatMap((job) => {
      const tick = parseTickJobId(String(job.id));
      if (tick?.scheduleId !== scheduleId) return [];
      const returnvalue: unknown = job.returnvalue;
      const data: unknown = job.data;
      return [
        {
          id: String(job.id),
          fireMs: tick.fireMs,
          data,
          returnvalue,
          finishedOn: job.finishedOn ?? null,
        },
      ];
    })
    .sort((a, b) => a.fireMs - b.fireMs);
}

/** Everything the tests check about one schedule after its queue drained. */
export interface ScheduleFacts {
  /** Every cron fire time from the first to the last produced tick. */
  expectedTicks: number[];
  /** Fire times of `produced` ledger events, ascending; a tick produced twice appears twice. */
  producedTicks: number[];
  /** Fire times of `completed` ledger events, ascending, duplicates kept. */
  completedEventTicks: number[];
  /** Completed Bull jobs of the schedule, by fire time. */
  completedJobs: TickJob[];
  /** Node ids that produced ticks, sorted. */
  producers: string[];
  report: LedgerReport;
  events: LedgerEvent[];
}

export async function readScheduleFacts(
  observer: Observer,
  schedule: { id: string; cron: string; tz?: string },
  completed: readonly Bull.Job[],
): Promise<ScheduleFacts> {
  const tz = schedule.tz ?? 'UTC';
  const events = await observer.tickStore.readLedger(schedule.id, LEDGER_READ);
  const ticksOf = (kind: LedgerEvent['event']) =>
    events
      .filter((e) => e.event === kind)
      .map((e) => e.tickMs)
      .sort((a, b) => a - b);
  const producedTicks = ticksOf('produced');
  const first = producedTicks[0];
  const last = producedTicks.at(-1);

  return {
    expectedTicks:
      first === undefined || last === undefined
        ? []
        : fireTimesBetween(schedule.cron, tz, first, last),
    producedTicks,
    completedEventTicks: ticksOf('completed'),
    completedJobs: tickJobsOf(completed, schedule.id),
    producers: [
      ...new Set(events.filter((e) => e.event === 'produced').map((e) => e.nodeId)),
    ].sort(),
    report: buildLedgerReport(schedule.id, events, compileCron(schedule.cron, tz)),
    events,
  };
}

/** How many distinct ticks of a schedule the ledger records as produced. */
export async function countProduced(observer: Observer, scheduleId: string): Promise<number> {
  const events = await observer.tickStore.readLedger(scheduleId, LEDGER_READ);
  return new Set(events.filter((e) => e.event === 'produced').map((e) => e.tickMs)).size;
}

interface DrainState {
  isDrained: boolean;
  queues: Record<string, Bull.JobCounts>;
  pendingTicks: number;
  /** Produced ticks without a completed or failed ledger event, per schedule. */
  unfinished: Record<string, number>;
}

async function readDrainState(
  observer: Observer,
  queueNames: readonly string[],
  scheduleIds: readonly string[],
): Promise<DrainState> {
  const queues: Record<string, Bull.JobCounts> = {};
  for (const name of queueNames) queues[name] = await observer.queue(name).getJobCounts();
  // Claimed ticks whose job is not yet recorded as in Redis, however recently claimed.
  const pendingTicks = (await observer.tickStore.stalePending(Number.MAX_SAFE_INTEGER, 0)).length;
  const unfinished: Record<string, number> = {};
  for (const id of scheduleIds) {
    const report = buildLedgerReport(
      id,
      await observer.tickStore.readLedger(id, LEDGER_READ),
      null,
    );
    unfinished[id] = report.ticks.filter((t) => t.outcome === 'pending').length;
  }
  const isIdle = (c: Bull.JobCounts) => c.waiting + c.active + c.delayed === 0;

  return {
    isDrained:
      Object.values(queues).every(isIdle) &&
      pendingTicks === 0 &&
      Object.values(unfinished).every((n) => n === 0),
    queues,
    pendingTicks,
    unfinished,
  };
}

/**
 * Waits until the queues hold no waiting, active or delayed job, no claimed tick is pending, and
 * every produced tick has a completed or failed ledger event; not before `notBeforeMs`.
 */
export async function waitForDrain(
  observer: Observer,
  queueNames: readonly string[],
  scheduleIds: readonly string[],
  notBeforeMs: number,
  timeoutMs = 30_000,
): Promise<void> {
  let last: DrainState | undefined;
  try {
    await waitFor(
      async () => {
        if (Date.now() < notBeforeMs) return false;
        last = await readDrainState(observer, queueNames, scheduleIds);
        return last.isDrained;
      },
      'queues to drain',
      timeoutMs,
      200,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; state: ${JSON.stringify(last)}`, {
      cause: error,
    });
  }
}
