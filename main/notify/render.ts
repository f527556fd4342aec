import type { Notification, NotificationAlert } from '../../shared/alerting/notification.js';

/** One Alert as the chat, email and desktop channels print it; every field is one line. */
export interface AlertView {
  severity: string;
  ruleName: string;
  summary: string;
  description: string;
  /** `name=value` pairs in name order. */
  labels: string[];
  value: string;
  /** `since <ISO>` while firing, `resolved <ISO>` once ended. */
  when: string;
}

/** `[FIRING:2] HighLatency (service=api)`; test Notifications start with `[TEST]`. */
export function titleOf(notification: Notification): string {
  const { badge, subject } = titlePartsOf(notification);

  return `${badge} ${subject}`;
}

/** The title in two parts: the badge is Dipper's own text, the subject comes from labels. */
export function titlePartsOf(notification: Notification): { badge: string; subject: string } {
  const { status, alerts, groupLabels, isTest } = notification;
  const count = status === 'firing' ? alerts.filter((a) => a.endsAtMs === undefined).length : 0;
  const badge = `${isTest ? '[TEST] ' : ''}[${status.toUpperCase()}${count > 1 ? `:${count}` : ''}]`;
  const names = [...new Set(alerts.map((a) => oneLine(a.ruleName)))];
  const name = names.length === 1 ? (names[0] ?? '') : `${names.length} rules`;
  const labels = pairsOf(groupLabels).filter((pair) => pair !== `alertname=${name}`);
  const group = labels.length > 0 ? ` (${labels.join(', ')})` : '';

  return { badge, subject: `${name}${group}` };
}

export function viewOf(alert: NotificationAlert): AlertView {
  const value = alert.value === null ? 'no data' : formatNumber(alert.value);
  const threshold = ` (threshold ${formatNumber(alert.threshold)})`;
  const when =
    alert.endsAtMs === undefined
      ? `since ${new Date(alert.startsAtMs).toISOString()}`
      : `resolved ${new Date(alert.endsAtMs).toISOString()}`;

  return {
    severity: oneLine(alert.severity),
    ruleName: oneLine(alert.ruleName),
    summary: oneLine(alert.annotations.summary),
    description: oneLine(alert.annotations.description),
    labels: pairsOf(alert.labels),
    value: `value ${value}${threshold}`,
    when,
  };
}

/**
 * Renders alerts with `format` until `maxBytes` of UTF-8 would pass, then says how many were
 * left out. Chat robots refuse long messages outright, so a cut message beats a lost one.
 */
export function renderAlerts(
  alerts: NotificationAlert[],
  format: (view: AlertView) => string,
  maxBytes: number,
): string {
  const parts: string[] = [];
  let used = 0;

  for (const [index, alert] of alerts.entries()) {
    const part = format(viewOf(alert));
    const bytes = byteLength(part) + 1;
    const more = `... and ${alerts.length - index} more`;
    const isLast = index === alerts.length - 1;
    if (used + bytes + (isLast ? 0 : more.length + 1) > maxBytes) {
      parts.push(more);
      break;
    }
    parts.push(part);
    used += bytes;
  }

  return parts.join('\n');
}

/** Length of `text` in UTF-8 bytes, the unit robots limit messages in. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The whole Notification as plain text: title, blank line, one block per Alert. */
export function plainTextOf(notification: Notification, maxBytes = 64 * 1024): string {
  const body = renderAlerts(
    notification.alerts,
    (v) =>
      [
        `- [${v.severity}] ${v.ruleName}: ${v.summary}`,
        v.description && `  ${v.description}`,
        v.labels.length > 0 && `  labels: ${v.labels.join(', ')}`,
        `  ${v.value}, ${v.when}`,
      ]
        .filter(Boolean)
        .join('\n'),
    maxBytes,
  );

  return `${titleOf(notification)}\n\n${body}`;
}

/**
 * Backslash-escapes what would turn label text into markup: emphasis, code, HTML, and the
 * brackets without which no link or image can form. Lines start with Dipper's own text, so
 * line-start markup (`#`, `>`, `|`) cannot come from labels.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** Markdown as DingTalk, WeCom and Feishu render it; untrusted text escaped. */
export function markdownOf(notification: Notification, maxBytes: number): string {
  const { badge, subject } = titlePartsOf(notification);
  const title = `**${badge} ${escapeMarkdown(subject)}**`;
  const body = renderAlerts(
    notification.alerts,
    (v) =>
      [
        `- **${escapeMarkdown(v.severity)}** ${escapeMarkdown(v.ruleName)}: ${escapeMarkdown(v.summary)}`,
        v.description && `  ${escapeMarkdown(v.description)}`,
        v.labels.length > 0 && `  labels: ${escapeMarkdown(v.labels.join(', '))}`,
        `  ${escapeMarkdown(v.value)}, ${v.when}`,
      ]
        .filter(Boolean)
        .join('\n'),
    maxBytes - byteLength(title) - 2,
  );

  return `${title}\n\n${body}`;
}

// No float noise: 0.30000000000000004 reads as 0.3.
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

function pairsOf(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .map((name) => oneLine(`${name}=${labels[name] ?? ''}`));
}

// Untrusted text stays on one line so it cannot break the layout of the message around it.
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}
