import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { createSource } from '../../alerts/sources/index.js';
import type { WriteSummary } from '../../alerts/sources/recorded-store.js';
import {
  MAX_RANGE_POINTS,
  RecordedSetNameSchema,
  SOURCE_MAX_TIMEOUT_MS,
} from '../../../shared/alerting/source.js';
import { fail } from '../../../shared/result.js';
import { must, withCommonOptions, type CommonOptions } from '../context.js';
import { fileFailure } from '../file-errors.js';
import { CliFailure, iso, printRows, printValue } from '../output.js';
import { durationValue, formatDuration, requireWindow, timeValue } from './alert-options.js';
import { withAlerting } from './alerting-session.js';

interface ImportFlags extends CommonOptions {
  set: string;
  format?: 'csv' | 'json';
}

interface CaptureFlags extends CommonOptions {
  set: string;
  source: string;
  query: string;
  from: number;
  to: number;
  step: number;
}

/** Commander parser for a recorded set name, checked before any file is read. */
function setName(raw: string): string {
  const parsed = RecordedSetNameSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidArgumentError(`${parsed.error.issues.map((i) => i.message).join('; ')}.`);
  }

  return parsed.data;
}

function printWritten(set: string, summary: WriteSummary, isJson: boolean): void {
  const samples = summary.sampleCount === 1 ? 'sample' : 'samples';
  const text = `recorded set "${set}": ${summary.seriesCount} series, ${summary.sampleCount} ${samples}`;
  printValue({ set, ...summary }, isJson, text);
}

async function importFile(file: string, flags: ImportFlags): Promise<void> {
  const format = flags.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(fileFailure('read', file, error));
  }

  const summary = await withAlerting(flags, async (s) => {
    s.requireWritable('importing a recorded set');
    const { recorded } = s;
    const work =
      format === 'csv' ? recorded.importCsv(flags.set, text) : recorded.importJson(flags.set, text);
    const result = await work;
    if (!result.ok) throw new CliFailure({ ...result, message: `${file}: ${result.message}` });
    return result.value;
  });
  printWritten(flags.set, summary, flags.json ?? false);
}

async function listSets(flags: CommonOptions): Promise<void> {
  const sets = await withAlerting(flags, async (s) => must(await s.recorded.list()));

  printRows(
    sets,
    [
      { header: 'SET', value: (r) => r.name },
      { header: 'SERIES', value: (r) => String(r.seriesCount) },
      { header: 'SAMPLES', value: (r) => String(r.sampleCount) },
      { header: 'FROM (UTC)', value: (r) => iso(r.fromMs) },
      { header: 'TO (UTC)', value: (r) => iso(r.toMs) },
    ],
    flags.json ?? false,
  );
}

/** Ends the command when the range at --step has more points than a range query takes. */
function requireFewPoints(flags: CaptureFlags): void {
  const points = Math.floor((flags.to - flags.from) / flags.step) + 1;
  if (points <= MAX_RANGE_POINTS) return;

  const leastMs = (flags.to - flags.from) / (MAX_RANGE_POINTS - 1);
  const unitMs = leastMs > 60_000 ? 60_000 : 1_000;
  const stepMs = Math.ceil(leastMs / unitMs) * unitMs;
  const message =
    `--from ${iso(flags.from)} to ${iso(flags.to)} every ${formatDuration(flags.step)} is ` +
    `${points} points; a capture takes at most ${MAX_RANGE_POINTS}: give --step ` +
    `${formatDuration(stepMs)} or more, or a shorter range`;
  throw new CliFailure(fail('BAD_REQUEST', message));
}

async function captureSet(flags: CaptureFlags, isToGiven: boolean): Promise<void> {
  requireWindow(flags.from, flags.to, isToGiven);
  requireFewPoints(flags);
  const summary = await withAlerting(flags, async (s) => {
    s.requireWritable('capturing a recorded set');
    const { config, deps } = s.alerting;
    const def = await s.call(config.sources.get(flags.source), 'reading the source');
    if (!def) throw new CliFailure(fail('NOT_FOUND', `source "${flags.source}" does not exist`));
    if (def.config.kind === 'recorded' && def.config.series === flags.set) {
      const message = `source "${def.id}" reads set "${flags.set}"; capture into another set`;
      throw new CliFailure(fail('BAD_REQUEST', message));
    }

    const source = createSource(def.config, deps.sourceDeps);
    const query = { query: flags.query, fromMs: flags.from, toMs: flags.to, stepMs: flags.step };
    const signal = AbortSignal.timeout(SOURCE_MAX_TIMEOUT_MS);
    return must(await s.recorded.capture(flags.set, source, query, signal));
  });
  printWritten(flags.set, summary, flags.json ?? false);
}

export function recordCommand(): Command {
  const cmd = new Command('record').description(
    'recorded sets of series: import, capture from a source, list, remove',
  );

  withCommonOptions(
    cmd
      .command('import')
      .description('replace a recorded set with series from a CSV or JSON file')
      .argument('<file>', 'CSV: timestamp,value,label... ; JSON: [{labels, samples:[{t,v}]}]'),
  )
    .requiredOption('--set <name>', 'the recorded set to replace', setName)
    .addOption(
      new Option('--format <format>', 'csv or json (default: by the file name, else csv)').choices([
        'csv',
        'json',
      ]),
    )
    .action(importFile);

  withCommonOptions(cmd.command('list').description('recorded sets and their time ranges')).action(
    listSets,
  );

  withCommonOptions(
    cmd.command('capture').description('replace a recorded set with a range query on a source'),
  )
    .requiredOption('--set <name>', 'the recorded set to replace', setName)
    .requiredOption('--source <id>', 'a configured source')
    .option('--query <q>', 'the query in the source language (PromQL, SQL...)', '')
    .requiredOption('--from <time>', 'range start: ISO, -2h, epoch ms', timeValue)
    .option('--to <time>', 'range end (default now)', timeValue)
    .option('--step <d>', 'resolution, e.g. 1m', durationValue, 60_000)
    .action(async (flags: Omit<CaptureFlags, 'to'> & { to?: number }) =>
      captureSet({ ...flags, to: flags.to ?? Date.now() }, flags.to !== undefined),
    );

  withCommonOptions(
    cmd
      .command('remove')
      .description('delete a recorded set')
      .addArgument(new Argument('<set>', 'the recorded set').argParser(setName)),
  ).action(async (set: string, flags: CommonOptions) => {
    await withAlerting(flags, async (s) => {
      s.requireWritable('removing a recorded set');
      must(await s.recorded.remove(set));
    });
    printValue({ set }, flags.json ?? false, `recorded set "${set}" removed`);
  });

  return cmd;
}
