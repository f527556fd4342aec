import { Command, Option } from 'commander';
import { formatMatchers, type LabelMatcher } from '../../../shared/alerting/matchers.js';
import { SilenceSchema, type Silence } from '../../../shared/alerting/config.js';
import { fail, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import {
  createSilence,
  newSilenceId,
  removeSilence,
  silenceStatus,
} from '../../alerts/operator-actions.js';
import { must, withCommonOptions, type CommonOptions } from '../context.js';
import { inFlagTerms } from '../flag-terms.js';
import { CliFailure, iso, printRows, printValue } from '../output.js';
import { collectMatchers, defaultActor, durationValue, timeValue } from './alert-options.js';
import { withAlerting } from './alerting-session.js';

interface AddFlags extends CommonOptions {
  matcher: LabelMatcher[];
  duration?: number;
  until?: number;
  start?: number;
  comment?: string;
  by?: string;
  id?: string;
}

async function listSilences(flags: CommonOptions): Promise<void> {
  const silences = await withAlerting(flags, (s) =>
    s.call(s.alerting.config.silences.list(), 'listing silences'),
  );
  const nowMs = Date.now();
  const rows = silences.map((silence) => ({ ...silence, status: silenceStatus(silence, nowMs) }));

  printRows(
    rows,
    [
      { header: 'ID', value: (r) => r.id },
      { header: 'STATUS', value: (r) => r.status },
      { header: 'MATCHERS', value: (r) => formatMatchers(r.matchers) },
      { header: 'STARTS (UTC)', value: (r) => iso(r.startsAtMs) },
      { header: 'ENDS (UTC)', value: (r) => iso(r.endsAtMs) },
      { header: 'BY', value: (r) => r.createdBy },
      { header: 'COMMENT', value: (r) => r.comment || '-' },
    ],
    flags.json ?? false,
  );
}

/** The flag of each silence field. */
const SILENCE_FLAGS = {
  id: '--id',
  matchers: '--matcher',
  startsAtMs: '--start',
  endsAtMs: '--until',
  createdBy: '--by',
  comment: '--comment',
};

/** A silence Result, its field problems told in flags, or ends the command. */
function mustSilence(result: Result<Silence>): Silence {
  if (!result.ok) throw new CliFailure(inFlagTerms(result, 'invalid silence', SILENCE_FLAGS));

  return result.value;
}

async function addSilence(flags: AddFlags): Promise<void> {
  const startsAtMs = flags.start ?? Date.now();
  const endsAtMs = flags.until ?? startsAtMs + (flags.duration ?? 0);
  if (flags.until === undefined && flags.duration === undefined) {
    throw new CliFailure(
      fail('BAD_REQUEST', 'give how long the silence lasts: --duration or --until'),
    );
  }
  if (endsAtMs <= startsAtMs) {
    const start = flags.start === undefined ? 'now' : '--start';
    const message = `--until ${iso(endsAtMs)} is not after ${start} (${iso(startsAtMs)}); a silence must end after it starts`;
    throw new CliFailure(fail('BAD_REQUEST', message));
  }
  const input = {
    id: flags.id ?? newSilenceId(),
    matchers: flags.matcher,
    startsAtMs,
    endsAtMs,
    createdBy: flags.by ?? defaultActor(),
    comment: flags.comment ?? '',
  };

  // Checked here first, so that a mistake is told without connecting to Redis.
  mustSilence(parseWith(SilenceSchema, input, 'silence'));
  const saved = await withAlerting(flags, async (s) => {
    s.requireWritable('adding a silence');
    return mustSilence(await s.call(createSilence(s.alerting.deps, input), 'saving the silence'));
  });
  const text = `silence ${saved.id} added: ${formatMatchers(saved.matchers)} from ${iso(saved.startsAtMs)} until ${iso(saved.endsAtMs)}`;
  printValue(saved, flags.json ?? false, text);
}

async function removeSilenceById(
  id: string,
  flags: CommonOptions & { by?: string },
): Promise<void> {
  const removed = await withAlerting(flags, async (s) => {
    s.requireWritable('removing a silence');
    const work = removeSilence(s.alerting.deps, id, flags.by ?? defaultActor());
    return must(await s.call(work, 'removing the silence'));
  });
  printValue(removed, flags.json ?? false, `silence ${removed.id} removed`);
}

export function silencesCommand(): Command {
  const cmd = new Command('silences').description('list, add and remove silences');

  withCommonOptions(
    cmd.command('list').description('silences: active, pending and expired'),
  ).action(listSilences);

  withCommonOptions(cmd.command('add').description('mute notifications of matching alerts'))
    .requiredOption(
      '--matcher <matcher>',
      'label matcher: app=web, app!=web, env=~prod.*, env!~dev.* (repeatable; all must match)',
      collectMatchers,
    )
    .addOption(new Option('--duration <d>', 'how long, e.g. 2h or 30m').argParser(durationValue))
    .addOption(
      new Option('--until <time>', 'when it ends: ISO or +2h')
        .argParser(timeValue)
        .conflicts('duration'),
    )
    .option('--start <time>', 'when it starts (default now)', timeValue)
    .option('--comment <text>', 'why')
    .option('--by <name>', 'who silences (default: user@host)')
    .option('--id <id>', 'the silence id (default: s- and 8 random hex digits)')
    .action(addSilence);

  withCommonOptions(cmd.command('remove').description('delete a silence').argument('<id>'))
    .option('--by <name>', 'who removes it (default: user@host)')
    .action(removeSilenceById);

  return cmd;
}
