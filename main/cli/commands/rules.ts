import { Command } from 'commander';
import { evaluateRule, type QueryOutcome } from '../../alerts/engine/evaluate.js';
import { queryRule } from '../../alerts/evaluate-job.js';
import { removeRuleEverywhere } from '../../alerts/operator-actions.js';
import {
  STATE_PRIORITY,
  type AlertInstance,
  type AlertState,
} from '../../../shared/alerting/alert.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import { seriesKey, type Labels } from '../../../shared/alerting/series.js';
import { SOURCE_MAX_TIMEOUT_MS } from '../../../shared/alerting/source.js';
import { fail } from '../../../shared/result.js';
import { must, withCommonOptions, type CommonOptions } from '../context.js';
import { CliFailure, iso, printRows, printValue } from '../output.js';
import { formatLabels, timeValue } from './alert-options.js';
import { withAlerting, type AlertingSession } from './alerting-session.js';
import { addReplayCommand } from './replay.js';

/** `> 90`, with the resolve threshold when there is one: `> 90 (resolve 80)`. */
export function describeCondition(rule: Rule): string {
  const { op, threshold, resolveThreshold } = rule.condition;
  const resolve = resolveThreshold === undefined ? '' : ` (resolve ${resolveThreshold})`;

  return `${op} ${threshold}${resolve}`;
}

function worstState(instances: Iterable<AlertInstance>): { state: AlertState; count: number } {
  const all = [...instances];
  const state =
    STATE_PRIORITY.find((s) => all.some((a) => a.state === s)) ?? ('normal' as AlertState);

  return { state, count: all.filter((a) => a.state === state).length };
}

async function ruleOrFail(s: AlertingSession, id: string): Promise<Rule> {
  const rule = await s.call(s.alerting.config.rules.get(id), 'reading the rule');
  if (!rule) throw new CliFailure(fail('NOT_FOUND', `rule "${id}" does not exist`));

  return rule;
}

async function listRules(flags: CommonOptions): Promise<void> {
  const rows = await withAlerting(flags, async (s) => {
    const rules = await s.call(s.alerting.config.rules.list(), 'listing rules');
    // TODO: load the rules' alerts in one pipeline; one round trip each is fine for hundreds.
    const states = await s.call(
      Promise.all(rules.map((rule) => s.alerting.deps.alerts.load(rule.id))),
      'reading alert state',
    );
    return rules.map((rule, i) => ({
      ...rule,
      ...worstState(states[i]?.instances.values() ?? []),
    }));
  });

  printRows(
    rows,
    [
      { header: 'ID', value: (r) => r.id },
      { header: 'NAME', value: (r) => r.name },
      { header: 'SOURCE', value: (r) => r.source.sourceId },
      { header: 'CONDITION', value: describeCondition },
      {
        header: 'SCHEDULE',
        value: (r) =>
          r.evaluate.tz === 'UTC' ? r.evaluate.cron : `${r.evaluate.cron} ${r.evaluate.tz}`,
      },
      { header: 'ENABLED', value: (r) => (r.enabled ? 'yes' : 'no') },
      {
        header: 'STATE',
        value: (r) => (r.state === 'normal' ? 'normal' : `${r.state} (${r.count})`),
      },
    ],
    flags.json ?? false,
  );
}

/** One row of `rules test`: a series, its value now, its state now and after this evaluation. */
interface TestRow {
  seriesKey: string;
  labels: Labels;
  value: number | null;
  state: AlertState;
  next: AlertState;
}

