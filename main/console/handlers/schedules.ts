import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { validateCron, validateTimeZone } from '../../../shared/cron.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { scheduleCursor, ScheduleSchema } from '../../../shared/schedule.js';
import { parseWith } from '../../../shared/validation.js';
import { buildLedgerReport } from '../../scheduler/ledger-report.js';
import { fireTimes } from '../fire-times.js';
import { refuseRuleOwned, runScheduleNow, scheduleRow, scheduleRows } from '../schedule-rows.js';
import type { ConsoleSession } from '../session.js';

/** Fire times `schedules.validate` shows for a draft. */
const VALIDATE_FIRE_TIMES = 5;

type SchedulesHandlers = Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'schedules.list'
  | 'schedules.validate'
  | 'schedules.preview'
  | 'schedules.save'
  | 'schedules.setEnabled'
  | 'schedules.remove'
  | 'schedules.runNow'
  | 'schedules.ledger'
>;

function changed<T>(session: ConsoleSession, result: Result<T>): Result<T> {
  if (result.ok) session.emit('config.changed', { area: 'schedules' });
  return result;
}

export const schedulesHandlers: SchedulesHandlers = {
  async 'schedules.list'(_request, session) {
    return ok(await scheduleRows(session, await session.node.store.list()));
  },

  async 'schedules.validate'({ schedule }) {
    const parsed = parseWith(ScheduleSchema, schedule, 'schedule');
    if (!parsed.ok) return parsed;

    const { value } = parsed;
    const next = fireTimes(scheduleCursor(value), value.tz, Date.now(), VALIDATE_FIRE_TIMES);
    return ok({ schedule: value, next });
  },

  async 'schedules.preview'({ cron, tz, count }) {
    const issues = [
      { path: 'cron', message: validateCron(cron) },
      { path: 'tz', message: validateTimeZone(tz) },
    ].flatMap((i) => (i.message === null ? [] : [{ path: i.path, message: i.message }]));
    if (issues.length > 0) {
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return fail('BAD_REQUEST', `cannot preview: ${summary}`, issues);
    }

    return ok(fireTimes(scheduleCursor({ cron, tz, offsetMs: 0 }), tz, Date.now(), count));
  },

  async 'schedules.save'({ schedule, create }, session) {
    const parsed = parseWith(ScheduleSchema, schedule, 'schedule');
    if (!parsed.ok) return parsed;
    const refused = await refuseRuleOwned(session, parsed.value.id, 'saved');
    if (refused) return refused;

    const saved = await session.node.store.save(parsed.value, create ? 'create' : 'update');
    if (!saved.ok) return saved;
    return changed(session, await scheduleRow(session, saved.value.id));
  },

  async 'schedules.setEnabled'({ id, enabled }, session) {
    const refused = await refuseRuleOwned(session, id, enabled ? 'enabled' : 'disabled');
    if (refused) return refused;

    const saved = await session.node.store.update(id, { enabled });
    if (!saved.ok) return saved;
    return changed(session, await scheduleRow(session, id));
  },

  async 'schedules.remove'({ id }, session) {
    const refused = await refuseRuleOwned(session, id, 'removed');
    if (refused) return refused;

    const removed = await session.node.store.remove(id);
    if (!removed.ok) return removed;
    return changed(session, ok({ removed: true }));
  },

  async 'schedules.runNow'({ id }, session) {
    return runScheduleNow(session, id);
  },

  async 'schedules.ledger'({ id, limit }, session) {
    const [schedule, starts, events] = await Promise.all([
      session.node.store.get(id),
      session.node.store.startedAt([id]),
      session.node.tickStore.readLedger(id, limit),
    ]);
    if (!schedule && events.length === 0) {
      return fail('NOT_FOUND', `schedule "${id}" does not exist and has no ledger`);
    }

    // A read cut at the limit may start inside a tick: leave such partial rows out.
    const options = { mayBeCut: events.length >= limit, startedAtMs: starts.get(id) };
    return ok(buildLedgerReport(id, events, schedule ? scheduleCursor(schedule) : null, options));
  },
};
