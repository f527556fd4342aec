import { Command, Option } from 'commander';
import {
  ALERT_STATES,
  type AlertInstance,
  type AlertState,
} from '../../../shared/alerting/alert.js';
import {
  MAX_HISTORY_LIMIT,
  type HistoryEntry,
  type HistoryPage,
} from '../../../shared/alerting/history.js';
import type { LabelMatcher } from '../../../shared/alerting/matchers.js';
import type { Severity } from '../../../shared/alerting/rule.js';
import { withCommonOptions, type CommonOptions } from '../context.js';
import { CliFailure, iso, printRows } from '../output.js';
import { intIn } from '../parse-options.js';
import { inFlagTerms } from '../flag-terms.js';
import { collectMatchers, formatLabels, requireWindow, timeValue } from './alert-options.js';
import { withAlerting } from './alerting-session.js';
import { fail } from '../../../shared/result.js';

/** The flag of each history query field. */
const HISTORY_FLAGS = {
  fromMs: '--from',
  toMs: '--to',
  ruleId: '--rule',
  severity: '--severity',
  state: '--state',
  labels: '--label',
  limit: '--limit',
  before: '--before',
};

/** What an empty history page names: the window read (epoch ms) and a --rule that is no rule. */
interface HistoryQueryShown {
  fromMs: number;
  toMs: number;
  ruleId: string | undefined;
  isUnknownRule: boolean;
}

/** How far back `--history` reads without `--from`, in ms. */
const DEFAULT_HISTORY_WINDOW_MS = 24 * 3_600_000;

interface AlertsFlags extends CommonOptions {
  history: boolean;
  from?: number;
  to?: number;
  rule?: string;
  severity?: Severity;
  state?: AlertState;
  label?: LabelMatcher[];
  limit: number;
  before?: string;
}

function value(v: number | null): string {
  return v === null ? '-' : String(v);
}

function printActive(alerts: AlertInstance[], isJson: boolean): void {
  printRows(
    alerts,
    [
      { header: 'RULE', value: (a) => a.ruleId },
      { header: 'LABELS', value: (a) => formatLabels(a.labels) },
      { header: 'STATE', value: (a) => a.state },
      { header: 'SINCE (UTC)', value: (a) => iso(a.firingSinceMs ?? a.activeSinceMs) },
      { header: 'VALUE', value: (a) => value(a.value) },
      { header: 'ACKED BY', value: (a) => a.ackedBy ?? '-' },
    ],
    isJson,
  );
}

/** What happened, in a few words per kind of history entry. */
export function describeEntry(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'transition':
      return `${entry.from} -> ${entry.to}, value ${value(entry.value)}, threshold ${entry.threshold}`;
    case 'notification': {
      const error = entry.error === undefined ? '' : `: ${entry.error}`;
      return `${entry.status} via ${entry.channel}: ${entry.outcome}${error}`;
    }
    case 'silence': {
      const until = entry.endsAtMs === undefined ? '' : ` until ${iso(entry.endsAtMs)}`;
      return `${entry.silenceId} ${entry.event} ${entry.matchers}${until}`;
    }
    case 'ack':
      return `acknowledged`;
  }
}

function printHistory(page: HistoryPage, query: HistoryQueryShown, isJson: boolean): void {
  if (!isJson && page.entries.length === 0) {
    // A bare "(none)" reads as a quiet day even when the window or the rule id was the problem.
    process.stdout.write(`(none from ${iso(query.fromMs)} to ${iso(query.toMs)})\n`);
    if (query.isUnknownRule) {
      process.stderr.write(
        `dipper: no rule "${query.ruleId}" exists; \`dipper rules list\` shows the rules\n`,
      );
    }
    return;
  }

  printRows(
    page.entries,
    [
      { header: 'TIME (UTC)', value: (e) => iso(e.atMs) },
      { header: 'KIND', value: (e) => e.kind },
      { header: 'RULE', value: (e) => ('ruleId' in e ? (e.ruleId ?? '-') : '-') },
      { header: 'LABELS', value: (e) => ('labels' in e ? formatLabels(e.labels) : '-') },
      { header: 'SEVERITY', value: (e) => ('severity' in e ? (e.severity ?? '-') : '-') },
      { header: 'WHAT', value: describeEntry },
      { header: 'BY', value: (e) => ('by' in e ? (e.by ?? '-') : '-') },
    ],
    isJson,
    page,
  );
  if (!isJson && page.next !== null) {
    process.stdout.write(`(more: add --before ${page.next})\n`);
  }
}

