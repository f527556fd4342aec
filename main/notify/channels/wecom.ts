import type { WecomChannel } from '../../../shared/alerting/channel.js';
import { expectRobotOk, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import { markdownOf } from '../render.js';
import type { Sender } from '../sender.js';

/** WeCom refuses markdown content over 4096 bytes. */
const MAX_CONTENT_BYTES = 4_000;

/** Posts a markdown message; success is `errcode: 0`. */
export const sendWecom: Sender<WecomChannel> = async (channel, notification, ctx) => {
  const url = new URL(channel.webhookUrl);
  const shownAs = describeEndpoint(url);
  const body = {
    msgtype: 'markdown',
    markdown: { content: markdownOf(notification, MAX_CONTENT_BYTES) },
  };

  const answer = await requestJson(
    {
      url,
      method: 'POST',
      body: JSON.stringify(body),
      shownAs,
      idempotencyKey: notification.idempotencyKey,
    },
    ctx,
  );
  if (!answer.ok) return answer;

  return expectRobotOk(answer.value, `POST ${shownAs}`, (b) => ({
    code: b.errcode,
    message: b.errmsg,
  }));
};
