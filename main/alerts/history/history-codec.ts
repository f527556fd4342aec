import type { AlertState } from '../../../shared/alerting/alert.js';
import type {
  HistoryRecord,
  NotificationRecord,
  SilenceRecord,
} from '../../../shared/alerting/history.js';
import type { Severity } from '../../../shared/alerting/rule.js';
import type { Labels } from '../../../shared/alerting/series.js';

// Stream entries are kept small (docs/alerting.md measures them): one-letter codes, labels as
// `k=v,k=v` instead of JSON, and the same fields in the same order for every entry of a kind,
// which lets Redis store the field names once per stream node instead of once per entry.

const STATE_CODES: Record<AlertState, string> = {
  normal: 'n',
  pending: 'p',
  firing: 'f',
  resolved: 'r',
  nodata: 'd',
  error: 'e',
};
const SEVERITY_CODES: Record<Severity, string> = { critical: 'c', warning: 'w', info: 'i' };
const SILENCE_CODES = { created: 'c', expired: 'x', removed: 'd' } as const;

function invert<K extends string>(codes: Record<K, string>): Map<string, K> {
  return new Map(Object.entries<string>(codes).map(([name, code]) => [code, name as K]));
}

const STATES = invert(STATE_CODES);
const SEVERITIES = invert(SEVERITY_CODES);
const SILENCE_EVENTS = invert(SILENCE_CODES);

/** Longest notification error kept, in characters. */
export const MAX_HISTORY_ERROR_LENGTH = 200;

/** Labels as `name=value,...` in name order, with `\`, `,` and `=` escaped by a backslash. */
export function encodeLabels(labels: Labels): string {
  const escape = (text: string) => text.replace(/[\\,=]/g, (c) => `\\${c}`);
  return Object.keys(labels)
    .sort()
    .map((name) => `${escape(name)}=${escape(labels[name] ?? '')}`)
    .join(',');
}

export function decodeLabels(text: string): Labels {
  const labels: Labels = {};
  let name: string | null = null;
  let current = '';

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') current += text[++i] ?? '';
    else if (c === '=' && name === null) [name, current] = [current, ''];
    else if (c === ',') {
      if (name !== null) labels[name] = current;
      [name, current] = [null, ''];
    } else current += c;
  }
  if (name !== null) labels[name] = current;

  return labels;
}

/** The stream fields of a record, always in the same order for one kind. */
export function encodeRecord(record: HistoryRecord): string[] {
  switch (record.kind) {
    case 'transition':
      return [
        ...['k', 't', 'r', record.ruleId, 'l', encodeLabels(record.labels)],
        ...['f', STATE_CODES[record.from], 's', STATE_CODES[record.to]],
        ...['v', record.value === null ? '' : String(record.value), 'th', String(record.threshold)],
        ...['sv', SEVERITY_CODES[record.severity]],
      ];
    case 'notification':
      return [
        ...['k', 'n', 'r', record.ruleId ?? '', 'l', encodeLabels(record.labels)],
        ...['sv', record.severity ? SEVERITY_CODES[record.severity] : '', 'c', record.channel],
        ...[
          'st',
          record.status === 'firing' ? 'f' : 'r',
          'o',
          record.outcome === 'sent' ? 's' : 'f',
        ],
        ...['e', (record.error ?? '').slice(0, MAX_HISTORY_ERROR_LENGTH)],
        ...['n', String(record.alerts)],
      ];
    case 'silence':
      return [
        ...['k', 's', 'i', record.silenceId, 'ev', SILENCE_CODES[record.event]],
        ...['m', record.matchers, 'by', record.by ?? ''],
        ...['end', record.endsAtMs === undefined ? '' : String(record.endsAtMs)],
      ];
    case 'ack':
      return [
        ...['k', 'a', 'r', record.ruleId, 'l', encodeLabels(record.labels)],
        ...['sv', SEVERITY_CODES[record.severity], 'by', record.by],
      ];
  }
}

/** The record of a stream entry, or null when it is not one this version writes. */
export function decodeRecord(id: string, fields: string[]): HistoryRecord | null {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i] ?? '', fields[i + 1] ?? '');
  // Entries written late carry their own time; the id holds the stream's time (see the store).
  const atMs = Number(f.get('at') ?? id.split('-')[0]);
  const text = (name: string) => f.get(name) ?? '';
  const optional = (name: string) => (text(name) === '' ? undefined : text(name));
  const severity = SEVERITIES.get(text('sv'));

  switch (text('k')) {
    case 't': {
      const from = STATES.get(text('f'));
      const to = STATES.get(text('s'));
      if (!from || !to || !severity) return null;
      const value = text('v') === '' ? null : Number(text('v'));
      const labels = decodeLabels(text('l'));
      const threshold = Number(text('th'));
      return {
        kind: 'transition',
        atMs,
        ruleId: text('r'),
        labels,
        from,
        to,
        value,
        threshold,
        severity,
      };
    }
    case 'n':
      return withoutUndefined<NotificationRecord>({
        kind: 'notification',
        atMs,
        ruleId: optional('r'),
        labels: decodeLabels(text('l')),
        severity,
        channel: text('c'),
        status: text('st') === 'f' ? 'firing' : 'resolved',
        outcome: text('o') === 's' ? 'sent' : 'failed',
        error: optional('e'),
        alerts: Number(text('n')),
      });
    case 's': {
      const event = SILENCE_EVENTS.get(text('ev'));
      if (!event) return null;
      const end = optional('end');
      return withoutUndefined<SilenceRecord>({
        kind: 'silence',
        atMs,
        silenceId: text('i'),
        event,
        matchers: text('m'),
        by: optional('by'),
        endsAtMs: end === undefined ? undefined : Number(end),
      });
    }
    case 'a':
      if (!severity) return null;
      return {
        kind: 'ack',
        atMs,
        ruleId: text('r'),
        labels: decodeLabels(text('l')),
        severity,
        by: text('by'),
      };
    default:
      return null;
  }
}

/** Drops optional fields that are absent, so records compare equal to what was written. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
