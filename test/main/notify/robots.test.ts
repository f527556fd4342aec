import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendNotification } from '../../../main/notify/send.js';
import {
  startHttpReceiver,
  type HttpReceiver,
  type ReceivedRequest,
} from '../../harness/http-receiver.js';
import { channelOf, firingNotification, recordingLog } from './fixtures.js';

// The receivers below check signatures the way DingTalk and Feishu document them, written out
// here rather than imported, so a wrong signature in the sender cannot pass.
const DINGTALK_TOKEN = 'dt-access-token-0123456789abcdef';
const DINGTALK_SECRET = 'SECdingtalk-secret-0123456789';
const FEISHU_HOOK = '5f1c1b1e-2b1a-4c7e-9a55-0123456789ab';
const FEISHU_SECRET = 'feishu-secret-0123456789';
const WECOM_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const SLACK_TOKEN = 'xoxb1234567890abcdefghij';
const NOW_MS = 1_704_164_945_123;

const MARKDOWN = [
  '**[FIRING] HighLatency**',
  '',
  '- **critical** HighLatency: p99 latency is 734 ms',
  '  above 500 ms for 5m',
  '  labels: instance=api-1, service=api',
  '  value 734 (threshold 500), since 2024-01-02T03:04:05.000Z',
].join('\n');

