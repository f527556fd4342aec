import { Command, Option } from 'commander';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import {
  compileMatchers,
  formatMatchers,
  type LabelMatcher,
} from '../../../shared/alerting/matchers.js';
import { fail } from '../../../shared/result.js';
import { acknowledgeAlerts } from '../../alerts/operator-actions.js';
import { must, withCommonOptions, type CommonOptions } from '../context.js';
import { CliFailure, printRows } from '../output.js';
import { collectMatchers, defaultActor, formatLabels } from './alert-options.js';
import { withAlerting } from './alerting-session.js';

interface AckFlags extends CommonOptions {
  series?: string;
  label?: LabelMatcher[];
  by?: string;
}

function describeTarget(flags: AckFlags): string {
  if (flags.series !== undefined) return `series ${flags.series}`;
  if (flags.label !== undefined) return `labels ${formatMatchers(flags.label)}`;

  return 'any series';
}

export function ackCommand(): Command {
  return withCommonOptions(
    new Command('ack')
      .description("acknowledge a rule's firing alerts (all of them, or those selected)")
      .argument('<rule-id>'),
  )
    .addOption(new Option('--series <key>', 'one alert by its series key, e.g. {app="web"}'))
    .addOption(
      new Option('--label <matcher>', 'alerts whose labels match, e.g. app=web (repeatable)')
        .argParser(collectMatchers)
        .conflicts('series'),
    )
    .option('--by <name>', 'who acknowledges (default: user@host)')
    .action(async (ruleId: string, flags: AckFlags) => {
      const by = flags.by ?? defaultActor();
      const { acked, failures } = await withAlerting(flags, async (s) => {
        s.requireWritable('acknowledging alerts');
        const matches = flags.label ? compileMatchers(flags.label) : () => true;
        const select = {
          accepts: (a: AlertInstance) =>
            (flags.series === undefined || a.seriesKey === flags.series) && matches(a.labels),
          what: describeTarget(flags),
        };
        const work = acknowledgeAlerts(s.alerting.deps, ruleId, select, by, Date.now());
        return must(await s.call(work, 'acknowledging alerts'));
      });

      printRows<AlertInstance>(
        acked,
        [
          { header: 'SERIES', value: (a) => a.seriesKey },
          { header: 'LABELS', value: (a) => formatLabels(a.labels) },
          { header: 'ACKED BY', value: (a) => a.ackedBy ?? by },
        ],
        flags.json ?? false,
      );
      // An alert that resolved between reading and acknowledging is a failure worth showing.
      if (failures.length > 0) throw new CliFailure(fail('CONFLICT', failures.join('; ')));
    });
}
