import { Command, Option } from 'commander';
import { fail, type Result } from '../../../shared/result.js';
import {
  scheduleCursor,
  ScheduleSchema,
  type Schedule,
  type ScheduleInput,
} from '../../../shared/schedule.js';
import { parseWith } from '../../../shared/validation.js';
import { ALERTS_QUEUE, EVALUATE_JOB } from '../../alerts/config-stores.js';
import { createScheduleStore } from '../../scheduler/schedule-store.js';
import { must, withCommonOptions, withSession, type CommonOptions } from '../context.js';
import { inFlagTerms, type FlagsByField } from '../flag-terms.js';
import { CliFailure, iso, printRows, printValue } from '../output.js';
import { backoffValue, intIn, jsonValue } from '../parse-options.js';
import { checkJobName, type CustomJobFlags } from './job-names.js';
import { previewSchedule } from './preview.js';

/** The flag of each schedule field, for messages about what the user typed. */
const SCHEDULE_FLAGS: FlagsByField = {
  id: '--id',
  name: '--name',
  cron: '--cron',
  tz: '--tz',
  queue: '--queue',
  job: '--job',
  data: '--data',
  enabled: '--enabled',
  misfire: '--misfire',
  dispatch: '--dispatch',
  'options.attempts': '--attempts',
  'options.backoff': '--backoff',
  'options.timeoutMs': '--timeout-ms',
  'options.priority': '--priority',
  'options.keepCompleted': '--keep-completed',
  'options.keepFailed': '--keep-failed',
};

/** A schedule Result, its field problems told in flags, or ends the command. */
function mustSchedule(result: Result<Schedule>): Schedule {
  if (!result.ok) throw new CliFailure(inFlagTerms(result, 'invalid schedule', SCHEDULE_FLAGS));

  return result.value;
}

interface ScheduleFlags extends CommonOptions, CustomJobFlags {
  id?: string;
  name?: string;
  cron?: string;
  tz?: string;
  queue?: string;
  job?: string;
  data?: unknown;
  enabled?: boolean;
  misfire?: 'skip' | 'run-latest';
  dispatch?: 'queue' | 'lock';
  attempts?: number;
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
  timeoutMs?: number;
  priority?: number;
  keepCompleted?: number;
  keepFailed?: number;
}

/** The schedule's flags; `add` requires --cron, --queue and --job, `update` none. */
function withScheduleFlags(command: Command, isAdd: boolean): Command {
  const fields = [
    ...(isAdd ? [new Option('--id <id>', 'schedule id: a-z 0-9 _ -')] : []),
    new Option('--cron <expr>', 'cron: 5 fields, or 6 with leading seconds'),
    new Option('--queue <name>', 'Bull queue the jobs go to'),
    new Option('--job <name>', 'job name (the processor), e.g. echo or http.call'),
  ];
  for (const field of fields) {
    field.makeOptionMandatory(isAdd);
    command.addOption(field);
  }

  return withCommonOptions(command)
    .option('--name <text>', 'a human name (default: the id)')
    .option('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin (default UTC)')
    .option('--data <json>', 'JSON payload of every job', jsonValue)
    .option('--enabled', 'produce ticks (default)')
    .option('--no-enabled', 'keep the schedule but produce nothing')
    .addOption(new Option('--misfire <policy>', 'missed ticks').choices(['skip', 'run-latest']))
    .addOption(new Option('--dispatch <mode>', 'how ticks run').choices(['queue', 'lock']))
    .option('--attempts <n>', 'attempts per job', intIn(1, 100))
    .option('--backoff <type:ms>', 'retry backoff: fixed:1000 or exponential:500', backoffValue)
    .option('--timeout-ms <ms>', 'job timeout', intIn(1, 86_400_000))
    .option('--priority <n>', 'job priority (1 is highest)', intIn(1, 2_097_152))
    .option('--keep-completed <n>', 'completed jobs kept in Redis', intIn(0, 1_000_000))
    .option('--keep-failed <n>', 'failed jobs kept in Redis', intIn(0, 1_000_000))
    .option(
      '--processors <module>',
      'the custom processor module the nodes load: --job may name what it exports',
    )
    .option('--custom-job', 'accept a --job that is not built in without checking it', false);
}

/** Ends the command when no node would run `job` (see checkJobName). */
async function requireKnownJob(job: string, queue: string, flags: ScheduleFlags): Promise<void> {
  const problem = await checkJobName(job, queue, flags);
  if (problem) throw new CliFailure(problem);
}

