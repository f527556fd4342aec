import type { Rule } from '../../../shared/alerting/rule.js';
import type { Issues } from '../../lib/issues.js';

/** The editor's fields as typed; numbers stay text until the draft is built. */
export interface RuleForm {
  id: string;
  name: string;
  sourceId: string;
  query: string;
  op: Rule['condition']['op'];
  threshold: string;
  /** Empty: no hysteresis. */
  resolveThreshold: string;
  cron: string;
  tz: string;
  forMs: string;
  keepFiringForMs: string;
  /** One `name=value` per line. */
  labels: string;
  severity: Rule['severity'];
  summary: string;
  description: string;
  noData: Rule['noData'];
  onError: Rule['onError'];
  spread: boolean;
  enabled: boolean;
}

export function emptyRuleForm(): RuleForm {
  return {
    id: '',
    name: '',
    sourceId: '',
    query: '',
    op: '>',
    threshold: '',
    resolveThreshold: '',
    cron: '* * * * *',
    tz: 'UTC',
    forMs: '0',
    keepFiringForMs: '0',
    labels: '',
    severity: 'warning',
    summary: '',
    description: '',
    noData: 'nodata',
    onError: 'error',
    spread: false,
    enabled: true,
  };
}

export function ruleFormOf(rule: Rule): RuleForm {
  return {
    id: rule.id,
    name: rule.name,
    sourceId: rule.source.sourceId,
    query: rule.source.query,
    op: rule.condition.op,
    threshold: String(rule.condition.threshold),
    resolveThreshold:
      rule.condition.resolveThreshold === undefined ? '' : String(rule.condition.resolveThreshold),
    cron: rule.evaluate.cron,
    tz: rule.evaluate.tz,
    forMs: String(rule.forMs),
    keepFiringForMs: String(rule.keepFiringForMs),
    labels: Object.entries(rule.labels)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
    severity: rule.severity,
    summary: rule.summary,
    description: rule.description,
    noData: rule.noData,
    onError: rule.onError,
    spread: rule.spread,
    enabled: rule.enabled,
  };
}

/** A number field's text as a number; other text goes as is, for the schema to name. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** `name=value` lines as labels, and the lines that are not of that form. */
function labelsOf(text: string): { labels: Record<string, string>; issues: Issues } {
  const labels: Record<string, string> = {};
  const issues: Issues = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) {
      const message = `label line ${JSON.stringify(line)} is not name=value`;
      issues.push({ path: 'labels', message });
      continue;
    }
    labels[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }

  return { labels, issues };
}

/** The draft sent to main and what is wrong with the label lines before the schema sees them. */
export function ruleDraftOf(form: RuleForm): {
  draft: Record<string, unknown>;
  formIssues: Issues;
} {
  const { labels, issues } = labelsOf(form.labels);
  const condition: Record<string, unknown> = { op: form.op, threshold: numberOf(form.threshold) };
  if (form.resolveThreshold.trim() !== '') {
    condition.resolveThreshold = numberOf(form.resolveThreshold);
  }

  const draft: Record<string, unknown> = {
    id: form.id.trim(),
    name: form.name,
    source: { sourceId: form.sourceId.trim(), query: form.query },
    condition,
    evaluate: { cron: form.cron.trim(), tz: form.tz.trim() },
    forMs: numberOf(form.forMs),
    keepFiringForMs: numberOf(form.keepFiringForMs),
    labels,
    severity: form.severity,
    summary: form.summary,
    description: form.description,
    noData: form.noData,
    onError: form.onError,
    spread: form.spread,
    enabled: form.enabled,
  };

  return { draft, formIssues: issues };
}
