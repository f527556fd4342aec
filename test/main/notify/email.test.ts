import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendNotification } from '../../../main/notify/send.js';
import { startTestSmtp, type TestSmtp } from '../../harness/smtp.js';
import { channelOf, firingNotification, recordingLog } from './fixtures.js';

const PASSWORD = 'smtp-password-0123456789';

describe('sendNotification through an email channel', () => {
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp();
  });

  afterAll(async () => {
    await smtp.close();
  });

  beforeEach(() => {
    smtp.messages.length = 0;
  });

  const channel = (port: number, login = false) =>
    channelOf({
      id: 'mail',
      name: 'On-call mail',
      kind: 'email',
      smtp: {
        host: '127.0.0.1',
        port,
        secure: false,
        ...(login ? { username: 'dipper', password: PASSWORD } : {}),
      },
      from: 'Dipper <dipper@example.com>',
      to: ['oncall@example.com', 'lead@example.com'],
    });

  describe('when the server accepts the message', () => {
    it('delivers subject, both recipients, plain text and escaped HTML', async () => {
      const notification = firingNotification();
      const alert = notification.alerts[0];
      if (alert) alert.labels.path = '<script>alert(1)</script>';

      const result = await sendNotification(channel(smtp.port, true), notification, {
        log: recordingLog(),
      });

      expect(result.ok).toBe(true);
      const [mail] = await smtp.waitForMessages(1);
      expect(mail?.mailFrom).toBe('dipper@example.com');
      expect(mail?.rcptTo).toEqual(['oncall@example.com', 'lead@example.com']);
      expect(mail?.username).toBe('dipper');
      expect(mail?.subject).toBe('[FIRING] HighLatency');
      expect(mail?.headers.to).toBe('oncall@example.com, lead@example.com');
      expect(mail?.headers['x-dipper-idempotency-key']).toBe(
        'api-latency:group-1:firing:1704164945000',
      );
      expect(mail?.text.trim()).toBe(
        [
          '[FIRING] HighLatency',
          '',
          '- [critical] HighLatency: p99 latency is 734 ms',
          '  above 500 ms for 5m',
          '  labels: instance=api-1, path=<script>alert(1)</script>, service=api',
          '  value 734 (threshold 500), since 2024-01-02T03:04:05.000Z',
        ].join('\n'),
      );
      expect(mail?.html).toContain(
        'labels: <code>instance=api-1, path=&#60;script&#62;alert(1)&#60;/script&#62;, service=api</code>',
      );
      expect(mail?.html).not.toContain('<script>');
    });
  });

  describe('when the server refuses the login', () => {
    it('fails with FORBIDDEN and never shows the password', async () => {
      const refusing = await startTestSmtp();
      refusing.rejectLogins();
      const log = recordingLog();

      const result = await sendNotification(channel(refusing.port, true), firingNotification(), {
        log,
      });
      await refusing.close();

      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : result.code).toBe('FORBIDDEN');
      expect(result.ok ? '' : result.message).toMatch(/^smtp 127\.0\.0\.1:\d+: EAUTH 535: /);
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      expect(log.text()).not.toContain(PASSWORD);
      expect(refusing.messages).toHaveLength(0);
    });
  });

  describe('when the server accepts the connection but never greets', () => {
    let silent: Server;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails with TIMEOUT at the deadline', async () => {
      const { port } = silent.address() as AddressInfo;
      const startedAt = Date.now();

      const result = await sendNotification(channel(port), firingNotification(), {
        log: recordingLog(),
        timeoutMs: 300,
      });

      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `smtp 127.0.0.1:${port}: no answer within 300 ms`,
      });
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    });
  });
});
