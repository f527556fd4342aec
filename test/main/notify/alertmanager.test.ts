import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendNotification } from '../../../main/notify/send.js';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { channelOf, firingNotification, recordingLog, resolvedNotification } from './fixtures.js';

describe('sendNotification through an alertmanager channel', () => {
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 200, body: '' });
  });

  const channel = (path = '') =>
    channelOf({
      id: 'am',
      name: 'Alertmanager',
      kind: 'alertmanager',
      url: `${receiver.url}${path}`,
      headers: { Authorization: 'Basic YW06c2VjcmV0LXBhc3N3b3Jk' },
    });

  describe('when the Alert is firing', () => {
    it('posts v2 postable alerts with an ISO startsAt and no endsAt', async () => {
      const result = await sendNotification(channel(), firingNotification(), {
        log: recordingLog(),
      });

      expect(result).toEqual({ ok: true, value: { status: 200 } });
      const [request] = await receiver.waitForRequests(1);
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/api/v2/alerts');
      expect(request?.headers.authorization).toBe('Basic YW06c2VjcmV0LXBhc3N3b3Jk');
      expect(request?.body).toEqual([
        {
          labels: {
            alertname: 'HighLatency',
            severity: 'critical',
            instance: 'api-1',
            service: 'api',
          },
          annotations: { summary: 'p99 latency is 734 ms', description: 'above 500 ms for 5m' },
          startsAt: '2024-01-02T03:04:05.000Z',
        },
      ]);
    });
  });

  describe('when the Alert resolved', () => {
    it('carries endsAt, the time it resolved', async () => {
      await sendNotification(channel('/am/'), resolvedNotification(), { log: recordingLog() });

      const [request] = await receiver.waitForRequests(1);
      expect(request?.path).toBe('/am/api/v2/alerts');
      expect(request?.body).toEqual([
        {
          labels: {
            alertname: 'HighLatency',
            severity: 'critical',
            instance: 'api-1',
            service: 'api',
          },
          annotations: { summary: 'p99 latency is 734 ms', description: 'above 500 ms for 5m' },
          startsAt: '2024-01-02T03:04:05.000Z',
          endsAt: '2024-01-02T03:07:05.000Z',
        },
      ]);
    });
  });

  describe('when the URL already ends in the API path and the labels name the alert', () => {
    it('uses the URL as given and keeps the Alert labels over the added ones', async () => {
      const notification = firingNotification();
      const alert = notification.alerts[0];
      if (alert) {
        alert.labels = { alertname: 'ApiLatencyP99', severity: 'page' };
        alert.annotations.description = '';
      }

      await sendNotification(channel('/api/v2/alerts'), notification, { log: recordingLog() });

      const [request] = await receiver.waitForRequests(1);
      expect(request?.path).toBe('/api/v2/alerts');
      expect(request?.body).toEqual([
        {
          labels: { alertname: 'ApiLatencyP99', severity: 'page' },
          annotations: { summary: 'p99 latency is 734 ms' },
          startsAt: '2024-01-02T03:04:05.000Z',
        },
      ]);
    });
  });

  describe('when Alertmanager refuses the alerts', () => {
    it('fails with the status, the excerpt and no credentials', async () => {
      receiver.answer({
        status: 400,
        body: { code: 400, message: 'start time must be before end time' },
      });

      const result = await sendNotification(channel(), resolvedNotification(), {
        log: recordingLog(),
      });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        status: 400,
        message: `POST ${receiver.url}/api/v2/alerts: answered 400: {"code":400,"message":"start time must be before end time"}`,
      });
    });
  });
});
