import type { z } from 'zod';
import { ALERTS_QUEUE, EVALUATE_JOB, ruleScheduleId } from '../alerts/config-stores.js';
import { AlertingDocumentSchema, type AlertingDocument } from '../../shared/alerting/config.js';
import { plainErrors } from '../../shared/validation.js';
import type { DocumentIssue, DocumentPath } from './document-text.js';
import { findRedacted, REDACTED } from './secrets.js';

/** Ids already in the store, for references a document does not define itself. */
export interface StoredIds {
  sources: ReadonlySet<string>;
  channels: ReadonlySet<string>;
  rules: ReadonlySet<string>;
}

/** The lists of a document, in the order apply writes them. */
export const DOCUMENT_KINDS = ['sources', 'channels', 'routes', 'schedules', 'rules'] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

// ruleScheduleId prefixes 5 characters and schedule ids stop at 64.
const MAX_RULE_ID_LENGTH = 59;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listOf(raw: unknown, kind: DocumentKind): Raw[] {
  const list = isRecord(raw) ? raw[kind] : undefined;
  return Array.isArray(list) ? list.map((item) => (isRecord(item) ? item : {})) : [];
}

function textAt(item: Raw, ...keys: string[]): string | undefined {
  let value: unknown = item;
  for (const key of keys) value = isRecord(value) ? value[key] : undefined;

  return typeof value === 'string' ? value : undefined;
}

function startsWith(path: DocumentPath, prefix: DocumentPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function quoteList(ids: Iterable<string>): string {
  const list = [...ids].sort();
  return list.length === 0 ? '(none)' : list.map((id) => `"${id}"`).join(', ');
}

/** The schema's problems, each at the key it is about (an unknown key at that key). */
function schemaIssues(error: z.ZodError): DocumentIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;

    return { path: key === undefined ? path : [...path, key], message: issue.message };
  });
}

/** Ids given twice in one list. */
function duplicateIssues(raw: unknown): DocumentIssue[] {
  return DOCUMENT_KINDS.flatMap((kind) => {
    const firstAt = new Map<string, number>();
    return listOf(raw, kind).flatMap((item, index) => {
      const id = textAt(item, 'id');
      if (id === undefined) return [];
      const first = firstAt.get(id);
      if (first === undefined) {
        firstAt.set(id, index);
        return [];
      }

      return [{ path: [kind, index, 'id'], message: `id "${id}" is also ${kind}[${first}]` }];
    });
  });
}

/** What rules, routes and schedules refer to, checked against the document and the store. */
function referenceIssues(raw: unknown, stored: StoredIds): DocumentIssue[] {
  const idsOf = (kind: DocumentKind, more: ReadonlySet<string>) =>
    new Set([...listOf(raw, kind).flatMap((item) => textAt(item, 'id') ?? []), ...more]);
  const sources = idsOf('sources', stored.sources);
  const channels = idsOf('channels', stored.channels);
  const rules = idsOf('rules', stored.rules);
  const issues: DocumentIssue[] = [];

  listOf(raw, 'rules').forEach((rule, i) => {
    const id = textAt(rule, 'id');
    if (id !== undefined && id.length > MAX_RULE_ID_LENGTH) {
      const message = `rule id "${id}" has ${id.length} characters; at most ${MAX_RULE_ID_LENGTH}, since its schedule is ${ruleScheduleId('<id>')}`;
      issues.push({ path: ['rules', i, 'id'], message });
    }
    const sourceId = textAt(rule, 'source', 'sourceId');
    if (sourceId !== undefined && !sources.has(sourceId)) {
      const message = `source "${sourceId}" is neither in this file nor stored; known: ${quoteList(sources)}`;
      issues.push({ path: ['rules', i, 'source', 'sourceId'], message });
    }
  });

  listOf(raw, 'routes').forEach((route, i) => {
    const named = Array.isArray(route.channels) ? route.channels : [];
    named.forEach((channelId: unknown, j) => {
      if (typeof channelId !== 'string' || channels.has(channelId)) return;
      const message = `channel "${channelId}" is neither in this file nor stored; known: ${quoteList(channels)}`;
      issues.push({ path: ['routes', i, 'channels', j], message });
    });
  });

  listOf(raw, 'schedules').forEach((schedule, i) => {
    const id = textAt(schedule, 'id');
    const owner = [...rules].find((ruleId) => ruleScheduleId(ruleId) === id);
    if (owner !== undefined) {
      const message = `schedule id "${id}" is the evaluation schedule of rule "${owner}"; rules make their own`;
      issues.push({ path: ['schedules', i, 'id'], message });
    } else if (
      textAt(schedule, 'queue') === ALERTS_QUEUE &&
      textAt(schedule, 'job') === EVALUATE_JOB
    ) {
      const message = `schedules may not run ${EVALUATE_JOB} on ${ALERTS_QUEUE}; rules make their own evaluation schedules`;
      issues.push({ path: ['schedules', i, 'job'], message });
    }
  });

  return issues;
}

/**
 * Checks a whole document and reports every problem, not just the first: the schema, ids given
 * twice, references to sources and channels that neither the document nor the store has, and
 * `<redacted>` placeholders left from an export. A problem already reported at a path hides the
 * later checks of that path, so one mistake gives one line.
 */
export function checkDocument(
  raw: unknown,
  stored: StoredIds,
): { ok: true; document: AlertingDocument } | { ok: false; issues: DocumentIssue[] } {
  const redacted = findRedacted(raw);
  const issues: DocumentIssue[] = redacted.map((path) => ({
    path,
    message: `${JSON.stringify(REDACTED)} is a placeholder written by dipper export; put the real value here (or export with --include-secrets)`,
  }));
  const isReported = (path: DocumentPath) => issues.some((i) => startsWith(path, i.path));

  const parsed = AlertingDocumentSchema.safeParse(raw, { error: plainErrors });
  if (!parsed.success)
    issues.push(...schemaIssues(parsed.error).filter((i) => !isReported(i.path)));
  for (const issue of [...duplicateIssues(raw), ...referenceIssues(raw, stored)]) {
    if (!isReported(issue.path)) issues.push(issue);
  }

  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, document: parsed.data };
}
