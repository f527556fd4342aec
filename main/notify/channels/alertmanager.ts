import type { AlertmanagerChannel } from '../../../shared/alerting/channel.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import { expect2xx, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import type { Sender } from '../sender.js';

/** One element of Alertmanager's v2 `postableAlerts`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601; set once the Alert resolved, so Alertmanager resolves it too. */
  endsAt?: string;
}

/** The v2 API path, appended to the channel's base URL. */
export const ALERTS_PATH = 'api/v2/alerts';

/**
 * The Alerts as Alertmanager takes them. `alertname` and `severity` labels are added from the
 * Rule unless the Alert's labels already have them; empty annotations are left out.
 */
export function postableAlertsOf(notification: Notification): PostableAlert[] {
  return notification.alerts.map((alert) => {
    const annotations = Object.fromEntries(
      Object.entries(alert.annotations).filter(([, text]) => text !== ''),
    );
    // A resolved Notification resolves every Alert in it, even one without its own end time.
    const endsAtMs =
      alert.endsAtMs ?? (notification.status === 'resolved' ? notification.sentAtMs : undefined);

    return {
      labels: { alertname: alert.ruleName, severity: alert.severity, ...alert.labels },
      annotations,
      startsAt: new Date(alert.startsAtMs).toISOString(),
      ...(endsAtMs === undefined ? {} : { endsAt: new Date(endsAtMs).toISOString() }),
    };
  });
}

export function alertsUrlOf(channel: AlertmanagerChannel): URL {
  const base = new URL(channel.url);
  if (base.pathname.endsWith(`/${ALERTS_PATH}`)) return base;
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;

  return new URL(ALERTS_PATH, base);
}

export const sendAlertmanager: Sender<AlertmanagerChannel> = async (channel, notification, ctx) => {
  const url = alertsUrlOf(channel);
  const shownAs = describeEndpoint(url);

  const answer = await requestJson(
    {
      url,
      method: 'POST',
      headers: channel.headers ?? {},
      body: JSON.stringify(postableAlertsOf(notification)),
      shownAs,
      idempotencyKey: notification.idempotencyKey,
    },
    ctx,
  );
  if (!answer.ok) return answer;

  return expect2xx(answer.value, `POST ${shownAs}`);
};
