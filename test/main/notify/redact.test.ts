import { describe, expect, it } from 'vitest';
import { describeEndpoint, redact, secretsOf } from '../../../main/notify/redact.js';
import { channelOf } from './fixtures.js';

describe('redact', () => {
  describe('when text quotes a signing secret raw and URL-encoded', () => {
    it('blanks out both', () => {
      const channel = channelOf({
        id: 'dt',
        name: 'DingTalk',
        kind: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=tok0123456789',
        secret: 'SEC a+b/c=d',
      });

      const text = redact(
        'sign for SEC a+b/c=d is SEC%20a%2Bb%2Fc%3Dd via tok0123456789',
        secretsOf(channel),
      );

      expect(text).toBe('sign for *** is *** via ***');
    });
  });

  describe('when a webhook path holds a token', () => {
    it('blanks the token and keeps plain words', () => {
      const channel = channelOf({
        id: 'hook',
        name: 'Hook',
        kind: 'webhook',
        url: 'https://chat.example.com/api/notifications-incoming/7a1b9c0d2e3f4a5b6c7d',
      });

      const text = redact(
        'POST https://chat.example.com/api/notifications-incoming/7a1b9c0d2e3f4a5b6c7d: 404',
        secretsOf(channel),
      );

      expect(text).toBe('POST https://chat.example.com/api/notifications-incoming/***: 404');
    });
  });
});

describe('describeEndpoint', () => {
  it('drops the query string, and the path when asked', () => {
    const url = new URL('https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');

    expect(describeEndpoint(url)).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?...');
    expect(describeEndpoint(url, true)).toBe('https://qyapi.weixin.qq.com/...');
  });
});
