import { describe, expect, it } from 'vitest';
import { ChannelSchema } from '../../../shared/alerting/channel.js';
import { NotificationSchema } from '../../../shared/alerting/notification.js';
import { parseWith } from '../../../shared/validation.js';
import { firingNotification } from './fixtures.js';

function messageOf(input: unknown): string {
  const parsed = parseWith(ChannelSchema, input, 'channel');
  return parsed.ok ? '(valid)' : parsed.message;
}

describe('ChannelSchema', () => {
  describe('when a webhook channel gives only the required fields', () => {
    it('fills in enabled and method', () => {
      const parsed = ChannelSchema.parse({
        id: 'ops',
        name: 'Ops',
        kind: 'webhook',
        url: 'https://hooks.example.com/in',
      });

      expect(parsed).toEqual({
        id: 'ops',
        name: 'Ops',
        kind: 'webhook',
        url: 'https://hooks.example.com/in',
        method: 'POST',
        enabled: true,
      });
    });
  });

  describe('when the kind is unknown', () => {
    it('lists the kinds', () => {
      expect(messageOf({ id: 'x', name: 'X', kind: 'pagerduty' })).toBe(
        'invalid channel: kind: kind must be one of webhook, slack, dingtalk, feishu, wecom, email, desktop, alertmanager; got "pagerduty"',
      );
    });
  });

  describe('when a key belongs to another kind', () => {
    it('names the key and the accepted ones', () => {
      expect(
        messageOf({
          id: 'sl',
          name: 'Slack',
          kind: 'slack',
          webhookUrl: 'https://hooks.slack.com/services/T/B/x',
          secret: 'abc',
        }),
      ).toBe(
        'invalid channel: (root): unknown key "secret"; expected only id, name, enabled, kind, webhookUrl',
      );
    });
  });

  describe('when a robot URL is not http(s)', () => {
    it('refuses it without quoting the URL', () => {
      const message = messageOf({
        id: 'dt',
        name: 'DingTalk',
        kind: 'dingtalk',
        webhookUrl: 'ftp://oapi.dingtalk.com/robot/send?access_token=tok-secret',
      });

      expect(message).toBe(
        'invalid channel: webhookUrl: webhookUrl must be an absolute http or https URL',
      );
    });
  });

  describe('when a body template is not JSON or names an unknown field', () => {
    it('says which', () => {
      const base = { id: 'w', name: 'W', kind: 'webhook', url: 'http://x.example/' };

      expect(messageOf({ ...base, bodyTemplate: '{"text": {{title}}}' })).toMatch(
        /^invalid channel: bodyTemplate: bodyTemplate must be JSON text \(placeholders go inside strings\): /,
      );
      expect(messageOf({ ...base, bodyTemplate: '{"text": "{{ secrets.token }}"}' })).toBe(
        'invalid channel: bodyTemplate: bodyTemplate placeholder "{{ secrets.token }}" starts with "secrets"; expected one of idempotencyKey, status, groupKey, groupLabels, alerts, sentAtMs, isTest, title, text',
      );
    });
  });

  describe('when an email channel has a password without a username', () => {
    it('asks for the username', () => {
      expect(
        messageOf({
          id: 'mail',
          name: 'Mail',
          kind: 'email',
          smtp: { host: 'smtp.example.com', port: 587, secure: false, password: 'pw' },
          from: 'Dipper <dipper@example.com>',
          to: ['ops@example.com'],
        }),
      ).toBe('invalid channel: smtp.username: smtp.password needs smtp.username');
    });
  });

  describe('when an email recipient is not an address', () => {
    it('quotes it', () => {
      expect(
        messageOf({
          id: 'mail',
          name: 'Mail',
          kind: 'email',
          smtp: { host: 'smtp.example.com', port: 587, secure: false },
          from: 'dipper@example.com',
          to: ['ops team'],
        }),
      ).toBe('invalid channel: to.0: expected an address such as ops@example.com; got "ops team"');
    });
  });
});

describe('NotificationSchema', () => {
  describe('when a newer node added a field', () => {
    it('accepts the Notification and drops the field', () => {
      const parsed = NotificationSchema.parse({ ...firingNotification(), traceId: 'abc' });

      expect(parsed).toEqual(firingNotification());
    });
  });

  describe('when the idempotency key holds a space', () => {
    it('refuses it', () => {
      const parsed = parseWith(
        NotificationSchema,
        firingNotification({ idempotencyKey: 'a b' }),
        'notification',
      );

      expect(parsed.ok ? '' : parsed.message).toBe(
        'invalid notification: idempotencyKey: idempotencyKey must be printable ASCII without spaces',
      );
    });
  });
});