/** The schedule fields the flags set; unset flags leave the stored value alone. */
function fieldsFrom(flags: ScheduleFlags, base?: Schedule): Partial<ScheduleInput> {
  const out: Partial<ScheduleInput> = {};
  const copy = <K extends keyof ScheduleInput>(key: K, value: ScheduleInput[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  copy('name', flags.name);
  copy('cron', flags.cron);
  copy('tz', flags.tz);
  copy('queue', flags.queue);
  copy('job', flags.job);
  copy('data', flags.data);
  copy('enabled', flags.enabled);
  copy('misfire', flags.misfire);
  copy('dispatch', flags.dispatch);

  const jobOptions = {
    ...(base?.options ?? {}),
    ...(flags.attempts === undefined ? {} : { attempts: flags.attempts }),
    ...(flags.backoff === undefined ? {} : { backoff: flags.backoff }),
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
    ...(flags.priority === undefined ? {} : { priority: flags.priority }),
    ...(flags.keepCompleted === undefined ? {} : { keepCompleted: flags.keepCompleted }),
    ...(flags.keepFailed === undefined ? {} : { keepFailed: flags.keepFailed }),
  };
  if (Object.keys(jobOptions).length > 0) out.options = jobOptions;

  return out;
}

/** A Rule's evaluation schedule follows its Rule; editing it here would leave the Rule stale. */
function refuseRuleSchedule(schedule: Schedule): void {
  if (schedule.queue !== ALERTS_QUEUE || schedule.job !== EVALUATE_JOB) return;

  const ruleId = schedule.id.replace(/^rule-/, '');
  throw new CliFailure(
    fail(
      'CONFLICT',
      `schedule "${schedule.id}" evaluates rule "${ruleId}"; change the rule with dipper apply ` +
        `(its evaluate, enabled fields) or remove it with dipper rules remove ${ruleId}`,
    ),
  );
}

function printSchedules(list: Schedule[], json: boolean): void {
  const now = Date.now();
  printRows(
    list,
    [
      { header: 'ID', value: (s) => s.id },
      { header: 'CRON', value: (s) => s.cron },
      { header: 'TZ', value: (s) => s.tz },
      { header: 'QUEUE', value: (s) => s.queue },
      { header: 'JOB', value: (s) => s.job },
      { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no') },
      { header: 'DISPATCH', value: (s) => s.dispatch },
      {
        header: 'NEXT (UTC)',
        value: (s) => (s.enabled ? iso(scheduleCursor(s).next(now)) : '-'),
      },
    ],
    json,
  );
}

export function schedulesCommand(): Command {
  const cmd = new Command('schedules').description(
    'list, add, update, remove and preview schedules',
  );

  withCommonOptions(cmd.command('list').description('list schedules')).action(
    async (flags: CommonOptions) => {
      const list = await withSession(flags, async (s) => {
        const store = createScheduleStore(s.client, s.keys, s.log);
        return s.call(store.list(), 'listing schedules');
      });
      printSchedules(list, flags.json ?? false);
    },
  );

  withScheduleFlags(cmd.command('add').description('create a schedule'), true).action(
    async (flags: ScheduleFlags & { id: string; queue: string; job: string }) => {
      const input = { id: flags.id, name: flags.name ?? flags.id, ...fieldsFrom(flags) };
      // Checked here first, so that a mistake is told without connecting to Redis.
      mustSchedule(parseWith(ScheduleSchema, input, 'schedule'));
      await requireKnownJob(flags.job, flags.queue, flags);

      const saved = await withSession(flags, async (s) => {
        const store = createScheduleStore(s.client, s.keys, s.log);
        return mustSchedule(await s.call(store.save(input, 'create'), 'saving the schedule'));
      });
      printValue(saved, flags.json ?? false, `schedule "${saved.id}" added`);
    },
  );

  withScheduleFlags(
    cmd.command('update').description('change fields of a schedule').argument('<id>'),
    false,
  ).action(async (id: string, flags: ScheduleFlags) => {
    if (Object.keys(fieldsFrom(flags)).length === 0) {
      const message = `nothing to change in schedule "${id}"; give the fields to change, e.g. --cron "0 9 * * *" or --no-enabled`;
      throw new CliFailure(fail('BAD_REQUEST', message));
    }
    const saved = await withSession(flags, async (s) => {
      const store = createScheduleStore(s.client, s.keys, s.log);
      const current = await s.call(store.get(id), 'reading the schedule');
      if (!current) throw new CliFailure(fail('NOT_FOUND', `schedule "${id}" does not exist`));
      refuseRuleSchedule(current);
      if (flags.job !== undefined && flags.job !== current.job) {
        await requireKnownJob(flags.job, flags.queue ?? current.queue, flags);
      }
      return mustSchedule(
        await s.call(store.update(id, fieldsFrom(flags, current)), 'saving the schedule'),
      );
    });
    printValue(saved, flags.json ?? false, `schedule "${saved.id}" updated`);
  });

  withCommonOptions(cmd.command('remove').description('delete a schedule').argument('<id>')).action(
    async (id: string, flags: CommonOptions) => {
      const removed = await withSession(flags, async (s) => {
        const store = createScheduleStore(s.client, s.keys, s.log);
        const current = await s.call(store.get(id), 'reading the schedule');
        if (current) refuseRuleSchedule(current);
        return must(await s.call(store.remove(id), 'removing the schedule'));
      });
      printValue(removed, flags.json ?? false, `schedule "${removed.id}" removed`);
    },
  );

  withCommonOptions(cmd.command('preview').description('next fire times of a schedule or a cron'))
    .argument('[id]', 'a stored schedule (or give --cron)')
    .option('--cron <expr>', 'a cron expression to preview')
    .option('--tz <zone>', 'IANA time zone (default UTC)')
    .option('--count <n>', 'how many fire times', intIn(1, 1000), 5)
    .action(previewSchedule);

  return cmd;
}