function dingtalkAnswer(secret: string) {
  return (request: ReceivedRequest) => {
    const timestamp = request.query.timestamp ?? '';
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}\n${secret}`)
      .digest('base64');
    const isFresh = Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
    return request.query.sign === expected && isFresh
      ? { status: 200, body: { errcode: 0, errmsg: 'ok' } }
      : { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
  };
}

function feishuAnswer(secret: string) {
  return (request: ReceivedRequest) => {
    const body = request.body as { timestamp?: string; sign?: string };
    const expected = createHmac('sha256', `${body.timestamp ?? ''}\n${secret}`)
      .update('')
      .digest('base64');
    const isFresh = Math.abs(Date.now() / 1_000 - Number(body.timestamp)) < 3_600;
    return body.sign === expected && isFresh
      ? { status: 200, body: { code: 0, data: {}, msg: 'success' } }
      : {
          status: 200,
          body: {
            code: 19021,
            data: {},
            msg: 'sign match fail or timestamp is not within one hour',
          },
        };
  };
}

describe('sendNotification through chat robots', () => {
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(() => {
    receiver.requests.length = 0;
  });

  describe('dingtalk', () => {
    const channel = (secret?: string) =>
      channelOf({
        id: 'dt',
        name: 'DingTalk',
        kind: 'dingtalk',
        webhookUrl: `${receiver.url}/robot/send?access_token=${DINGTALK_TOKEN}`,
        ...(secret ? { secret } : {}),
      });

    describe('when the channel has a secret', () => {
      it('signs the URL the way the robot verifies and posts a markdown message', async () => {
        receiver.respond(dingtalkAnswer(DINGTALK_SECRET));

        const result = await sendNotification(channel(DINGTALK_SECRET), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: true,
          value: { status: 200, detail: '{"errcode":0,"errmsg":"ok"}' },
        });
        const [request] = await receiver.waitForRequests(1);
        expect(request?.path).toBe('/robot/send');
        expect(Object.keys(request?.query ?? {})).toEqual(['access_token', 'timestamp', 'sign']);
        expect(request?.query.access_token).toBe(DINGTALK_TOKEN);
        expect(request?.rawUrl).toContain(`&sign=${encodeURIComponent(request?.query.sign ?? '')}`);
        expect(request?.body).toEqual({
          msgtype: 'markdown',
          markdown: { title: '[FIRING] HighLatency', text: MARKDOWN },
        });
      });
    });

    describe('when the robot answers errcode 310000', () => {
      it('fails with the robot message and neither token nor secret', async () => {
        receiver.respond(dingtalkAnswer('SECsome-other-secret'));
        const log = recordingLog();

        const result = await sendNotification(channel(DINGTALK_SECRET), firingNotification(), {
          log,
        });

        expect(result).toEqual({
          ok: false,
          code: 'BAD_REQUEST',
          status: 200,
          message: `POST ${receiver.url}/robot/send?...: robot refused with code 310000: sign not match`,
        });
        expect(log.text()).not.toContain(DINGTALK_TOKEN);
        expect(log.text()).not.toContain(DINGTALK_SECRET);
      });
    });

    describe('when the channel has no secret', () => {
      it('sends neither timestamp nor sign', async () => {
        receiver.answer({ status: 200, body: { errcode: 0, errmsg: 'ok' } });

        const result = await sendNotification(channel(), firingNotification(), {
          log: recordingLog(),
        });

        expect(result.ok).toBe(true);
        const [request] = await receiver.waitForRequests(1);
        expect(request?.query).toEqual({ access_token: DINGTALK_TOKEN });
      });
    });

    describe('when labels hold markdown', () => {
      it('escapes it so that no link or emphasis forms', async () => {
        receiver.answer({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
        const notification = firingNotification();
        const alert = notification.alerts[0];
        if (alert) {
          alert.annotations.summary = '[click me](http://evil.example) *now*';
          alert.labels = { path: '<img src=x>' };
        }

        await sendNotification(channel(), notification, { log: recordingLog() });

        const [request] = await receiver.waitForRequests(1);
        const text = (request?.body as { markdown: { text: string } }).markdown.text;
        expect(text).toContain(
          '- **critical** HighLatency: \\[click me\\](http://evil.example) \\*now\\*',
        );
        expect(text).toContain('  labels: path=\\<img src=x\\>');
      });
    });
  });

  describe('feishu', () => {
    const channel = (secret?: string) =>
      channelOf({
        id: 'fs',
        name: 'Feishu',
        kind: 'feishu',
        webhookUrl: `${receiver.url}/open-apis/bot/v2/hook/${FEISHU_HOOK}`,
        ...(secret ? { secret } : {}),
      });

    describe('when the channel has a secret', () => {
      it('posts a signed interactive card the bot verifies', async () => {
        receiver.respond(feishuAnswer(FEISHU_SECRET));

        const result = await sendNotification(channel(FEISHU_SECRET), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: true,
          value: { status: 200, detail: '{"code":0,"data":{},"msg":"success"}' },
        });
        const [request] = await receiver.waitForRequests(1);
        const body = request?.body as { timestamp: string; sign: string };
        expect(request?.path).toBe(`/open-apis/bot/v2/hook/${FEISHU_HOOK}`);
        expect(body).toEqual({
          timestamp: body.timestamp,
          sign: body.sign,
          msg_type: 'interactive',
          card: {
            config: { wide_screen_mode: true },
            header: {
              template: 'red',
              title: { tag: 'plain_text', content: '[FIRING] HighLatency' },
            },
            elements: [{ tag: 'div', text: { tag: 'lark_md', content: MARKDOWN } }],
          },
        });
        expect(body.timestamp).toMatch(/^\d{10}$/);
      });

      it('signs with the timestamp in seconds from the clock it is given', async () => {
        receiver.answer({ status: 200, body: { code: 0, msg: 'success' } });

        await sendNotification(channel(FEISHU_SECRET), firingNotification(), {
          log: recordingLog(),
          now: () => NOW_MS,
        });

        const [request] = await receiver.waitForRequests(1);
        const expectedSign = createHmac('sha256', `1704164945\n${FEISHU_SECRET}`)
          .update('')
          .digest('base64');
        expect(request?.body).toMatchObject({ timestamp: '1704164945', sign: expectedSign });
      });
    });

    describe('when the bot refuses the signature', () => {
      it('fails with its code and message, and no hook token or secret', async () => {
        receiver.respond(feishuAnswer('another-secret'));

        const result = await sendNotification(channel(FEISHU_SECRET), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: false,
          code: 'BAD_REQUEST',
          status: 200,
          message: `POST ${receiver.url}/...: robot refused with code 19021: sign match fail or timestamp is not within one hour`,
        });
      });
    });

    describe('when the Notification is resolved and the channel has no secret', () => {
      it('sends a green card without timestamp or sign', async () => {
        receiver.answer({ status: 200, body: { code: 0, msg: 'success' } });

        await sendNotification(channel(), firingNotification({ status: 'resolved' }), {
          log: recordingLog(),
        });

        const [request] = await receiver.waitForRequests(1);
        const body = request?.body as Record<string, unknown>;
        expect(Object.keys(body)).toEqual(['msg_type', 'card']);
        expect(body.card).toMatchObject({ header: { template: 'green' } });
      });
    });
  });

  describe('wecom', () => {
    const channel = () =>
      channelOf({
        id: 'wc',
        name: 'WeCom',
        kind: 'wecom',
        webhookUrl: `${receiver.url}/cgi-bin/webhook/send?key=${WECOM_KEY}`,
      });

    describe('when the robot accepts', () => {
      it('posts a markdown message to the key in the URL', async () => {
        receiver.answer({ status: 200, body: { errcode: 0, errmsg: 'ok' } });

        const result = await sendNotification(channel(), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: true,
          value: { status: 200, detail: '{"errcode":0,"errmsg":"ok"}' },
        });
        const [request] = await receiver.waitForRequests(1);
        expect(request?.path).toBe('/cgi-bin/webhook/send');
        expect(request?.query).toEqual({ key: WECOM_KEY });
        expect(request?.body).toEqual({ msgtype: 'markdown', markdown: { content: MARKDOWN } });
      });
    });

    describe('when the robot answers errcode 93000', () => {
      it('fails with errmsg and without the key', async () => {
        receiver.answer({
          status: 200,
          body: { errcode: 93000, errmsg: `invalid webhook url, key ${WECOM_KEY}` },
        });

        const result = await sendNotification(channel(), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: false,
          code: 'BAD_REQUEST',
          status: 200,
          message: `POST ${receiver.url}/cgi-bin/webhook/send?...: robot refused with code 93000: invalid webhook url, key ***`,
        });
      });
    });

    describe('when 300 Alerts would pass 4096 bytes', () => {
      it('cuts the content below the limit and says how many were left out', async () => {
        receiver.answer({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
        const base = firingNotification();
        const alert = base.alerts[0];
        if (!alert) throw new Error('fixture has no alert');
        const alerts = Array.from({ length: 300 }, (_, i) => ({
          ...alert,
          labels: { instance: `api-${i}`, region: '华东' },
        }));

        await sendNotification(channel(), { ...base, alerts }, { log: recordingLog() });

        const [request] = await receiver.waitForRequests(1);
        const content = (request?.body as { markdown: { content: string } }).markdown.content;
        expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4_096);
        expect(content).toMatch(/\n\.\.\. and \d+ more$/);
        expect(content.startsWith('**[FIRING:300] HighLatency**')).toBe(true);
      });
    });
  });

  describe('slack', () => {
    const channel = () =>
      channelOf({
        id: 'sl',
        name: 'Slack',
        kind: 'slack',
        webhookUrl: `${receiver.url}/services/T0001/B0001/${SLACK_TOKEN}`,
      });

    describe('when the webhook accepts', () => {
      it('posts text and one mrkdwn section', async () => {
        receiver.answer({ status: 200, body: 'ok' });

        const result = await sendNotification(channel(), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({ ok: true, value: { status: 200, detail: 'ok' } });
        const [request] = await receiver.waitForRequests(1);
        expect(request?.path).toBe(`/services/T0001/B0001/${SLACK_TOKEN}`);
        expect(request?.body).toEqual({
          text: '[FIRING] HighLatency',
          blocks: [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: [
                  '*[FIRING] HighLatency*',
                  '• *critical* HighLatency: p99 latency is 734 ms',
                  '   above 500 ms for 5m',
                  '   labels: instance=api-1, service=api',
                  '   value 734 (threshold 500), since 2024-01-02T03:04:05.000Z',
                ].join('\n'),
              },
            },
          ],
        });
      });
    });

    describe('when the webhook answers 404', () => {
      it('fails with the status and shows no path', async () => {
        receiver.answer({ status: 404, body: 'no_service' });

        const result = await sendNotification(channel(), firingNotification(), {
          log: recordingLog(),
        });

        expect(result).toEqual({
          ok: false,
          code: 'NOT_FOUND',
          status: 404,
          message: `POST ${receiver.url}/...: answered 404: no_service`,
        });
      });
    });
  });
});
