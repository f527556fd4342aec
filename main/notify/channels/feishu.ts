import { createHmac } from 'node:crypto';
import type { FeishuChannel } from '../../../shared/alerting/channel.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import { expectRobotOk, requestJson } from '../http.js';
import { describeEndpoint } from '../redact.js';
import { markdownOf, titleOf } from '../render.js';
import type { Sender } from '../sender.js';

/** Feishu refuses request bodies over 20 KB; the card around the text needs some of it. */
const MAX_TEXT_BYTES = 18_000;

/**
 * Feishu's custom bot signature: base64 HMAC-SHA256 of an empty message, keyed by
 * `${timestampSeconds}\n${secret}`.
 */
export function signFeishu(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/** The interactive card: a coloured header and the Alerts as lark_md. */
export function feishuCardOf(notification: Notification) {
  const template = notification.isTest
    ? 'blue'
    : notification.status === 'firing'
      ? 'red'
      : 'green';

  return {
    config: { wide_screen_mode: true },
    header: { template, title: { tag: 'plain_text', content: titleOf(notification) } },
    elements: [
      { tag: 'div', text: { tag: 'lark_md', content: markdownOf(notification, MAX_TEXT_BYTES) } },
    ],
  };
}

/** Posts an interactive card; success is `code: 0` (`StatusCode: 0` on older deployments). */
export const sendFeishu: Sender<FeishuChannel> = async (channel, notification, ctx) => {
  const url = new URL(channel.webhookUrl);
  const shownAs = describeEndpoint(url, true);
  const timestampSec = Math.floor(ctx.nowMs / 1_000);
  const signature = channel.secret
    ? { timestamp: String(timestampSec), sign: signFeishu(channel.secret, timestampSec) }
    : {};
  const body = { ...signature, msg_type: 'interactive', card: feishuCardOf(notification) };

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

  return expectRobotOk(answer.value, `POST ${shownAs}`, (b) =>
    'code' in b
      ? { code: b.code, message: b.msg }
      : { code: b.StatusCode, message: b.StatusMessage },
  );
};
