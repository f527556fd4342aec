import { describe, expect, it } from 'vitest';
import { sendNotification, type DesktopNotice } from '../../../main/notify/send.js';
import { channelOf, firingNotification, recordingLog } from './fixtures.js';

describe('sendNotification through a desktop channel', () => {
  describe('when the desktop shell is there', () => {
    it('hands it the title and plain text of the matching Alerts', async () => {
      const notices: DesktopNotice[] = [];
      const channel = channelOf({
        id: 'desk',
        name: 'Desktop',
        kind: 'desktop',
        labelFilter: { service: 'api' },
      });

      const result = await sendNotification(channel, firingNotification(), {
        log: recordingLog(),
        showDesktop: (notice) => {
          notices.push(notice);
        },
      });

      expect(result).toEqual({ ok: true, value: { detail: 'shown' } });
      expect(notices).toEqual([
        {
          channelId: 'desk',
          idempotencyKey: 'api-latency:group-1:firing:1704164945000',
          status: 'firing',
          title: '[FIRING] HighLatency',
          body: [
            '[FIRING] HighLatency',
            '',
            '- [critical] HighLatency: p99 latency is 734 ms',
            '  above 500 ms for 5m',
            '  labels: instance=api-1, service=api',
            '  value 734 (threshold 500), since 2024-01-02T03:04:05.000Z',
          ].join('\n'),
          alertCount: 1,
          isTest: false,
          alerts: [
            {
              ruleId: 'api-latency',
              seriesKey: 'instance="api-1",service="api"',
              labels: { instance: 'api-1', service: 'api' },
            },
          ],
        },
      ]);
    });
  });

  describe('when no Alert matches the label filter', () => {
    it('shows nothing and says so', async () => {
      const notices: DesktopNotice[] = [];
      const channel = channelOf({
        id: 'desk',
        name: 'Desktop',
        kind: 'desktop',
        labelFilter: { service: 'billing' },
      });

      const result = await sendNotification(channel, firingNotification(), {
        log: recordingLog(),
        showDesktop: (notice) => {
          notices.push(notice);
        },
      });

      expect(result).toEqual({ ok: true, value: { detail: 'no alert matches the label filter' } });
      expect(notices).toEqual([]);
    });
  });

  describe('when the node is headless', () => {
    it('logs the hand-off at info without the body', async () => {
      const log = recordingLog();
      const channel = channelOf({ id: 'desk', name: 'Desktop', kind: 'desktop' });

      const result = await sendNotification(channel, firingNotification(), { log });

      expect(result).toEqual({ ok: true, value: { detail: 'headless node: logged, not shown' } });
      expect(log.entries.filter((e) => e.level === 'info')).toEqual([
        {
          level: 'info',
          msg: 'desktop notification not shown: headless node',
          ctx: {
            channelId: 'desk',
            idempotencyKey: 'api-latency:group-1:firing:1704164945000',
            status: 'firing',
            alertCount: 1,
          },
        },
      ]);
      expect(log.text()).not.toContain('p99 latency');
    });
  });

  describe('when the shell throws', () => {
    it('fails with INTERNAL and the shell message', async () => {
      const channel = channelOf({ id: 'desk', name: 'Desktop', kind: 'desktop' });

      const result = await sendNotification(channel, firingNotification(), {
        log: recordingLog(),
        showDesktop: () => {
          throw new Error('notifications are not supported');
        },
      });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'desktop shell refused the notification: notifications are not supported',
      });
    });
  });
});
