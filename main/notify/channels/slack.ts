import type { SlackChannel } from '../../../shared/alerting/channel.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import { expect2xx, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import { byteLength, renderAlerts, titleOf } from '../render.js';
import type { Sender } from '../sender.js';

/** Slack caps a section's text at 3000 characters; counting bytes stays below that. */
const MAX_SECTION_BYTES = 3_000;

/** The body of a Slack-compatible incoming webhook. */
export function slackBodyOf(notification: Notification): {
  text: string;
  blocks: { type: 'section'; text: { type: 'mrkdwn'; text: string } }[];
} {
  const title = escapeSlack(titleOf(notification));
  const header = `*${title}*`;
  const alerts = renderAlerts(
    notification.alerts,
    (v) =>
      [
        `• *${escapeSlack(v.severity)}* ${escapeSlack(v.ruleName)}: ${escapeSlack(v.summary)}`,
        v.description && `   ${escapeSlack(v.description)}`,
        v.labels.length > 0 && `   labels: ${escapeSlack(v.labels.join(', '))}`,
        `   ${escapeSlack(v.value)}, ${v.when}`,
      ]
        .filter(Boolean)
        .join('\n'),
    MAX_SECTION_BYTES - byteLength(header) - 1,
  );

  // `text` is what notifications and clients without blocks show.
  return {
    text: title,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${header}\n${alerts}` } }],
  };
}

export const sendSlack: Sender<SlackChannel> = async (channel, notification, ctx) => {
  const url = new URL(channel.webhookUrl);
  const shownAs = describeEndpoint(url, true);

  const answer = await requestJson(
    {
      url,
      method: 'POST',
      body: JSON.stringify(slackBodyOf(notification)),
      shownAs,
      idempotencyKey: notification.idempotencyKey,
    },
    ctx,
  );
  if (!answer.ok) return answer;

  return expect2xx(answer.value, `POST ${shownAs}`);
};

// Slack's mrkdwn needs only these three escaped; everything else is shown as typed.
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
