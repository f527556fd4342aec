import type { WebhookChannel } from '../../../shared/alerting/channel.js';
import { expect2xx, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import type { Sender } from '../sender.js';
import { renderBodyTemplate } from '../body-template.js';

/** Sends the Notification as JSON, or the channel's body template filled in. */
export const sendWebhook: Sender<WebhookChannel> = async (channel, notification, ctx) => {
  const url = new URL(channel.url);
  const shownAs = describeEndpoint(url);
  const body = channel.bodyTemplate
    ? renderBodyTemplate(channel.bodyTemplate, notification)
    : JSON.stringify(notification);

  const answer = await requestJson(
    {
      url,
      method: channel.method,
      headers: channel.headers ?? {},
      body,
      shownAs,
      idempotencyKey: notification.idempotencyKey,
    },
    ctx,
  );
  if (!answer.ok) return answer;

  return expect2xx(answer.value, `${channel.method} ${shownAs}`);
};