export function alertsCommand(): Command {
  return withCommonOptions(
    new Command('alerts').description(
      'alerts not normal now (pending, firing, resolved, nodata, error); --history: what happened',
    ),
  )
    .option('--history', 'read the alert history instead of what fires now', false)
    .option('--from <time>', 'history from this time (default -24h): ISO, -2h, now', timeValue)
    .option('--to <time>', 'history until this time (default now)', timeValue)
    .option('--rule <id>', 'history of one rule')
    .addOption(
      new Option('--severity <severity>', 'history of one severity').choices([
        'critical',
        'warning',
        'info',
      ]),
    )
    .addOption(
      new Option('--state <state>', 'transitions into this state').choices([...ALERT_STATES]),
    )
    .option(
      '--label <matcher>',
      'entries whose labels match, e.g. app=web or env=~prod.* (repeatable)',
      collectMatchers,
    )
    .option('--limit <n>', 'entries to show', intIn(1, MAX_HISTORY_LIMIT), 100)
    .option('--before <cursor>', 'continue a page: entries older than this cursor')
    .action(async (flags: AlertsFlags, command: Command) => {
      const isJson = flags.json ?? false;
      const historyOnly = ['from', 'to', 'rule', 'severity', 'state', 'label', 'before'] as const;
      const misplaced: string[] = historyOnly.filter((k) => flags[k] !== undefined);
      // --limit has a default, so only its source tells whether it was typed.
      if (command.getOptionValueSource('limit') === 'cli') misplaced.push('limit');
      if (!flags.history && misplaced.length > 0) {
        const flagNames = misplaced.map((k) => `--${k}`);
        const named = flagNames.join(', ').replace(/, ([^,]+)$/, ' and $1');
        const verb = misplaced.length === 1 ? 'needs' : 'need';
        throw new CliFailure(fail('BAD_REQUEST', `${named} ${verb} --history`));
      }

      if (!flags.history) {
        const active = await withAlerting(flags, async (s) => {
          const rules = await s.call(s.alerting.config.rules.list(), 'reading rules');
          const ids = rules.map((rule) => rule.id);
          return s.call(s.alerting.deps.alerts.listActive(ids), 'reading alerts');
        });
        printActive(active, isJson);
        return;
      }

      const toMs = flags.to ?? Date.now();
      const fromMs = flags.from ?? toMs - DEFAULT_HISTORY_WINDOW_MS;
      requireWindow(fromMs, toMs, flags.to !== undefined);
      const query = {
        fromMs,
        toMs,
        limit: flags.limit,
        ...(flags.rule === undefined ? {} : { ruleId: flags.rule }),
        ...(flags.severity === undefined ? {} : { severity: flags.severity }),
        ...(flags.state === undefined ? {} : { state: flags.state }),
        ...(flags.label === undefined ? {} : { labels: flags.label }),
        ...(flags.before === undefined ? {} : { before: flags.before }),
      };
      const { page, isUnknownRule } = await withAlerting(flags, async (s) => {
        const result = await s.call(s.alerting.history.query(query), 'reading the history');
        if (!result.ok)
          throw new CliFailure(inFlagTerms(result, 'invalid history query', HISTORY_FLAGS));

        // The history outlives removed rules, so only an empty page asks whether the id is one.
        const isEmpty = result.value.entries.length === 0;
        const rule =
          isEmpty && flags.rule !== undefined
            ? await s.call(s.alerting.config.rules.get(flags.rule), 'reading the rule')
            : undefined;
        return { page: result.value, isUnknownRule: rule === null };
      });
      printHistory(page, { fromMs, toMs, ruleId: flags.rule, isUnknownRule }, isJson);
    });
}
