import { Command } from 'commander';
import { scheduleCursor } from '../../../shared/schedule.js';
import { fail } from '../../../shared/result.js';
import { buildLedgerReport } from '../../scheduler/ledger-report.js';
import { createScheduleStore } from '../../scheduler/schedule-store.js';
import { createTickStore, LEDGER_MAX_ENTRIES } from '../../scheduler/tick-store.js';
import { withCommonOptions, withSession, type CommonOptions } from '../context.js';
import { CliFailure, iso, printRows, shorten } from '../output.js';
import { intIn } from '../parse-options.js';

export function ledgerCommand(): Command {
  return withCommonOptions(
    new Command('ledger')
      .description("a schedule's recent ticks: job id, producing node, enqueue lag, outcome")
      .argument('<id>', 'schedule id'),
  )
    .option('--limit <n>', 'the newest ticks to show, missed ones included', intIn(1, 10_000), 100)
    .action(async (id: string, flags: CommonOptions & { limit: number }) => {
      const report = await withSession(flags, async (s) => {
        const store = createScheduleStore(s.client, s.keys, s.log);
        const [schedule, starts] = await s.call(
          Promise.all([store.get(id), store.startedAt([id])]),
          'reading the schedule',
        );
        // The whole capped ledger: a limit on events would cut a tick's row in half.
        const events = await s.call(
          createTickStore(s.client, s.keys).readLedger(id, LEDGER_MAX_ENTRIES),
          'reading the ledger',
        );
        if (!schedule && events.length === 0) {
          throw new CliFailure(
            fail('NOT_FOUND', `schedule "${id}" does not exist and has no ledger`),
          );
        }
        return buildLedgerReport(id, events, schedule ? scheduleCursor(schedule) : null, {
          maxTicks: flags.limit,
          mayBeCut: events.length >= LEDGER_MAX_ENTRIES,
          startedAtMs: starts.get(id),
        });
      });

      if (!flags.json) {
        process.stdout.write(
          `schedule ${id}: ${report.ticks.length} ticks, ` +
            `${report.missed} missed, ${report.duplicated} duplicated\n`,
        );
      }
      printRows(
        report.ticks,
        [
          { header: 'TICK (UTC)', value: (t) => iso(t.tickMs) },
          { header: 'JOB', value: (t) => t.jobId ?? '-' },
          { header: 'PRODUCED BY', value: (t) => t.producedBy.join(',') || '-' },
          { header: 'LAG MS', value: (t) => (t.lagMs === null ? '-' : String(t.lagMs)) },
          { header: 'OUTCOME', value: (t) => t.outcome },
          { header: 'ATTEMPTS', value: (t) => String(t.attempts) },
          { header: 'ERROR', value: (t) => (t.error === undefined ? '-' : shorten(t.error, 80)) },
        ],
        flags.json ?? false,
        report,
      );
    });
}
