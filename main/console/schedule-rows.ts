import { randomBytes } from 'node:crypto';
import { buildLedgerReport } from '../scheduler/ledger-report.js';
import { jobOptionsFor } from '../scheduler/enqueue.js';
import type { ScheduleRow } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { scheduleCursor, type Schedule } from '../../shared/schedule.js';
import type { ConsoleSession } from './session.js';

/**
 * Ledger events read per schedule for the list: the last tick and the missed and duplicated
 * counts cover this recent window (a produced and a completed event per tick: about the last
 * ten ticks). A schedule's full ledger is `schedules.ledger`. Reading and folding them is most
 * of the list's cost: about 0.2 s per 1,000 schedules here.
 * TODO: keep per-schedule counters at write time instead; matters past ~20k schedules.
 */
export const LIST_LEDGER_EVENTS = 20;

const RULE_SCHEDULE = /^rule-(.+)$/;

/** The Rule a schedule evaluates, when it is `rule-<id>` and that Rule exists. */
function owningRule(scheduleId: string, ruleIds: ReadonlySet<string>): string | null {
  const ruleId = RULE_SCHEDULE.exec(scheduleId)?.[1];

  return ruleId !== undefined && ruleIds.has(ruleId) ? ruleId : null;
}

async function ruleIds(session: ConsoleSession): Promise<Set<string>> {
  const { client } = session.node.connection;

  return new Set(await client.hkeys(session.alerting.config.rules.key));
}

/** Rows for schedules: next run, last tick and anomalies from the ledger, in two round trips. */
export async function scheduleRows(
  session: ConsoleSession,
  schedules: Schedule[],
  nowMs = Date.now(),
): Promise<ScheduleRow[]> {
  const ids = schedules.map((s) => s.id);
  const [ledgers, starts, rules] = await Promise.all([
    session.node.tickStore.readLedgers(ids, LIST_LEDGER_EVENTS),
    session.node.store.startedAt(ids),
    ruleIds(session),
  ]);

  return schedules.map((schedule) => {
    const cursor = scheduleCursor(schedule);
    const events = ledgers.get(schedule.id) ?? [];
    const report = buildLedgerReport(schedule.id, events, cursor, {
      mayBeCut: events.length >= LIST_LEDGER_EVENTS,
      startedAtMs: starts.get(schedule.id),
    });
    return {
      schedule,
      nextRunMs: schedule.enabled ? cursor.next(nowMs) : null,
      lastTick: report.ticks[0] ?? null,
      missed: report.missed,
      duplicated: report.duplicated,
      ownedByRule: owningRule(schedule.id, rules) !== null,
    };
  });
}

/** One schedule's row; NOT_FOUND naming it when it does not exist. */
export async function scheduleRow(
  session: ConsoleSession,
  id: string,
): Promise<Result<ScheduleRow>> {
  const schedule = await session.node.store.get(id);
  if (!schedule) return fail('NOT_FOUND', `schedule "${id}" does not exist`);
  const [row] = await scheduleRows(session, [schedule]);

  return row ? ok(row) : fail('INTERNAL', `no row for schedule "${id}"`);
}

/**
 * CONFLICT when the schedule evaluates an existing Rule: it follows its Rule, and editing it
 * here would be undone by the next save of the Rule. Null when it may be edited.
 */
export async function refuseRuleOwned(
  session: ConsoleSession,
  scheduleId: string,
  action: string,
): Promise<Result<never> | null> {
  const ruleId = owningRule(scheduleId, await ruleIds(session));
  if (ruleId === null) return null;

  return fail(
    'CONFLICT',
    `schedule "${scheduleId}" evaluates rule "${ruleId}" and cannot be ${action} here; ` +
      `edit rule "${ruleId}" instead (its evaluate and enabled fields)`,
  );
}

/**
 * A run-now job id, `run.<scheduleId>.<ms>.<4 hex>`: never a tick id (`tick.` ...), never one of
 * Bull's integer ids, and two clicks in the same millisecond still get two jobs.
 */
export function runNowJobId(scheduleId: string, nowMs: number): string {
  return `run.${scheduleId}.${nowMs}.${randomBytes(2).toString('hex')}`;
}

/** Adds one job of the schedule now, outside its cron; the ledger is not touched. */
export async function runScheduleNow(
  session: ConsoleSession,
  id: string,
): Promise<Result<{ jobId: string }>> {
  const schedule = await session.node.store.get(id);
  if (!schedule) return fail('NOT_FOUND', `schedule "${id}" does not exist`);
  if (schedule.dispatch === 'lock') {
    return fail(
      'BAD_REQUEST',
      `schedule "${id}" runs in place on the node holding its lock (dispatch "lock"); ` +
        `run now adds a job to queue "${schedule.queue}", which no node consumes for it`,
    );
  }

  const nowMs = Date.now();
  const jobId = runNowJobId(id, nowMs);
  const opts = { ...jobOptionsFor(schedule, nowMs), jobId };
  await session.node.queues.get(schedule.queue).add(schedule.job, schedule.data, opts);
  session.log.info('schedule run now', { scheduleId: id, jobId, by: session.operator.user });

  return ok({ jobId });
}
