import type { Command } from 'commander';
import { replayDepsFor, replayRule } from '../../alerts/replay/replay.js';
import type { ReplayTimeline } from '../../../shared/alerting/replay.js';
import { fail, type Failure } from '../../../shared/result.js';
import { withCommonOptions, type CommonOptions } from '../context.js';
import { inFlagTerms } from '../flag-terms.js';
import { CliFailure, iso, printRows } from '../output.js';
import {
  durationAtLeast,
  formatDuration,
  formatLabels,
  requireWindow,
  timeValue,
} from './alert-options.js';
import { withAlerting } from './alerting-session.js';

/** How long a replay may run, in ms: the range query plus at most ~10 s of evaluation. */
const REPLAY_DEADLINE_MS = 180_000;

interface ReplayFlags extends CommonOptions {
  from: number;
  to?: number;
  step?: number;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 6_000) / 10} min`;
}

function printTimeline(timeline: ReplayTimeline): void {
  const { ruleId, fromMs, toMs, ticks, warmupTicks, series, queryStepMs } = timeline;
  const head = `rule ${ruleId} from ${iso(fromMs)} to ${iso(toMs)}: ${ticks} ticks (${warmupTicks} warm-up), ${series} series, query step ${queryStepMs / 1_000} s`;
  process.stdout.write(`${head}\n\ntransitions:\n`);
  printRows(
    timeline.transitions,
    [
      { header: 'TIME (UTC)', value: (t) => iso(t.atMs) },
      { header: 'LABELS', value: (t) => formatLabels(t.labels) },
      { header: 'FROM', value: (t) => t.from },
      { header: 'TO', value: (t) => t.to },
      { header: 'VALUE', value: (t) => (t.value === null ? '-' : String(t.value)) },
    ],
    false,
  );

  process.stdout.write('\nnotifications it would send:\n');
  printRows(
    timeline.notifications,
    [
      { header: 'TIME (UTC)', value: (n) => iso(n.atMs) },
      { header: 'STATUS', value: (n) => (n.isRepeat ? `${n.status} (repeat)` : n.status) },
      { header: 'ROUTE', value: (n) => n.routeId },
      { header: 'CHANNELS', value: (n) => n.channels.join(',') },
      { header: 'GROUP', value: (n) => formatLabels(n.groupLabels) },
      { header: 'ALERTS', value: (n) => String(n.alerts.length) },
    ],
    false,
  );

  const firing = Object.entries(timeline.firingMs).sort(([a], [b]) => (a < b ? -1 : 1));
  process.stdout.write('\nfiring time:\n');
  printRows(
    firing,
    [
      { header: 'SERIES', value: ([key]) => key },
      { header: 'FIRING', value: ([, ms]) => minutes(ms) },
    ],
    false,
  );
  if (timeline.isTruncated) process.stdout.write('(lists cut short; narrow the window)\n');
}

async function replay(id: string, flags: ReplayFlags): Promise<void> {
  const toMs = flags.to ?? Date.now();
  requireWindow(flags.from, toMs, flags.to !== undefined);
  const window = {
    fromMs: flags.from,
    toMs,
    ...(flags.step === undefined ? {} : { stepMs: flags.step }),
  };
  const timeline = await withAlerting(flags, async (s) => {
    const { config, deps } = s.alerting;
    const rule = await s.call(config.rules.get(id), 'reading the rule');
    if (!rule) throw new CliFailure(fail('NOT_FOUND', `rule "${id}" does not exist`));

    const replayDeps = await s.call(replayDepsFor(config, deps.sourceDeps), 'reading routes');
    const signal = AbortSignal.timeout(REPLAY_DEADLINE_MS);
    const work = replayRule(rule, window, replayDeps, signal);
    const result = await s.call(work, `replaying rule "${id}"`, REPLAY_DEADLINE_MS + 5_000);
    if (!result.ok) throw new CliFailure(inReplayTerms(result));
    return result.value;
  });

  if (flags.json) process.stdout.write(`${JSON.stringify(timeline, null, 2)}\n`);
  else printTimeline(timeline);
}

/**
 * A replay failure in the flags' terms: the replay service names its step `stepMs` (in ms), as
 * the console's request does; here it is --step with a duration.
 */
export function inReplayTerms(failure: Failure): Failure {
  const flags = { fromMs: '--from', toMs: '--to', stepMs: '--step' };
  const message = inFlagTerms(failure, 'invalid replay window', flags)
    .message.replace(
      /set stepMs to at least (\d+)/,
      (_, ms: string) => `give --step ${formatDuration(Number(ms))} or more`,
    )
    .replace('set a larger stepMs', 'give a larger --step');

  return { ...failure, message };
}

/** Adds `rules replay` to the `rules` command. */
export function addReplayCommand(rules: Command): void {
  withCommonOptions(
    rules
      .command('replay')
      .description(
        'replay a rule over past data: its transitions and notifications (sends nothing)',
      )
      .argument('<id>'),
  )
    .requiredOption('--from <time>', 'window start: ISO, -2h, epoch ms', timeValue)
    .option('--to <time>', 'window end (default now)', timeValue)
    .option(
      '--step <d>',
      'at least this far apart, e.g. 5m (default: every cron tick)',
      durationAtLeast(1_000, 'cron ticks are whole seconds'),
    )
    .action(replay);
}
