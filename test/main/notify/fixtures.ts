import type { Channel, ChannelInput } from '../../../shared/alerting/channel.js';
import { ChannelSchema } from '../../../shared/alerting/channel.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import type { Logger } from '../../../main/log/logger.js';

/** 2024-01-02T03:04:05.000Z */
export const STARTS_AT_MS = Date.UTC(2024, 0, 2, 3, 4, 5);
/** 2024-01-02T03:09:05.000Z */
export const SENT_AT_MS = Date.UTC(2024, 0, 2, 3, 9, 5);

/** One firing Alert of HighLatency on api-1. */
export function firingNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    idempotencyKey: 'api-latency:group-1:firing:1704164945000',
    status: 'firing',
    groupKey: '{}:{alertname="HighLatency"}',
    groupLabels: { alertname: 'HighLatency' },
    alerts: [
      {
        ruleId: 'api-latency',
        ruleName: 'HighLatency',
        seriesKey: 'instance="api-1",service="api"',
        labels: { instance: 'api-1', service: 'api' },
        annotations: { summary: 'p99 latency is 734 ms', description: 'above 500 ms for 5m' },
        severity: 'critical',
        state: 'firing',
        value: 734,
        threshold: 500,
        startsAtMs: STARTS_AT_MS,
      },
    ],
    sentAtMs: SENT_AT_MS,
    ...overrides,
  };
}

/** The same Alert, resolved two minutes before the Notification was sent. */
export function resolvedNotification(): Notification {
  const firing = firingNotification();
  const alert = firing.alerts[0];
  if (!alert) throw new Error('fixture has no alert');

  return {
    ...firing,
    idempotencyKey: 'api-latency:group-1:resolved:1704164945000',
    status: 'resolved',
    alerts: [{ ...alert, state: 'resolved', value: 120, endsAtMs: SENT_AT_MS - 120_000 }],
  };
}

/** Parses a channel as the store would, so tests use the validated shape. */
export function channelOf(input: ChannelInput): Channel {
  return ChannelSchema.parse(input);
}

/** A log line as a test sees it. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  ctx: Record<string, unknown>;
}

/** A logger that keeps every line, to check what is (and is not) logged. */
export function recordingLog(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (msg: string, ctx: Record<string, unknown> = {}) =>
      entries.push({ level, msg, ctx });
  const log: Logger & { entries: LogEntry[]; text(): string } = {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => log,
    text: () => entries.map((e) => `${e.msg} ${JSON.stringify(e.ctx)}`).join('\n'),
  };

  return log;
}