function testRows(
  rule: Rule,
  outcome: QueryOutcome,
  previous: ReadonlyMap<string, AlertInstance>,
  after: ReadonlyMap<string, AlertInstance>,
): TestRow[] {
  const rows = new Map<string, TestRow>();
  const add = (key: string, labels: Labels, value: number | null) => {
    const next = after.get(key)?.state ?? 'normal';
    const state = previous.get(key)?.state ?? 'normal';
    rows.set(key, { seriesKey: key, labels: { ...labels, ...rule.labels }, value, state, next });
  };

  for (const alert of [...previous.values(), ...after.values()]) {
    add(alert.seriesKey, alert.labels, after.get(alert.seriesKey)?.value ?? null);
  }
  for (const series of outcome.ok ? outcome.series : []) {
    const value = series.samples.at(-1)?.v;
    add(
      seriesKey(series.labels),
      series.labels,
      value === undefined || Number.isNaN(value) ? null : value,
    );
  }

  return [...rows.values()].sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : 1));
}

async function testRule(id: string, flags: CommonOptions & { at?: number }): Promise<void> {
  const atMs = flags.at ?? Date.now();
  const { rule, outcome, rows, transitions } = await withAlerting(flags, async (s) => {
    const found = await ruleOrFail(s, id);
    const signal = AbortSignal.timeout(SOURCE_MAX_TIMEOUT_MS);
    const deadlineMs = SOURCE_MAX_TIMEOUT_MS + 5_000;
    const queried = await s.call(
      queryRule(found, atMs, s.alerting.deps, signal),
      'querying the source',
      deadlineMs,
    );
    const previous = await s.call(s.alerting.deps.alerts.load(found.id), 'reading alert state');
    const result = evaluateRule(found, queried, previous.instances, atMs);

    return {
      rule: found,
      outcome: queried,
      rows: testRows(found, queried, previous.instances, result.instances),
      transitions: result.transitions.map(({ seriesKey: key, from, to, summary }) => ({
        seriesKey: key,
        from,
        to,
        summary,
      })),
    };
  });
  const isJson = flags.json ?? false;

  if (!isJson) {
    const what = outcome.ok ? `${outcome.series.length} series` : `query failed: ${outcome.error}`;
    process.stdout.write(`rule ${rule.id} at ${iso(atMs)} (${describeCondition(rule)}): ${what}\n`);
  }
  printRows(
    rows,
    [
      { header: 'SERIES', value: (r) => formatLabels(r.labels) },
      { header: 'VALUE', value: (r) => (r.value === null ? '-' : String(r.value)) },
      { header: 'STATE', value: (r) => r.state },
      { header: 'WOULD BE', value: (r) => r.next },
    ],
    isJson,
    {
      ruleId: rule.id,
      atMs,
      query: outcome.ok ? { ok: true } : outcome,
      series: rows,
      transitions,
    },
  );
  if (!isJson) process.stdout.write('(a test: nothing was saved and nothing was sent)\n');
  // The report shows what a failed query would do to the Alerts; the exit code says it failed.
  if (!outcome.ok) {
    throw new CliFailure(fail('INTERNAL', `rule "${rule.id}": the query failed: ${outcome.error}`));
  }
}

export function rulesCommand(): Command {
  const cmd = new Command('rules').description('list, remove, test and replay alert rules');

  withCommonOptions(cmd.command('list').description('rules with their current worst state')).action(
    listRules,
  );

  withCommonOptions(
    cmd
      .command('remove')
      .description('delete a rule, its schedule and its alerts')
      .argument('<id>'),
  ).action(async (id: string, flags: CommonOptions) => {
    const removed = await withAlerting(flags, async (s) => {
      s.requireWritable(`removing rule "${id}"`);
      return must(await s.call(removeRuleEverywhere(s.alerting.deps, id), 'removing the rule'));
    });
    printValue(removed, flags.json ?? false, `rule "${removed.id}" removed`);
  });

  withCommonOptions(
    cmd
      .command('test')
      .description('query the source now and show what each series would become (saves nothing)')
      .argument('<id>'),
  )
    .option('--at <time>', 'evaluate at this time instead of now (ISO, -2h, epoch ms)', timeValue)
    .action(testRule);
  addReplayCommand(cmd);

  return cmd;
}
