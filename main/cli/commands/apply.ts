import { open, readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { applyDocumentText, type ApplyReport } from '../../config/apply.js';
import { DOCUMENT_KINDS } from '../../config/document-check.js';
import { detectFormat, type DocumentFormat } from '../../config/document-text.js';
import { exportDocument, renderExport } from '../../config/export.js';
import type { Failure } from '../../../shared/result.js';
import { withCommonOptions, type CommonOptions } from '../context.js';
import { fileFailure } from '../file-errors.js';
import { CliFailure, printRows, printValue } from '../output.js';
import { withAlerting } from './alerting-session.js';

interface ApplyFlags extends CommonOptions {
  file: string;
  dryRun: boolean;
}

interface ExportFlags extends CommonOptions {
  output?: string;
  format?: DocumentFormat;
  includeSecrets: boolean;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(fileFailure('read', file, error));
  }
}

/** A refused document: the count, then one problem per line (JSON keeps them in `issues`). */
function refusal(failure: Failure, isJson: boolean): CliFailure {
  if (isJson || !failure.issues) return new CliFailure(failure);

  const lines = failure.issues.map((i) => `\n  ${i.path}: ${i.message}`).join('');
  return new CliFailure({ ...failure, message: `${failure.message}${lines}` });
}

function printReport(report: ApplyReport, file: string, isJson: boolean): void {
  if (!isJson) {
    const head = report.dryRun
      ? `dry run of ${file}: valid; nothing was changed`
      : `applied ${file}`;
    process.stdout.write(`${head}\n`);
  }
  const rows = DOCUMENT_KINDS.map((kind) => ({ kind, ...report.changes[kind] }));
  printRows(
    rows,
    [
      { header: 'KIND', value: (r) => r.kind },
      { header: report.dryRun ? 'TO CREATE' : 'CREATED', value: (r) => String(r.created.length) },
      { header: report.dryRun ? 'TO UPDATE' : 'UPDATED', value: (r) => String(r.updated.length) },
      { header: 'UNCHANGED', value: (r) => String(r.unchanged.length) },
    ],
    isJson,
    { file, ...report },
  );
  if (isJson) return;
  for (const { id, reason } of report.resetRules) {
    const verb = report.dryRun ? 'would reset' : 'reset';
    process.stdout.write(`rule "${id}": ${verb} its alerts (${reason})\n`);
  }
}

export function applyCommand(): Command {
  return withCommonOptions(
    new Command('apply').description(
      'apply a configuration file (YAML or JSON): all of it, or nothing when anything is wrong',
    ),
  )
    .requiredOption('-f, --file <path>', 'the file: sources, channels, routes, rules, schedules')
    .option('--dry-run', 'check the file against the store and change nothing', false)
    .action(async (flags: ApplyFlags) => {
      const text = await readText(flags.file);
      const format = detectFormat(flags.file, text);
      const report = await withAlerting(flags, async (s) => {
        if (!flags.dryRun) s.requireWritable('applying a configuration');
        const target = {
          ...s,
          config: s.alerting.config,
          alerts: s.alerting.deps.alerts,
        };
        const work = applyDocumentText(text, flags.file, format, target, flags);
        const result = await s.call(work, `applying ${flags.file}`, 30_000);
        if (!result.ok) throw refusal(result, flags.json ?? false);
        return result.value;
      });
      printReport(report, flags.file, flags.json ?? false);
    });
}

export function exportCommand(): Command {
  return withCommonOptions(
    new Command('export').description('write the stored configuration as a file apply takes'),
  )
    .option('-o, --output <path>', 'write to this file (default: standard output)')
    .addOption(
      new Option(
        '--format <format>',
        'yaml or json (default: by the file name, else yaml)',
      ).choices(['yaml', 'json']),
    )
    .option('--include-secrets', 'write credentials instead of <redacted>', false)
    .action(async (flags: ExportFlags) => {
      const isJson = flags.json ?? false;
      const byName = flags.output === undefined ? 'yaml' : detectFormat(flags.output, '');
      const format = flags.format ?? (flags.output === undefined && isJson ? 'json' : byName);
      const doc = await withAlerting(flags, (s) =>
        s.call(
          exportDocument({ ...s, config: s.alerting.config }, flags),
          'reading the configuration',
        ),
      );
      const text = renderExport(doc, format, { ...flags, atMs: Date.now() });

      if (flags.output === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        await writeExport(flags.output, text, flags.includeSecrets);
      } catch (error) {
        throw new CliFailure(fileFailure('write', flags.output, error));
      }
      const counts = Object.fromEntries(DOCUMENT_KINDS.map((kind) => [kind, doc[kind].length]));
      const summary = Object.entries(counts).map(([kind, n]) => `${n} ${kind}`);
      printValue(
        { file: flags.output, format, counts },
        isJson,
        `wrote ${flags.output}: ${summary.join(', ')}`,
      );
    });
}

/** A file's mode applies only when it is created, so an existing file is made private first. */
async function writeExport(path: string, text: string, hasSecrets: boolean): Promise<void> {
  const file = await open(path, 'w', hasSecrets ? 0o600 : 0o644);

  try {
    if (hasSecrets) await file.chmod(0o600);
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}
