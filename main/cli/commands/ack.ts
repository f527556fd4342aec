import { Command, Option } from 'commander';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import type { AckRecord } from '../../../shared/alerting/history.js';
import {
  compileMatchers,
  formatMatchers,
  type LabelMatcher,
} from '../../../shared/alerting/matchers.js';
import { fail } from '../../../shared/result.js';
import { withCommonOptions, type CommonOptions } from '../context.js';
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
        const { config, deps } = s.alerting;
        const rule = await s.call(config.rules.get(ruleId), 'reading the rule');
        if (!rule) throw new CliFailure(fail('NOT_FOUND', `rule "${ruleId}" does not exist`));

        const stored = await s.call(deps.alerts.load(ruleId), 'reading alert state');
        const firing = [...stored.instances.values()].filter((a) => a.state === 'firing');
        const matches = flags.label ? compileMatchers(flags.label) : () => true;
        const targets = firing.filter(
          (a) => (flags.series === undefined || a.seriesKey === flags.series) && matches(a.labels),
        );
        if (targets.length === 0) {
          const keys =
            firing
              .map((a) => a.seriesKey)
              .sort()
              .join(', ') || '(none)';
          const message = `rule "${ruleId}" has no firing alert for ${describeTarget(flags)}; firing: ${keys}`;
          throw new CliFailure(fail('NOT_FOUND', message));
        }

        const atMs = Date.now();
        const results = await s.call(
          Promise.all(targets.map((a) => deps.alerts.ack(ruleId, a.seriesKey, by, atMs))),
          'acknowledging alerts',
        );
        const done = results.flatMap((r) => (r.ok ? [r.value] : []));
        const records: AckRecord[] = done.map((a) => ({
          kind: 'ack',
          atMs,
          ruleId,
          labels: a.labels,
          severity: rule.severity,
          by,
        }));
        await s.call(deps.history.append(records), 'writing the history');

        return { acked: done, failures: results.flatMap((r) => (r.ok ? [] : [r.message])) };
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
