import { ruleSchedule, type AlertingConfig } from '../alerts/config-stores.js';
import type { RedisClient } from '../connection/connection.js';
import { stateResetReason } from '../alerts/engine/rule-edit.js';
import type { AlertStore } from '../alerts/state/alert-store.js';
import type { Logger } from '../log/logger.js';
import type { ScheduleStore } from '../scheduler/schedule-store.js';
import type { AlertingDocument } from '../../shared/alerting/config.js';
import type { Rule } from '../../shared/alerting/rule.js';
import { ScheduleSchema, type Schedule } from '../../shared/schedule.js';
import { parseWith } from '../../shared/validation.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { checkDocument, DOCUMENT_KINDS, type DocumentKind } from './document-check.js';
import {
  formatPath,
  parseDocumentText,
  type DocumentFormat,
  type DocumentIssue,
} from './document-text.js';

/** Where a document is applied: the alerting stores, the schedule store and Alert state. */
export interface ConfigTarget {
  /** The connection the stores use; the document is written through one transaction on it. */
  client: RedisClient;
  config: AlertingConfig;
  schedules: ScheduleStore;
  alerts: Pick<AlertStore, 'reset'>;
  log: Logger;
}

/** Ids of one kind by what applying does to them. */
export interface KindChanges {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** What an apply did, or would do with `dryRun`. */
export interface ApplyReport {
  dryRun: boolean;
  changes: Record<DocumentKind, KindChanges>;
  /** Rules whose Alerts were dropped because the edit changed what they measure. */
  resetRules: { id: string; reason: string }[];
}

type Doc = { id: string };

/** JSON with object keys sorted, so that equal documents compare equal as text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

function diff(wanted: readonly Doc[], stored: readonly Doc[]): KindChanges {
  const before = new Map(stored.map((doc) => [doc.id, canonical(doc)]));
  const changes: KindChanges = { created: [], updated: [], unchanged: [] };
  for (const doc of wanted) {
    const old = before.get(doc.id);
    if (old === undefined) changes.created.push(doc.id);
    else if (old === canonical(doc)) changes.unchanged.push(doc.id);
    else changes.updated.push(doc.id);
  }

  return changes;
}

async function readStored(target: ConfigTarget) {
  const { config, schedules } = target;
  const [sources, channels, routes, rules, scheduleList] = await Promise.all([
    config.sources.list(),
    config.channels.list(),
    config.routes.list(),
    config.rules.list(),
    schedules.list(),
  ]);

  return { sources, channels, routes, rules, schedules: scheduleList };
}

/** Problems as a BAD_REQUEST listing each at its path, ordered by line. */
function refuse(fileName: string, issues: DocumentIssue[]): Result<never> {
  const sorted = [...issues].sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
  );
  const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
  const lines = sorted.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.line === undefined ? issue.message : `${issue.message} (line ${issue.line})`,
  }));

  return fail('BAD_REQUEST', `${fileName} has ${count}; nothing was changed`, lines);
}

/**
 * Applies a configuration document all or nothing: every problem in the file is found before
 * anything is written, and any problem means nothing is written. Then every changed document
 * is written in one transaction (see writeDocument). Documents that equal what is stored are
 * not written again. Nothing in the store is deleted.
 */
export async function applyDocumentText(
  text: string,
  fileName: string,
  format: DocumentFormat,
  target: ConfigTarget,
  options: { dryRun: boolean },
): Promise<Result<ApplyReport>> {
  const parsed = parseDocumentText(text, format);
  if (!parsed.ok) return refuse(fileName, parsed.issues);

  const stored = await readStored(target);
  const ids = (docs: readonly Doc[]) => new Set(docs.map((d) => d.id));
  const checked = checkDocument(parsed.value.value, {
    sources: ids(stored.sources),
    channels: ids(stored.channels),
    rules: ids(stored.rules),
  });
  if (!checked.ok) {
    const located = checked.issues.map((issue) => {
      const line = parsed.value.lineOf(issue.path);
      return line === undefined ? issue : { ...issue, line };
    });
    return refuse(fileName, located);
  }

  const doc = checked.document;
  const changes = Object.fromEntries(
    DOCUMENT_KINDS.map((kind) => [kind, diff(doc[kind], stored[kind])]),
  ) as Record<DocumentKind, KindChanges>;
  const resetRules = rulesToReset(doc.rules, stored.rules, changes.rules.updated);
  const report: ApplyReport = { dryRun: options.dryRun, changes, resetRules };
  if (options.dryRun) return ok(report);

  const written = await writeDocument(doc, changes, stored, target);
  if (!written.ok) return written;
  for (const { id, reason } of resetRules) {
    await target.alerts.reset(id);
    target.log.info('rule alerts reset by apply', { ruleId: id, reason });
  }
  target.log.info('configuration applied', { file: fileName });

  return ok(report);
}

function rulesToReset(wanted: Rule[], stored: Rule[], updated: string[]) {
  const before = new Map(stored.map((rule) => [rule.id, rule]));

  return wanted.flatMap((rule) => {
    const old = before.get(rule.id);
    const reason = old && updated.includes(rule.id) ? stateResetReason(old, rule) : null;
    return reason === null ? [] : [{ id: rule.id, reason }];
  });
}

/**
 * Writes every changed document, and the evaluation Schedule of every changed Rule, in one
 * MULTI: Redis applies all of it or, when the connection fails before EXEC, none of it. The
 * prefix carries the profile's hash tag on a cluster, so every key is in one slot. Nodes learn
 * of changed Schedules after EXEC; their caches of the other documents expire within a second.
 */
async function writeDocument(
  doc: AlertingDocument,
  changes: Record<DocumentKind, KindChanges>,
  stored: Awaited<ReturnType<typeof readStored>>,
  target: ConfigTarget,
): Promise<Result<void>> {
  const { config, schedules, client } = target;
  const changed = (kind: DocumentKind) =>
    new Set([...changes[kind].created, ...changes[kind].updated]);
  const pick = <D extends Doc>(kind: DocumentKind, docs: D[]) => {
    const ids = changed(kind);
    return docs.filter((d) => ids.has(d.id));
  };

  const rules = pick('rules', doc.rules);
  const wantedSchedules: Schedule[] = [...pick('schedules', doc.schedules)];
  for (const rule of rules) {
    const schedule = parseWith(ScheduleSchema, ruleSchedule(rule), 'schedule');
    if (!schedule.ok) {
      return fail(
        'INTERNAL',
        `rule "${rule.id}": its schedule: ${schedule.message}; nothing was changed`,
      );
    }
    wantedSchedules.push(schedule.value);
  }

  const previous = new Map(stored.schedules.map((s) => [s.id, s]));
  const multi = client.multi();
  for (const source of pick('sources', doc.sources)) config.sources.stage(multi, source);
  for (const channel of pick('channels', doc.channels)) config.channels.stage(multi, channel);
  for (const route of pick('routes', doc.routes)) config.routes.stage(multi, route);
  for (const rule of rules) config.rules.stage(multi, rule);
  for (const schedule of wantedSchedules) {
    schedules.stage(multi, schedule, previous.get(schedule.id) ?? null);
  }

  const replies = await multi.exec();
  const failed = replies?.find(([error]) => error !== null)?.[0];
  if (!replies || failed) {
    const why = failed ? failed.message : 'the transaction was aborted';
    return fail('INTERNAL', `writing the configuration failed: ${why}`);
  }
  await schedules.announceStaged(wantedSchedules.map((s) => s.id));

  return ok(undefined);
}
