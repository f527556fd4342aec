import { ALERTS_QUEUE, EVALUATE_JOB, type AlertingConfig } from '../alerts/config-stores.js';
import type { ScheduleStore } from '../scheduler/schedule-store.js';
import type { AlertingDocument } from '../../shared/alerting/config.js';
import { renderDocumentText, type DocumentFormat } from './document-text.js';
import { redactChannel, redactSource } from './secrets.js';

/**
 * The stored configuration as a document `dipper apply` takes back. Rule evaluation schedules
 * are left out: saving a Rule makes its own. Without `includeSecrets`, credentials are replaced
 * by `<redacted>` (see secrets.ts), which apply refuses, so a redacted export cannot overwrite
 * a working secret by accident.
 */
export async function exportDocument(
  stores: { config: AlertingConfig; schedules: ScheduleStore },
  options: { includeSecrets: boolean },
): Promise<AlertingDocument> {
  const { config } = stores;
  const [sources, channels, routes, rules, schedules] = await Promise.all([
    config.sources.list(),
    config.channels.list(),
    config.routes.list(),
    config.rules.list(),
    stores.schedules.list(),
  ]);
  const isRuleSchedule = (s: { queue: string; job: string }) =>
    s.queue === ALERTS_QUEUE && s.job === EVALUATE_JOB;

  return {
    version: 1,
    sources: options.includeSecrets ? sources : sources.map(redactSource),
    channels: options.includeSecrets ? channels : channels.map(redactChannel),
    routes,
    rules,
    schedules: schedules.filter((s) => !isRuleSchedule(s)),
  };
}

/** The export as file text, YAML with a header comment or JSON. */
export function renderExport(
  doc: AlertingDocument,
  format: DocumentFormat,
  options: { includeSecrets: boolean; atMs: number },
): string {
  const secrets = options.includeSecrets
    ? 'Secrets included: keep this file private.'
    : 'Secrets are <redacted>: fill them in (or export with --include-secrets) before applying.';
  const header = `Exported by dipper at ${new Date(options.atMs).toISOString()}. ${secrets}`;

  return renderDocumentText(doc, format, header);
}
