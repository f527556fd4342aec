import { createHmac } from 'node:crypto';
import type { DingtalkChannel } from '../../../shared/alerting/channel.js';
import { expectRobotOk, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import { markdownOf, titleOf } from '../render.js';
import type { Sender } from '../sender.js';

/** DingTalk refuses markdown text beyond about 20000 bytes. */
const MAX_TEXT_BYTES = 18_000;

/** DingTalk's robot signature: base64 HMAC-SHA256 of `${timestampMs}\n${secret}`, keyed by the secret. */
export function signDingtalk(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Posts a markdown message; success is `errcode: 0`. */
export const sendDingtalk: Sender<DingtalkChannel> = async (channel, notification, ctx) => {
  const url = new URL(channel.webhookUrl);
  const shownAs = describeEndpoint(url);
  if (channel.secret) {
    // URLSearchParams encodes the base64 `+`, `/` and `=` as DingTalk expects.
    url.searchParams.set('timestamp', String(ctx.nowMs));
    url.searchParams.set('sign', signDingtalk(channel.secret, ctx.nowMs));
  }
  const body = {
    msgtype: 'markdown',
    markdown: { title: titleOf(notification), text: markdownOf(notification, MAX_TEXT_BYTES) },
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
